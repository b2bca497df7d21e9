import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** One upload of a spreadsheet into a registry: parsed, previewed, then applied atomically. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    registry: text('registry').notNull(),
    status: text('status').notNull(),
    fileName: text('file_name').notNull(),
    /** Source column → registry field. */
    mapping: jsonb('mapping')
      .notNull()
      .default(sql`'{}'::jsonb`),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    insertedRows: integer('inserted_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** [{row, column, value, reason}] — the validation report. */
    errors: jsonb('errors')
      .notNull()
      .default(sql`'[]'::jsonb`),
    areaPath: text('area_path'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_created_idx').on(t.createdBy, t.createdAt)],
);

/** Parsed rows of a job, kept until it is applied, so a 100,000-row file is not held in memory. */
export const importRows = pgTable(
  'import_rows',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

/**
 * What an apply written in several short transactions changed, so a failure (or a stop) can put every
 * row back: inserted rows are deleted, updated rows get their sealed before-image again. Emptied when
 * the apply succeeds or has been undone.
 */
export const importUndo = pgTable(
  'import_undo',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** person | org | org_status_history */
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    inserted: boolean('inserted').notNull(),
    /** The row before the apply, sealed with the PII cipher ({c}); null for inserted rows. */
    before: jsonb('before'),
    /** The version the apply wrote, so an undo can tell a later edit by someone else. */
    appliedVersion: integer('applied_version'),
  },
  (t) => [index('import_undo_job_idx').on(t.jobId, t.id)],
);
