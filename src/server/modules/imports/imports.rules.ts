import {
  isValidCreditCode,
  isValidPhone,
  isValidResidentId,
  maskIdNumber,
  maskPhone,
  normaliseIdentifier,
} from '../../../shared/identifiers.ts';
import type { RawCell } from './imports.parse.ts';

export interface Reason {
  zh: string;
  en: string;
}

/** A registry field as the importer sees it: the header texts that name it, and whether a row needs it. */
export interface FieldSpec {
  key: string;
  label: Reason;
  aliases: readonly string[];
  required: boolean;
  /** Personal data: shown masked in previews and reports. */
  pii?: 'idNumber' | 'phone';
}

export interface ColumnMapping {
  column: string;
  field: string | null;
}

/** A problem in one cell, as the report lists it. */
export interface CellProblem {
  field: string;
  value: RawCell;
  reason: Reason;
}

export type Normalised<T> = { value: T } | { error: Reason };

// ---------------------------------------------------------------- text

/** Full-width letters, digits and spaces → half-width; NBSP and ideographic spaces → space; trimmed. */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0]/g, ' ');
}

/** The text of a cell with surrounding spaces removed; numbers without exponent notation where exact. */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') {
    return Number.isSafeInteger(cell) ? cell.toFixed(0) : String(cell);
  }
  return halfWidth(cell).replace(/\s+/g, ' ').trim();
}

export function isBlankRow(cells: readonly RawCell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

const TOTAL_WORDS = ['合计', '总计', '小计', '共计', 'TOTAL', 'SUBTOTAL'];

/** A summary row (合计/总计/小计 in its first filled cell) is not a record. */
export function isTotalRow(cells: readonly RawCell[]): boolean {
  const first = cells.find((c) => cellText(c) !== '');
  if (first === undefined || typeof first !== 'string') return false;
  const text = cellText(first).replace(/\s/g, '').toUpperCase();
  return TOTAL_WORDS.some((w) => text === w || text.startsWith(`${w}:`) || text.startsWith(`${w}：`));
}

// ---------------------------------------------------------------- headers

/** Header text compared loosely: half-width, no spaces, no required-marks or parenthesised notes, lower case. */
export function normaliseLabel(text: string): string {
  return halfWidth(text)
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/** Excel's letters for a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const IGNORED_HEADERS = new Set(['序号', '编号', '行号', 'no', 'no.', '#']);

/** Which field a header names: the whole label, else its child part ("联系方式/手机"), else its parent part. */
export function matchField(label: string, fields: readonly FieldSpec[]): string | null {
  const parts = label.split('/');
  const candidates = [label, parts.at(-1) ?? label, parts[0] ?? label].map(normaliseLabel);
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const field of fields) {
      if (field.aliases.some((a) => normaliseLabel(a) === candidate)) return field.key;
    }
  }
  return null;
}

export interface HeaderGuess {
  /** 0-based index of the first header row. */
  headerRow: number;
  /** 1 for a plain header, 2 for a parent row above child labels. */
  headerRows: 1 | 2;
  columns: string[];
  mapping: ColumnMapping[];
  /** Columns no field claimed, for the user to map by hand. */
  unknown: string[];
}

function labelsOf(top: readonly RawCell[], below: readonly RawCell[] | null, width: number): string[] {
  const labels: string[] = [];
  let groupParent = '';
  for (let c = 0; c < width; c++) {
    let parent = cellText(top[c] ?? null);
    const child = below ? cellText(below[c] ?? null) : '';
    // A CSV of a merged parent keeps its text in the first column only; the children to its right share it.
    if (below && parent === '' && child !== '' && groupParent !== '') parent = groupParent;
    groupParent = child !== '' ? parent : '';
    if (!below || child === '' || child === parent) labels.push(parent);
    else if (parent === '') labels.push(child);
    else labels.push(`${parent}/${child}`);
  }
  return labels;
}

/**
 * Whether `below` can be the child row of a two-row header under `top`: the top row has several distinct
 * labels (a single one is a title), and each child sits under a parent that spans several columns or under
 * an empty cell — or the row repeats some texts of the row above (vertical merges), which data never does.
 */
