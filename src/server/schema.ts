// Every Drizzle table of the application, for the client and for drizzle-kit's migration generator.
export * from './core/db/core.tables.ts';
export * from './modules/areas/areas.tables.ts';
export * from './modules/orgs/orgs.tables.ts';
export * from './modules/people/people.tables.ts';
export * from './modules/staff/staff.tables.ts';
export * from './modules/imports/imports.tables.ts';
export * from './modules/cases/cases.tables.ts';
export * from './modules/notifications/notifications.tables.ts';
export * from './modules/records/records.tables.ts';
export * from './modules/dashboard/dashboard.tables.ts';
