import { describe, expect, it } from 'vitest';
import { creditCodeWithCheck, residentIdWithCheck } from '../../../shared/identifiers.ts';
import {
  NUMERIC_ID_REASON,
  buildAreaLookup,
  cellText,
  checkMapping,
  columnLetter,
  detectHeader,
  isBlankRow,
  isTotalRow,
  matchField,
  missingRequired,
  normaliseBoolean,
  normaliseCreditCode,
  normaliseDate,
  normaliseLabel,
  normalisePhoneCell,
  normaliseResidentId,
  resolveArea,
} from './imports.rules.ts';
import { ORG_FIELDS, PEOPLE_FIELDS, normaliseOrgRow, normalisePersonRow } from './imports.adapters.ts';

const ID = residentIdWithCheck('33048219900101123');
const CODE = creditCodeWithCheck('91330482MA2B3C4D5');

describe('cells', () => {
  it('turns full-width digits, letters and spaces to half-width and trims', () => {
    expect(cellText('　ＡＢＣ　１２３　')).toBe('ABC 123');
    expect(cellText(12345)).toBe('12345');
    expect(cellText(null)).toBe('');
  });

  it('skips blank rows and total rows', () => {
    expect(isBlankRow([null, '  ', '　'])).toBe(true);
    expect(isBlankRow([null, 'x'])).toBe(false);
    expect(isTotalRow(['合计', null, 12])).toBe(true);
    expect(isTotalRow([null, '总计：', 3])).toBe(true);
    expect(isTotalRow(['小 计'])).toBe(true);
    expect(isTotalRow(['张合计'])).toBe(false);
    expect(isTotalRow([1, '合计'])).toBe(false);
  });
});

describe('dates', () => {
  it('reads Excel serial numbers', () => {
    // Excel's 1900 date system (epoch 1899-12-30): 43831 is 2020-01-01, so 2020-02-14 is 43875.
    expect(normaliseDate(43831)).toEqual({ value: '2020-01-01' });
    expect(normaliseDate(43875)).toEqual({ value: '2020-02-14' });
    expect(normaliseDate(43876)).toEqual({ value: '2020-02-15' });
    expect(normaliseDate(43875.75)).toEqual({ value: '2020-02-14' });
    expect(normaliseDate('43875')).toEqual({ value: '2020-02-14' });
  });

  it('reads the written forms', () => {
    for (const text of [
      '2020/2/14',
      '2020年2月14日',
      '2020-02-14',
      '2020.2.14',
      '20200214',
      '２０２０-０２-１４',
    ]) {
      expect(normaliseDate(text)).toEqual({ value: '2020-02-14' });
    }
  });

  it('rejects impossible dates', () => {
    expect(normaliseDate('2020-02-30')).toHaveProperty('error');
    expect(normaliseDate('yesterday')).toHaveProperty('error');
    expect(normaliseDate(-3)).toHaveProperty('error');
  });
});

describe('identifiers', () => {
  it('accepts a valid ID number written in full-width digits with spaces', () => {
    const wide = ID.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(normaliseResidentId(` ${wide.slice(0, 6)} ${wide.slice(6)} `)).toEqual({ value: ID });
  });

  it('upper-cases an x check digit', () => {
    const withX = ['3304821990010112', '3304821990010113', '3304821990010114']
      .flatMap((p) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => residentIdWithCheck(`${p}${d}`)))
      .find((id) => id.endsWith('X'));
    expect(withX).toBeDefined();
    expect(normaliseResidentId((withX as string).toLowerCase())).toEqual({ value: withX });
  });

  it('never guesses an ID number Excel stored as a number', () => {
    expect(normaliseResidentId(Number('330482199001011234'))).toEqual({ error: NUMERIC_ID_REASON });
    expect(normaliseResidentId(12345)).toEqual({ error: NUMERIC_ID_REASON });
    expect(normaliseResidentId('3.30482E+17')).toEqual({ error: NUMERIC_ID_REASON });
    // What a number-formatted column shows once the last digits are gone.
    const lost = `${ID.slice(0, 15)}000`;
    expect(normaliseResidentId(lost)).toEqual({ error: NUMERIC_ID_REASON });
  });

  it('explains other ID problems', () => {
    expect(normaliseResidentId('330482900101123')).toHaveProperty(
      'error.zh',
      expect.stringContaining('15 位'),
    );
    expect(normaliseResidentId('33048219900101')).toHaveProperty('error');
    const wrongCheck = ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1');
    expect(normaliseResidentId(wrongCheck)).toHaveProperty('error.zh', expect.stringContaining('校验位'));
  });

  it('checks credit codes, and refuses one stored as a number', () => {
    expect(normaliseCreditCode(` ${CODE.toLowerCase()} `)).toEqual({ value: CODE });
    expect(normaliseCreditCode(CODE.slice(0, 17) + (CODE.endsWith('1') ? '2' : '1'))).toHaveProperty('error');
    expect(normaliseCreditCode(Number('913304821234567890'))).toHaveProperty(
      'error.en',
      expect.stringContaining('number'),
    );
  });

  it('accepts mobiles with +86 and spaces, and landlines', () => {
    expect(normalisePhoneCell('+86 138 1234 5678')).toEqual({ value: '13812345678' });
    expect(normalisePhoneCell(13812345678)).toEqual({ value: '13812345678' });
    expect(normalisePhoneCell('0573-85123456')).toEqual({ value: '0573-85123456' });
    expect(normalisePhoneCell('12345')).toHaveProperty('error');
  });

  it('reads yes/no words', () => {
    expect(normaliseBoolean('是')).toEqual({ value: true });
    expect(normaliseBoolean('否')).toEqual({ value: false });
    expect(normaliseBoolean('规上')).toEqual({ value: true });
    expect(normaliseBoolean(true)).toEqual({ value: true });
    expect(normaliseBoolean('也许')).toHaveProperty('error');
  });
});

