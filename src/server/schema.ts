// Every Drizzle table of the application, for the client and for drizzle-kit's migration generator.
export * from './core/db/core.tables.ts';
export * from './modules/areas/areas.tables.ts';