function isChildRow(top: readonly RawCell[], below: readonly RawCell[], width: number): boolean {
  const parents = Array.from({ length: width }, (_, c) => cellText(top[c] ?? null));
  const children = Array.from({ length: width }, (_, c) => cellText(below[c] ?? null));
  if (new Set(parents.filter((p) => p !== '')).size < 2) return false;
  if (below.some((c) => typeof c === 'number')) return false;
  // Cells repeating the text above them are vertical merges: only a header row continues like that.
  const merged = children.some((child, c) => child !== '' && child === parents[c]);
  let differs = false;
  for (let c = 0; c < width; c++) {
    const parent = parents[c] as string;
    const child = children[c] as string;
    if (child === '' || child === parent || parent === '') continue;
    differs = true;
    const spans =
      (c > 0 && (parents[c - 1] === parent || (parents[c - 1] === '' && children[c - 1] !== ''))) ||
      (c + 1 < width && (parents[c + 1] === parent || (parents[c + 1] === '' && children[c + 1] !== '')));
    if (!spans && !merged) return false;
  }
  return differs;
}

function autoMapping(labels: string[], fields: readonly FieldSpec[]): ColumnMapping[] {
  const taken = new Set<string>();
  return labels.map((column) => {
    const field = matchField(column, fields);
    if (field === null || taken.has(field)) return { column, field: null };
    taken.add(field);
    return { column, field };
  });
}

/** Unique, non-empty column names: a blank header becomes its letter (#F), a repeated one gets #2, #3. */
function uniqueColumns(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label, i) => {
    const base = label === '' ? `#${columnLetter(i)}` : label;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  });
}

/**
 * Finds the header among the first rows: the row (or pair of rows, for a parent row above child labels)
 * whose texts name the most fields. Title rows above it name none, so they lose.
 */
export function detectHeader(
  rows: readonly (readonly RawCell[])[],
  fields: readonly FieldSpec[],
): HeaderGuess | null {
  let best: { score: number; headerRow: number; headerRows: 1 | 2; labels: string[] } | null = null;
  const limit = Math.min(rows.length, 20);
  for (let r = 0; r < limit; r++) {
    const top = rows[r] ?? [];
    if (isBlankRow(top)) continue;
    const below = r + 1 < rows.length ? (rows[r + 1] ?? null) : null;
    const width = Math.max(top.length, below?.length ?? 0);
    const options: Array<{ headerRows: 1 | 2; labels: string[] }> = [
      { headerRows: 1, labels: labelsOf(top, null, width) },
    ];
    if (below && isChildRow(top, below, width)) {
      options.push({ headerRows: 2, labels: labelsOf(top, below, width) });
    }
    const scored = options.map((option) => ({
      ...option,
      score: new Set(
        autoMapping(option.labels, fields)
          .map((m) => m.field)
          .filter((f) => f !== null),
      ).size,
    }));
    // A child row that names as many fields as the parent row alone is still the better reading.
    const pick = scored.reduce((a, b) => (b.score >= a.score ? b : a));
    if (pick.score > 0 && (best === null || pick.score > best.score)) best = { headerRow: r, ...pick };
  }
  if (!best) return null;
  let last = best.labels.length - 1;
  while (last >= 0 && best.labels[last] === '') last--;
  const columns = uniqueColumns(best.labels.slice(0, last + 1));
  const mapping = autoMapping(columns, fields);
  return {
    headerRow: best.headerRow,
    headerRows: best.headerRows,
    columns,
    mapping,
    unknown: unknownColumns(mapping),
  };
}

/** Columns no field claims, for the user to map by hand; a 序号 column is expected to stay unmapped. */
export function unknownColumns(mapping: readonly ColumnMapping[]): string[] {
  return mapping
    .filter((m) => m.field === null && !IGNORED_HEADERS.has(normaliseLabel(m.column)))
    .map((m) => m.column);
}

/** Fields a mapping leaves without a column although every row needs them. */
export function missingRequired(
  mapping: readonly ColumnMapping[],
  fields: readonly FieldSpec[],
): FieldSpec[] {
  const mapped = new Set(mapping.map((m) => m.field));
  return fields.filter((f) => f.required && !mapped.has(f.key));
}

/** A manual mapping must name the job's own columns and known fields, each field at most once. */
export function checkMapping(
  mapping: readonly ColumnMapping[],
  columns: readonly string[],
  fields: readonly FieldSpec[],
): Reason | null {
  const known = new Set(columns);
  const keys = new Set(fields.map((f) => f.key));
  const used = new Set<string>();
  for (const m of mapping) {
    if (!known.has(m.column)) {
      return { zh: `文件中没有名为“${m.column}”的列`, en: `the file has no column “${m.column}”` };
    }
    if (m.field === null) continue;
    if (!keys.has(m.field)) return { zh: `未知的字段 ${m.field}`, en: `unknown field ${m.field}` };
    if (used.has(m.field)) {
      return {
        zh: `字段 ${m.field} 只能对应一列`,
        en: `field ${m.field} may be mapped from one column only`,
      };
    }
    used.add(m.field);
  }
  return null;
}

