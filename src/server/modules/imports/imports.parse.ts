import ExcelJS from 'exceljs';

/** One cell as the file held it: text, a number, a boolean, or nothing. Dates arrive as YYYY-MM-DD text. */
export type RawCell = string | number | boolean | null;

export type FileKind = 'xlsx' | 'csv';

/** Why a file cannot be read at all; the service turns it into a 400 naming `file`. */
export class UnreadableFileError extends Error {
  constructor(readonly reason: { zh: string; en: string }) {
    super(reason.en);
  }
}

/** The type comes from the bytes, never from the name: a renamed file must not reach the wrong parser. */
export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) {
    throw new UnreadableFileError({ zh: '文件是空的', en: 'the file is empty' });
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new UnreadableFileError({
      zh: '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再上传',
      en: 'old .xls files are not supported; save the file as .xlsx in Excel and upload again',
    });
  }
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) {
    throw new UnreadableFileError({
      zh: '无法识别的文件类型，请上传 .xlsx 或 .csv 文件',
      en: 'unrecognised file type; upload an .xlsx or .csv file',
    });
  }
  return 'csv';
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 — what Excel on a Chinese PC writes. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Comma unless the first line is tab-separated (Excel's "Unicode text"). */
function delimiterOf(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end === -1 ? text : text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/** RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function* parseCsv(text: string): Generator<RawCell[]> {
  const delimiter = delimiterOf(text);
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRow = (): RawCell[] => {
    row.push(field);
    const done = row.map((c) => (c === '' ? null : c));
    row = [];
    field = '';
    return done;
  };
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      yield endRow();
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) yield endRow();
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** ExcelJS cell values (rich text, formulas, hyperlinks, dates) reduced to what the rules read. */
export function toRawCell(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('') || null;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || (typeof result === 'object' && result !== null && 'error' in result)) {
      return null;
    }
    return toRawCell(result as ExcelJS.CellValue);
  }
  if ('text' in value && typeof value.text === 'string') return value.text || null;
  return null;
}

/**
 * The first sheet with content, row by row. A merged cell's value applies to every cell it spans,
 * so a merged header names each column under it and a merged 所属网格 fills each row beside it.
 */
async function* readXlsx(bytes: Uint8Array): AsyncGenerator<RawCell[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new UnreadableFileError({
      zh: '无法读取该 Excel 文件，文件可能已损坏或加密',
      en: 'cannot read this Excel file; it may be damaged or password-protected',
    });
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return;
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: RawCell[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cells.push(toRawCell(cell.isMerged ? cell.master.value : cell.value));
    }
    yield cells;
  }
}

async function* readCsv(bytes: Uint8Array): AsyncGenerator<RawCell[]> {
  yield* parseCsv(decodeText(bytes));
}

/** Rows of a spreadsheet file of either kind, streamed so callers can store them in batches. */
export function readRows(bytes: Uint8Array, kind: FileKind): AsyncGenerator<RawCell[]> {
  return kind === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}
