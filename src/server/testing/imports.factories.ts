import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { creditCodeWithCheck, residentIdWithCheck } from '../../shared/identifiers.ts';
import type { App } from '../app.ts';
import type { Session } from './factories.ts';

type Cell = string | number | boolean | null;

/** A fresh 6-digit region prefix, so each test's ID numbers are its own. */
export function idPrefix(): string {
  return String(randomInt(110000, 999999));
}

/** The i-th valid resident ID under a prefix (distinct for i < 3,650,000). */
export function residentId(prefix: string, i: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return residentIdWithCheck(`${prefix}${ymd}${String(i % 1000).padStart(3, '0')}`);
}

/** The i-th valid credit code under a random 8-character stem. */
export function creditCode(stem: string, i: number): string {
  return creditCodeWithCheck(`91${stem}${String(i).padStart(7, '0')}`);
}

export function creditStem(): string {
  return String(randomInt(10_000_000, 99_999_999));
}

/** An xlsx with optional title rows above the header; `merges` like 'A1:D1'. */
export async function workbook(
  rows: Cell[][],
  options: { merges?: string[]; textColumns?: number[] } = {},
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  for (const range of options.merges ?? []) sheet.mergeCells(range);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function csvField(cell: Cell): string {
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as Excel saves it for Chinese users: UTF-8 with a byte-order mark. */
export function csvWithBom(rows: Cell[][]): Buffer {
  const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export async function uploadFile(
  app: App,
  session: Session,
  registry: string,
  body: Buffer,
  fileName = 'import.xlsx',
) {
  return app.inject({
    method: 'POST',
    url: `/api/imports?registry=${registry}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...session.headers, 'content-type': 'application/octet-stream' },
    payload: body,
  });
}

export interface JobView {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  errorCount: number;
  warningCount: number;
  failureReason: string | null;
  problems: Array<{ row: number; column: string; value: Cell; reason: string; level: string }>;
  preview: Array<{ row: number; values: Record<string, Cell> | null; errors: string[] }>;
  mapping: Array<{ column: string; field: string | null }>;
  missingFields: string[];
  unknownColumns: string[];
}

/** Polls an import until its apply has finished. */
export async function waitForJob(
  app: App,
  session: Session,
  id: string,
  timeoutMs = 120_000,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: session.headers });
    const job = res.json() as JobView;
    if (job.status !== 'applying') return job;
    if (Date.now() > until) throw new Error(`import ${id} still applying`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function applyJob(app: App, session: Session, id: string, body: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/imports/${id}/apply`,
    headers: session.headers,
    payload: body,
  });
}