describe('headers', () => {
  it('normalises labels loosely', () => {
    expect(normaliseLabel(' 身份证号（必填）* ')).toBe('身份证号');
    expect(normaliseLabel('ＩＤ Number')).toBe('idnumber');
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });

  it('recognises Chinese aliases', () => {
    expect(matchField('公民身份号码', PEOPLE_FIELDS)).toBe('idNumber');
    expect(matchField('联系方式/手机', PEOPLE_FIELDS)).toBe('phone');
    expect(matchField('社会信用代码', ORG_FIELDS)).toBe('creditCode');
    expect(matchField('单位名称', ORG_FIELDS)).toBe('name');
    expect(matchField('所属网格', ORG_FIELDS)).toBe('area');
    expect(matchField('爱好', PEOPLE_FIELDS)).toBeNull();
  });

  it('skips title rows and lists unknown columns', () => {
    const rows = [
      ['平湖市人员信息登记表', null, null, null],
      ['填报单位：甲社区', null, null, null],
      ['序号', '姓名', '身份证号码', '爱好'],
      [1, '张三', ID, '跑步'],
    ];
    const guess = detectHeader(rows, PEOPLE_FIELDS);
    expect(guess).toMatchObject({
      headerRow: 2,
      headerRows: 1,
      columns: ['序号', '姓名', '身份证号码', '爱好'],
      unknown: ['爱好'],
    });
    expect(guess?.mapping.map((m) => m.field)).toEqual([null, 'name', 'idNumber', null]);
  });

  it('joins a two-row header as parent/child', () => {
    const rows = [
      ['姓名', '身份证号', '联系方式', '联系方式'],
      ['姓名', '身份证号', '手机', '座机'],
      ['张三', ID, '13812345678', '0573-1234567'],
    ];
    const guess = detectHeader(rows, PEOPLE_FIELDS);
    expect(guess?.headerRows).toBe(2);
    expect(guess?.columns).toEqual(['姓名', '身份证号', '联系方式/手机', '联系方式/座机']);
    expect(guess?.mapping.map((m) => m.field)).toEqual(['name', 'idNumber', 'phone', null]);
  });

  it('reads a CSV of a merged two-row header, whose parent text sits in its first column only', () => {
    const rows = [
      ['姓名', '身份证号', '联系方式', null],
      [null, null, '手机', '座机'],
      ['张三', ID, '13812345678', '0573-1234567'],
    ];
    const guess = detectHeader(rows, PEOPLE_FIELDS);
    expect(guess?.headerRows).toBe(2);
    expect(guess?.columns).toEqual(['姓名', '身份证号', '联系方式/手机', '联系方式/座机']);
  });

  it('does not mistake the first data row for a child header row', () => {
    const rows = [
      ['姓名', '身份证号', '手机'],
      ['张三', ID, '13812345678'],
    ];
    expect(detectHeader(rows, PEOPLE_FIELDS)).toMatchObject({ headerRow: 0, headerRows: 1 });
  });

  it('names blank and repeated headers uniquely', () => {
    const guess = detectHeader([['姓名', null, '备注', '备注', null, null]], PEOPLE_FIELDS);
    expect(guess?.columns).toEqual(['姓名', '#B', '备注', '备注#2']);
  });

  it('finds no header when nothing matches', () => {
    expect(
      detectHeader(
        [
          ['a', 'b'],
          [1, 2],
        ],
        PEOPLE_FIELDS,
      ),
    ).toBeNull();
  });

  it('reports missing required fields and checks manual mappings', () => {
    const mapping = [
      { column: '姓名', field: 'name' },
      { column: 'X', field: null },
    ];
    expect(missingRequired(mapping, PEOPLE_FIELDS).map((f) => f.key)).toEqual(['idNumber', 'area']);
    expect(checkMapping(mapping, ['姓名', 'X'], PEOPLE_FIELDS)).toBeNull();
    expect(checkMapping([{ column: 'Y', field: null }], ['姓名'], PEOPLE_FIELDS)).not.toBeNull();
    expect(checkMapping([{ column: '姓名', field: 'nope' }], ['姓名'], PEOPLE_FIELDS)).not.toBeNull();
    expect(
      checkMapping(
        [
          { column: '姓名', field: 'name' },
          { column: 'X', field: 'name' },
        ],
        ['姓名', 'X'],
        PEOPLE_FIELDS,
      ),
    ).not.toBeNull();
  });
});

