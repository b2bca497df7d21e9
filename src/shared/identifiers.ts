// Chinese identifiers: validated the same way in the SPA and on the server.

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet, the last a mod-31 check. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++)
    sum += CREDIT_CODE_CHARS.indexOf(code[i] as string) * (CREDIT_CODE_WEIGHTS[i] as number);
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[check] === code[17];
}

/** Completes 17 characters with their check character (for generators and tests). */
export function creditCodeWithCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++)
    sum += CREDIT_CODE_CHARS.indexOf(first17[i] as string) * (CREDIT_CODE_WEIGHTS[i] as number);
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS = '10X98765432';

function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECKS[sum % 11] as string;
}

/** 18-digit resident identity number (GB 11643-1999): a real birth date and the ISO 7064 MOD 11-2 check. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = birthDateOfResidentId(id);
  if (!birth) return false;
  return residentIdCheck(id.slice(0, 17)) === id[17];
}

export function residentIdWithCheck(first17: string): string {
  return first17 + residentIdCheck(first17);
}

/** YYYY-MM-DD from positions 7–14, or null when that is no real date. */
export function birthDateOfResidentId(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th digit is odd for men, even for women. */
export function genderOfResidentId(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Mainland mobile numbers, or a landline with area code (0573-85123456). */
export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}

/** 330482199001011234 → 330482********1234; short values keep only their last two characters. */
export function maskIdNumber(id: string): string {
  if (id.length >= 12) return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, id.length - 2))}${id.slice(-2)}`;
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
}

/** Full-width digits, letters and spaces → half-width; trims; upper-cases an x check digit. */
export function normaliseIdentifier(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}