/** The cells of one row keyed by field, per the mapping. */
export function rowByField(
  cells: readonly RawCell[],
  mapping: readonly ColumnMapping[],
): Record<string, RawCell> {
  const out: Record<string, RawCell> = {};
  mapping.forEach((m, i) => {
    if (m.field !== null) out[m.field] = cells[i] ?? null;
  });
  return out;
}

// ---------------------------------------------------------------- cells

export const NUMERIC_ID_REASON: Reason = {
  zh: '该身份证号被 Excel 存成了数字，末尾数字可能已丢失，请将该列设为文本后重新导出',
  en: 'Excel stored this ID number as a number; its last digits may be lost. Format the column as text and export again',
};

/** 3.30482E+17 — what a CSV saved by Excel holds for a long number. */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;

/**
 * An 18-digit resident ID. A numeric cell is never accepted: Excel keeps 15 significant digits, so the
 * last ones may be gone and guessing them would register the wrong person.
 */
export function normaliseResidentId(cell: RawCell): Normalised<string> {
  if (typeof cell === 'number') return { error: NUMERIC_ID_REASON };
  const id = normaliseIdentifier(cellText(cell));
  if (SCIENTIFIC.test(id)) return { error: NUMERIC_ID_REASON };
  if (/^\d{18}$/.test(id) && id.endsWith('000') && !isValidResidentId(id))
    return { error: NUMERIC_ID_REASON };
  if (id.length === 15 && /^\d{15}$/.test(id)) {
    return {
      error: {
        zh: '这是 15 位旧身份证号，请填写 18 位身份证号',
        en: 'this is an old 15-digit ID number; enter the 18-digit one',
      },
    };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return {
      error: {
        zh: `身份证号应为 17 位数字加 1 位数字或 X，当前为“${id}”`,
        en: `a resident ID is 17 digits and a digit or X; got “${id}”`,
      },
    };
  }
  if (!isValidResidentId(id)) {
    return {
      error: {
        zh: '身份证号的出生日期或校验位不正确，请核对每一位数字',
        en: 'the birth date or check digit of this ID number is wrong; check each digit',
      },
    };
  }
  return { value: id };
}

export function normaliseCreditCode(cell: RawCell): Normalised<string> {
  if (typeof cell === 'number' && cell >= 1e15) {
    return {
      error: {
        zh: '该信用代码被 Excel 存成了数字，末尾可能已丢失，请将该列设为文本后重新导出',
        en: 'Excel stored this credit code as a number; its last digits may be lost. Format the column as text and export again',
      },
    };
  }
  const code = normaliseIdentifier(cellText(cell));
  if (code.length !== 18) {
    return {
      error: {
        zh: `统一社会信用代码应为 18 位，当前为 ${code.length} 位`,
        en: `a credit code has 18 characters; this one has ${code.length}`,
      },
    };
  }
  if (!isValidCreditCode(code)) {
    return {
      error: {
        zh: '统一社会信用代码格式或校验位不正确',
        en: 'the credit code has an invalid format or check character',
      },
    };
  }
  return { value: code };
}

