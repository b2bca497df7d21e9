import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildTable, neutraliseCell } from './export.ts';

const columns = [
  { header: '名称', value: (r: { name: string; n: number }) => r.name },
  { header: '数量', value: (r: { name: string; n: number }) => r.n },
];

describe('spreadsheet export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(neutraliseCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(neutraliseCell('+86 138')).toBe("'+86 138");
    expect(neutraliseCell('-1')).toBe("'-1");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('平湖')).toBe('平湖');
    expect(neutraliseCell(-1)).toBe(-1);
  });

  it('writes CSV with a BOM, quoting and neutralised cells', async () => {
    const csv = (
      await buildTable('csv', 't', columns, [
        { name: '=1+1', n: 2 },
        { name: 'a,"b"', n: 3 },
      ])
    ).toString('utf8');
    expect(csv).toBe('\uFEFF名称,数量\r\n\'=1+1,2\r\n"a,""b""",3\r\n');
  });

  it('writes an xlsx that reads back with the same cells', async () => {
    const buffer = await buildTable('xlsx', '企业', columns, [{ name: '@cmd', n: 7 }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('企业');
    expect(sheet?.getRow(1).values).toEqual([undefined, '名称', '数量']);
    expect(sheet?.getRow(2).values).toEqual([undefined, "'@cmd", 7]);
  });
});
