import { describe, expect, it } from 'vitest';
import { creditCodeWithCheck } from '../../../shared/identifiers.ts';
import {
  allowedStatusMoves,
  checkOrgInput,
  classifyOrgQuery,
  creditCodeProblem,
  effectiveDateProblem,
  normaliseOrgInput,
  statusMoveProblem,
} from './orgs.rules.ts';

const valid = creditCodeWithCheck('91330482MA2B3C4D5');
const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('creditCodeProblem', () => {
  it('accepts a valid code', () => {
    expect(creditCodeProblem(valid)).toBeNull();
  });

  it('names a wrong length with the count', () => {
    const problem = creditCodeProblem(valid.slice(0, 17));
    expect(problem?.field).toBe('creditCode');
    expect(problem?.reason.zh).toContain('18 位');
    expect(problem?.reason.en).toContain('has 17');
  });

  it('names letters that never occur in credit codes', () => {
    const problem = creditCodeProblem(`${valid.slice(0, 10)}I${valid.slice(11)}`);
    expect(problem?.reason.en).toContain('other than I, O, S, V and Z');
  });

  it('names a region code that is not digits', () => {
    expect(creditCodeProblem(`91A${valid.slice(3)}`)?.reason.en).toContain('region code');
  });

  it('names a wrong check character, apart from the other cases', () => {
    const problem = creditCodeProblem(wrongCheck);
    expect(problem?.reason.zh).toContain('统一社会信用代码校验位不正确');
    expect(problem?.reason.en).toContain('the check character is wrong');
  });
});

describe('checkOrgInput', () => {
  it('accepts a complete, valid organisation typed full-width with spaces', () => {
    const input = {
      name: '  平湖市 景兴纸业  ',
      kind: 'enterprise',
      creditCode: ` ${toFullWidth(valid)} `,
      aboveScale: true,
      industry: 'c',
      contactPhone: '+86 138 1234 5678',
      tags: ['exporter', 'exporter'],
      status: 'suspended',
      statusSince: '2020-01-25',
    };
    expect(checkOrgInput(input)).toEqual([]);
    expect(normaliseOrgInput(input)).toMatchObject({
      name: '平湖市 景兴纸业',
      creditCode: valid,
      industry: 'C',
      contactPhone: '13812345678',
      tags: ['exporter'],
      status: 'suspended',
    });
  });

  it('defaults kind and status, and treats blanks as absent', () => {
    expect(normaliseOrgInput({ name: '小店', address: '   ', creditCode: '' })).toMatchObject({
      kind: 'enterprise',
      status: 'operating',
      address: null,
      creditCode: null,
      aboveScale: false,
    });
  });

  it('reports every problem with its field', () => {
    const errors = checkOrgInput({
      name: ' ',
      kind: 'factory',
      creditCode: wrongCheck,
      industry: 'Z',
      contactPhone: '12345',
      tags: ['vip'],
      status: 'open',
      statusSince: '2020-02-30',
    });
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['contactPhone', 'creditCode', 'industry', 'kind', 'name', 'status', 'statusSince', 'tags'].sort(),
    );
  });

  it('requires a credit code of an above-scale enterprise only', () => {
    expect(checkOrgInput({ name: '规上', aboveScale: true })[0]?.field).toBe('creditCode');
    expect(checkOrgInput({ name: '个体户', kind: 'merchant' })).toEqual([]);
  });
});

describe('status moves', () => {
  it('lets a suspended firm resume, and a resumed one suspend again', () => {
    expect(statusMoveProblem('suspended', 'resumed')).toBeNull();
    expect(statusMoveProblem('resumed', 'suspended')).toBeNull();
    expect(statusMoveProblem('operating', 'suspended')).toBeNull();
    expect(statusMoveProblem('operating', 'closed')).toBeNull();
  });

  it('refuses a resumption without a suspension, naming the allowed moves', () => {
    const problem = statusMoveProblem('operating', 'resumed');
    expect(problem?.field).toBe('status');
    expect(problem?.reason.en).toContain('allowed moves: suspended, closed');
    expect(problem?.reason.zh).toContain('停业、关闭');
  });

  it('treats closed as final', () => {
    expect(allowedStatusMoves('closed')).toEqual([]);
    for (const to of ['operating', 'suspended', 'resumed', 'closed'] as const) {
      expect(statusMoveProblem('closed', to)?.reason.en).toContain('final');
    }
  });

  it('refuses staying in the same status', () => {
    expect(statusMoveProblem('suspended', 'suspended')).not.toBeNull();
  });
});

describe('effectiveDateProblem', () => {
  it('accepts a day between the current status and today', () => {
    expect(effectiveDateProblem('2020-02-10', '2020-01-25', '2020-02-12')).toBeNull();
    expect(effectiveDateProblem('2020-02-10', null, '2020-02-10')).toBeNull();
  });

  it('refuses an unreal date, a day before the current status, and the future', () => {
    expect(effectiveDateProblem('2020-02-30', null, '2020-03-01')?.field).toBe('effectiveDate');
    expect(effectiveDateProblem('2020-01-20', '2020-01-25', '2020-02-12')?.reason.en).toContain('2020-01-25');
    expect(effectiveDateProblem('2020-02-13', null, '2020-02-12')?.reason.en).toContain('future');
  });
});

describe('classifyOrgQuery', () => {
  it('tells credit codes, phones and name fragments apart', () => {
    expect(classifyOrgQuery(toFullWidth(valid.toLowerCase().toUpperCase()))).toEqual({
      kind: 'creditCode',
      value: valid,
    });
    expect(classifyOrgQuery('138 1234 5678')).toEqual({ kind: 'phone', value: '13812345678' });
    expect(classifyOrgQuery(' 景兴 ')).toEqual({ kind: 'name', value: '景兴' });
  });
});
