import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { residentIdWithCheck } from '../../../shared/identifiers.ts';
import {
  UnreadableFileError,
  decodeText,
  parseCsv,
  readRows,
  sniffFileKind,
  type RawCell,
} from './imports.parse.ts';
import {
  NUMERIC_ID_REASON,
  detectHeader,
  isBlankRow,
  isTotalRow,
  normaliseDate,
  normaliseResidentId,
} from './imports.rules.ts';
import { PEOPLE_FIELDS } from './imports.adapters.ts';

const ID = residentIdWithCheck('33048219900101123');

async function collect(rows: AsyncIterable<RawCell[]>): Promise<RawCell[][]> {
  const out: RawCell[][] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** A sheet as offices send them: title row, merged two-row header, full-width digits, a numeric ID, serial dates, blanks, a total. */
async function messyWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员');
  sheet.addRow(['甲社区人员登记表']);
  sheet.mergeCells('A1:F1');
  sheet.addRow(['姓名', '身份证号', '联系方式', null, '出生日期', '所属网格']);
  sheet.addRow([null, null, '手机', '座机', null, null]);
  sheet.mergeCells('A2:A3');
  sheet.mergeCells('B2:B3');
  sheet.mergeCells('C2:D2');
  sheet.mergeCells('E2:E3');
  sheet.mergeCells('F2:F3');
  const wide = ID.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  sheet.addRow(['张三', wide, '13812345678', null, 32874, '甲社区第1网格']);
  // A real date cell next to the serial number above: ExcelJS must agree with our serial arithmetic.
  sheet.getCell('E4').numFmt = 'General';
  sheet.addRow([]);
  sheet.addRow([
    '李四',
    Number('330482199001011234'),
    '13912345678',
    null,
    new Date(Date.UTC(1990, 0, 1)),
    '乙网格',
  ]);
  sheet.addRow(['王五', ID, null, null, null, null]);
  sheet.mergeCells('F6:F7');
  sheet.addRow(['合计', null, null, null, null, null]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('file type', () => {
  it('tells xlsx from CSV by magic bytes, and refuses binaries and old .xls', async () => {
    expect(sniffFileKind(await messyWorkbook())).toBe('xlsx');
    expect(sniffFileKind(new TextEncoder().encode('姓名,身份证号\n'))).toBe('csv');
    expect(() => sniffFileKind(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toThrow(UnreadableFileError);
    expect(() => sniffFileKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toThrow(
      UnreadableFileError,
    );
    expect(() => sniffFileKind(new Uint8Array())).toThrow(UnreadableFileError);
  });
});

describe('xlsx', () => {
  it('fills merged cells, finds the two-row header under a title, and keeps numeric cells numeric', async () => {
    const rows = await collect(readRows(await messyWorkbook(), 'xlsx'));
    const guess = detectHeader(rows, PEOPLE_FIELDS);
    expect(guess).toMatchObject({ headerRow: 1, headerRows: 2 });
    expect(guess?.columns).toEqual([
      '姓名',
      '身份证号',
      '联系方式/手机',
      '联系方式/座机',
      '出生日期',
      '所属网格',
    ]);
    expect(guess?.mapping.map((m) => m.field)).toEqual([
      'name',
      'idNumber',
      'phone',
      null,
      'birthDate',
      'area',
    ]);

    const data = rows.slice(3).filter((r) => !isBlankRow(r) && !isTotalRow(r));
    expect(data).toHaveLength(3);
    const [first, second, third] = data as [RawCell[], RawCell[], RawCell[]];
    expect(normaliseResidentId(first[1] ?? null)).toEqual({ value: ID });
    expect(normaliseDate(first[4] ?? null)).toEqual({ value: '1990-01-01' });
    expect(second[1]).toBeTypeOf('number');
    expect(normaliseResidentId(second[1] ?? null)).toEqual({ error: NUMERIC_ID_REASON });
    expect(second[4]).toBe('1990-01-01');
    // The grid cell merged down reaches 王五's row too.
    expect(third[5]).toBe('乙网格');
  });

  it('refuses a damaged workbook', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    await expect(collect(readRows(bytes, 'xlsx'))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});

describe('csv', () => {
  const text = '姓名,身份证号,备注\r\n张三,"' + ID + '","说 ""你好"",\n再见"\r\n\r\n李四,' + ID + ',\n';

  it('parses quoted fields with delimiters, quotes and line breaks', () => {
    expect([...parseCsv(text)]).toEqual([
      ['姓名', '身份证号', '备注'],
      ['张三', ID, '说 "你好",\n再见'],
      [null],
      ['李四', ID, null],
    ]);
  });

  it('reads UTF-8 with a BOM', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const rows = await collect(readRows(bytes, sniffFileKind(bytes)));
    expect(rows[0]).toEqual(['姓名', '身份证号', '备注']);
  });

  it('reads GB18030 (GBK) files', async () => {
    // 姓名,身份证号 in GBK.
    const gbk = new Uint8Array([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x0a,
    ]);
    expect(decodeText(gbk)).toBe('姓名,身份证号\n');
    const rows = await collect(readRows(gbk, sniffFileKind(gbk)));
    expect(rows).toEqual([['姓名', '身份证号']]);
  });

  it('reads tab-separated text', () => {
    expect([...parseCsv('姓名\t身份证号\n张三\t1\n')]).toEqual([
      ['姓名', '身份证号'],
      ['张三', '1'],
    ]);
  });
});