describe('areas', () => {
  const lookup = buildAreaLookup([
    { id: 'a', path: '33.01.001.0001', code: '0001', name: '甲社区第1网格' },
    { id: 'b', path: '33.01.002.0001', code: '0001', name: '乙村第1网格' },
    { id: 'c', path: '33.01.001', code: '001', name: '甲社区' },
  ]);

  it('resolves by path, unique code or exact name', () => {
    expect(resolveArea('33.01.002.0001', lookup)).toMatchObject({ value: { id: 'b' } });
    expect(resolveArea('001', lookup)).toMatchObject({ value: { id: 'c' } });
    expect(resolveArea(' 甲社区第1网格 ', lookup)).toMatchObject({ value: { id: 'a' } });
  });

  it('refuses an ambiguous code and an unknown or out-of-scope area', () => {
    expect(resolveArea('0001', lookup)).toHaveProperty('error.zh', expect.stringContaining('多个'));
    expect(resolveArea('33.02.003', lookup)).toHaveProperty('error.zh', expect.stringContaining('管辖范围'));
  });
});

describe('rows', () => {
  const areas = buildAreaLookup([{ id: 'a', path: '33.01', code: '01', name: '甲街道' }]);

  it('normalises a person, deriving gender and birth date from the ID number', () => {
    const out = normalisePersonRow(
      {
        name: ' 张三 ',
        idNumber: ID,
        area: '甲街道',
        phone: '１３８１２３４５６７８',
        residentType: '流动人口',
      },
      { areas },
    );
    expect(out).toEqual({
      value: {
        name: '张三',
        idNumber: ID,
        areaId: 'a',
        areaPath: '33.01',
        areaName: '甲街道',
        gender: 'male',
        birthDate: '1990-01-01',
        phone: '13812345678',
        residentType: 'migrant',
        specialGroups: undefined,
        note: undefined,
      },
    });
  });

  it('reports every problem of a person row at once', () => {
    const out = normalisePersonRow(
      { name: '', idNumber: Number('330482199001011234'), area: '乙镇', gender: '女' },
      { areas },
    );
    expect('errors' in out && out.errors.map((e) => e.field)).toEqual(['name', 'idNumber', 'area']);
  });

  it('catches a gender that contradicts the ID number', () => {
    const out = normalisePersonRow({ name: '张三', idNumber: ID, area: '01', gender: '女' }, { areas });
    expect('errors' in out && out.errors.map((e) => e.field)).toEqual(['gender']);
  });

  it('normalises an organisation', () => {
    const out = normaliseOrgRow(
      {
        name: '平湖制造有限公司',
        creditCode: CODE,
        area: '33.01',
        aboveScale: '是',
        industry: '制造业',
        status: '复工',
        statusSince: 43875,
      },
      { areas },
    );
    expect(out).toMatchObject({
      value: {
        creditCode: CODE,
        aboveScale: true,
        industry: 'C',
        status: 'resumed',
        statusSince: '2020-02-14',
        areaId: 'a',
      },
    });
  });
});
