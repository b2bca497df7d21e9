import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from '../../../shared/identifiers.ts';
import {
  ageOn,
  checkPersonInput,
  classifyQuery,
  dwellingLabel,
  normalisePhone,
  residentIdProblem,
  sampleResidentId,
  tenancyEndProblem,
} from './people.rules.ts';

const valid = sampleResidentId('330482', '1990-03-07', '123'); // 17th digit 3: male
const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

describe('residentIdProblem', () => {
  it('accepts a valid number', () => {
    expect(residentIdProblem(valid)).toBeNull();
  });

  it('names a wrong length with the count', () => {
    const problem = residentIdProblem(valid.slice(0, 17));
    expect(problem?.field).toBe('idNumber');
    expect(problem?.reason.zh).toContain('18 位');
    expect(problem?.reason.en).toContain('has 17');
  });

  it('names letters in the wrong place', () => {
    expect(residentIdProblem(`A${valid.slice(1)}`)?.reason.en).toContain('17 digits');
  });

  it('names an impossible birth date', () => {
    const badDate = sampleResidentId('330482', '1990-02-30', '123');
    const problem = residentIdProblem(badDate);
    expect(problem?.reason.zh).toContain('出生日期');
    expect(problem?.reason.en).toContain('not a real date');
  });

  it('names a wrong check digit', () => {
    expect(residentIdProblem(wrongCheck)?.reason.en).toContain('check digit');
    expect(residentIdProblem(wrongCheck)?.reason.zh).toContain('校验位');
  });
});

describe('checkPersonInput', () => {
  it('derives birth date and gender from a resident ID, overriding typed ones', () => {
    const { errors, value } = checkPersonInput({
      name: ' 张  三 ',
      idType: 'resident_id',
      idNumber: valid,
      gender: 'female',
      birthDate: '2000-01-01',
    });
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ name: '张 三', birthDate: '1990-03-07', gender: 'male', idNumber: valid });
  });

  it('normalises full-width digits, spaces and a lower-case x', () => {
    const source = Array.from({ length: 200 }, (_, i) =>
      sampleResidentId('330482', '1990-03-07', String(i).padStart(3, '0')),
    ).find((id) => id.endsWith('X'));
    if (!source) throw new Error('no sample ending in X');
    const typed = source
      .toLowerCase()
      .replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      .replace(/^(.{6})/, '$1 ');
    const { errors, value } = checkPersonInput({ name: '李四', idNumber: typed });
    expect(errors).toEqual([]);
    expect(value.idNumber).toBe(source);
  });

  it('derives female from an even 17th digit', () => {
    const female = sampleResidentId('330482', '1985-12-31', '124');
    expect(checkPersonInput({ name: '王芳', idNumber: female }).value.gender).toBe('female');
  });

  it('takes passports as 5–20 characters and keeps typed birth data', () => {
    const ok = checkPersonInput({
      name: 'John',
      idType: 'passport',
      idNumber: 'e1234567',
      birthDate: '1980-05-05',
    });
    expect(ok.errors).toEqual([]);
    expect(ok.value).toMatchObject({ idNumber: 'E1234567', birthDate: '1980-05-05' });
    expect(checkPersonInput({ name: 'John', idType: 'passport', idNumber: 'E12' }).errors[0]?.field).toBe(
      'idNumber',
    );
    expect(
      checkPersonInput({ name: 'John', idType: 'other', idNumber: 'X'.repeat(21) }).errors[0]?.reason.en,
    ).toContain('5–20');
  });

  it('collects every problem: name, phone, birth date, id', () => {
    const { errors } = checkPersonInput({
      name: '',
      idNumber: wrongCheck,
      phone: '12345',
      birthDate: '1990-02-30',
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['birthDate', 'idNumber', 'name', 'phone']);
  });

  it('stores +86 mobiles as 11 digits', () => {
    expect(normalisePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(checkPersonInput({ name: '赵六', phone: '0573-85123456' }).errors).toEqual([]);
  });
});

describe('classifyQuery', () => {
  it('tells an ID, a phone, a passport and a name apart', () => {
    expect(classifyQuery(valid)).toEqual({ kind: 'idNumber', value: valid });
    expect(classifyQuery('138 1234 5678')).toEqual({ kind: 'phone', value: '13812345678' });
    expect(classifyQuery('e1234567')).toEqual({ kind: 'idNumber', value: 'E1234567' });
    expect(classifyQuery(' 张 ')).toEqual({ kind: 'name', value: '张' });
  });
});

describe('masks and small helpers', () => {
  it('masks an ID and a phone', () => {
    expect(maskIdNumber(valid)).toBe(`330482********${valid.slice(-4)}`);
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('counts whole years of age', () => {
    expect(ageOn('1990-03-07', '2024-03-06')).toBe(33);
    expect(ageOn('1990-03-07', '2024-03-07')).toBe(34);
    expect(ageOn(null, '2024-03-07')).toBeNull();
  });

  it('labels a dwelling without empty parts', () => {
    expect(dwellingLabel({ building: '3幢', unit: '', room: '501' })).toBe('3幢-501');
  });

  it('refuses a tenancy ending before it starts', () => {
    expect(tenancyEndProblem('2024-05-01', '2024-04-30')?.field).toBe('endDate');
    expect(tenancyEndProblem('2024-05-01', '2024-05-01')).toBeNull();
  });
});
