import { describe, expect, it } from 'vitest';
import {
  birthDateOfResidentId,
  creditCodeWithCheck,
  genderOfResidentId,
  isValidCreditCode,
  isValidPhone,
  isValidResidentId,
  maskIdNumber,
  maskPhone,
  normaliseIdentifier,
  residentIdWithCheck,
} from './identifiers.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a published valid code and refuses it with a wrong check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });
  it('refuses the wrong length and letters outside its alphabet (I, O, S, V, Z)', () => {
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M0001O0Y43')).toBe(false);
  });
  it('completes a check character that validates', () => {
    expect(isValidCreditCode(creditCodeWithCheck('91330482MA2B12345'))).toBe(true);
  });
});

describe('resident identity number (GB 11643)', () => {
  it('accepts the standard example with an X check digit and refuses a changed digit', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
  });
  it('refuses an impossible birth date even with a matching check digit', () => {
    expect(isValidResidentId(residentIdWithCheck('33048219900230123'))).toBe(false);
    expect(birthDateOfResidentId('330482199002301234')).toBeNull();
  });
  it('reads birth date and gender', () => {
    const id = residentIdWithCheck('33048219900101123');
    expect(isValidResidentId(id)).toBe(true);
    expect(birthDateOfResidentId(id)).toBe('1990-01-01');
    expect(genderOfResidentId(id)).toBe('male');
    expect(genderOfResidentId(residentIdWithCheck('33048219900101124'))).toBe('female');
  });
});

describe('masking and normalising', () => {
  it('masks as the product shows it', () => {
    expect(maskIdNumber('330482199001011234')).toBe('330482********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('E123')).toBe('**23');
  });
  it('turns full-width digits and spaces into plain ones', () => {
    expect(normaliseIdentifier('３３０４８２ １９９０　x')).toBe('3304821990X');
  });
  it('knows mobile and landline numbers', () => {
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('0573-85123456')).toBe(true);
    expect(isValidPhone('12812345678')).toBe(false);
  });
});