/** Mobile or landline; +86 and spaces dropped so the same number always hashes alike. */
export function normalisePhoneCell(cell: RawCell): Normalised<string> {
  let phone = normaliseIdentifier(cellText(cell)).replace(/[()]/g, '');
  if (/^\+?86-?1\d{10}$/.test(phone)) phone = phone.replace(/^\+?86-?/, '');
  if (!isValidPhone(phone)) {
    return {
      error: {
        zh: '电话号码格式不正确（手机 11 位，座机如 0573-85123456）',
        en: 'invalid phone number (11-digit mobile, or a landline like 0573-85123456)',
      },
    };
  }
  return { value: phone };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function ymd(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const DATE_REASON: Reason = {
  zh: '日期格式不正确（如 2020-02-14、2020/2/14 或 2020年2月14日）',
  en: 'invalid date (e.g. 2020-02-14, 2020/2/14 or 2020年2月14日)',
};

/** Excel serial numbers (43876 → 2020-02-14) and the usual written forms, to YYYY-MM-DD. */
export function normaliseDate(cell: RawCell): Normalised<string> {
  if (typeof cell === 'number') {
    if (cell < 1 || cell >= 73051) return { error: DATE_REASON };
    return { value: new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10) };
  }
  const text = cellText(cell).replace(/\s/g, '');
  const written = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(T.*)?$/.exec(text);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const parts = written ?? compact;
  if (parts) {
    const value = ymd(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    if (value) return { value };
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) return normaliseDate(Number(text));
  return { error: DATE_REASON };
}

const TRUE_WORDS = new Set(['是', '有', 'Y', 'YES', 'TRUE', '1', '√', '✓', '规上', '规模以上']);
const FALSE_WORDS = new Set(['否', '无', 'N', 'NO', 'FALSE', '0', '×', '✗', '规下', '规模以下']);

export function normaliseBoolean(cell: RawCell): Normalised<boolean> {
  if (typeof cell === 'boolean') return { value: cell };
  const text = cellText(cell).toUpperCase();
  if (TRUE_WORDS.has(text)) return { value: true };
  if (FALSE_WORDS.has(text)) return { value: false };
  return { error: { zh: '请填写“是”或“否”', en: 'enter 是 (yes) or 否 (no)' } };
}

/** A value from a vocabulary, by its code or any of its Chinese/English names. */
export function normaliseChoice<T extends string>(
  cell: RawCell,
  choices: Readonly<Record<T, readonly string[]>>,
): Normalised<T> {
  const text = normaliseLabel(cellText(cell));
  for (const [code, names] of Object.entries(choices) as Array<[T, readonly string[]]>) {
    if (normaliseLabel(code) === text || names.some((n) => normaliseLabel(n) === text))
      return { value: code };
  }
  const allowed = Object.values<readonly string[]>(choices)
    .map((names) => names[0])
    .filter((n): n is string => n !== undefined)
    .join('、');
  return { error: { zh: `取值无效，可选：${allowed}`, en: `not a known value; one of: ${allowed}` } };
}

/** Free text, trimmed; too long is an error rather than a silent cut. */
export function normaliseText(cell: RawCell, max: number): Normalised<string> {
  const text = cellText(cell);
  if (text.length > max) {
    return { error: { zh: `不能超过 ${max} 个字符`, en: `must be at most ${max} characters` } };
  }
  return { value: text };
}

export const REQUIRED_REASON: Reason = { zh: '必填', en: 'is required' };

// ---------------------------------------------------------------- areas

export interface AreaRef {
  id: string;
  path: string;
  code: string;
  name: string;
}

export interface AreaLookup {
  byPath: Map<string, AreaRef>;
  byCode: Map<string, AreaRef[]>;
  byName: Map<string, AreaRef[]>;
}

/** The active areas inside the importer's scope, indexed by path, code and name. */
export function buildAreaLookup(areas: readonly AreaRef[]): AreaLookup {
  const lookup: AreaLookup = { byPath: new Map(), byCode: new Map(), byName: new Map() };
  for (const area of areas) {
    // Paths and codes are matched without regard to case: Excel users type them either way.
    const path = area.path.toUpperCase();
    const code = area.code.toUpperCase();
    lookup.byPath.set(path, area);
    lookup.byCode.set(code, [...(lookup.byCode.get(code) ?? []), area]);
    lookup.byName.set(area.name, [...(lookup.byName.get(area.name) ?? []), area]);
  }
  return lookup;
}

/**
 * An area by path, by code, or by its exact name — only among areas in the importer's scope, so a row can
 * never land outside it. An ambiguous code or name is an error, not a guess.
 */
export function resolveArea(cell: RawCell, lookup: AreaLookup): Normalised<AreaRef> {
  const text = cellText(cell);
  const key = normaliseIdentifier(text);
  const byPath = lookup.byPath.get(key);
  if (byPath) return { value: byPath };
  for (const candidates of [lookup.byCode.get(key), lookup.byName.get(text)]) {
    if (candidates?.length === 1 && candidates[0]) return { value: candidates[0] };
    if (candidates && candidates.length > 1) {
      return {
        error: {
          zh: `“${text}”对应多个区域，请填写区域路径（如 ${candidates[0]?.path}）`,
          en: `“${text}” matches several areas; use the area path (e.g. ${candidates[0]?.path})`,
        },
      };
    }
  }
  return {
    error: {
      zh: `找不到区域“${text}”，或该区域不在您的管辖范围内`,
      en: `no area “${text}” within your scope`,
    },
  };
}

/** Values shown back to the user: personal data masked, the rest as is. */
export function maskForDisplay(field: FieldSpec | undefined, value: RawCell): RawCell {
  if (!field?.pii || value === null) return value;
  const text = normaliseIdentifier(cellText(value));
  return field.pii === 'idNumber' ? maskIdNumber(text) : maskPhone(text);
}
