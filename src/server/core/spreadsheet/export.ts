import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportColumn<Row> {
  header: string;
  value(row: Row): string | number | boolean | null | undefined;
  /** Column width in characters for xlsx. */
  width?: number;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab/CR) gets a leading
 * apostrophe, per OWASP's CSV-injection advice. Numbers stay numbers.
 */
export function neutraliseCell(
  value: string | number | boolean | null | undefined,
): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Builds the file: xlsx through ExcelJS, CSV as UTF-8 with a BOM so Excel opens Chinese correctly. */
export async function buildTable<Row>(
  format: ExportFormat,
  sheetName: string,
  columns: ExportColumn<Row>[],
  rows: Iterable<Row>,
): Promise<Buffer> {
  if (format === 'csv') {
    const lines = [columns.map((c) => csvField(neutraliseCell(c.header))).join(',')];
    for (const row of rows) lines.push(columns.map((c) => csvField(neutraliseCell(c.value(row)))).join(','));
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => neutraliseCell(c.value(row))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Sends a table as a download; the file name may be Chinese (RFC 5987 filename*). */
export async function sendTable<Row>(
  reply: FastifyReply,
  options: {
    format: ExportFormat;
    fileName: string;
    sheetName?: string;
    columns: ExportColumn<Row>[];
    rows: Iterable<Row>;
  },
): Promise<FastifyReply> {
  const body = await buildTable(
    options.format,
    options.sheetName ?? options.fileName,
    options.columns,
    options.rows,
  );
  const name = `${options.fileName}.${options.format}`;
  return reply
    .header('content-type', CONTENT_TYPES[options.format])
    .header(
      'content-disposition',
      `attachment; filename="export.${options.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(body);
}
