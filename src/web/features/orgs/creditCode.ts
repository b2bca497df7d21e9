import { isValidCreditCode, isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';

export type CreditCodeIssue = { key: 'length'; count: number } | { key: 'chars' } | { key: 'check' };

/** The same checks as the server, told apart so the form can say what is wrong before sending. */
export function creditCodeIssue(raw: string): CreditCodeIssue | null {
  const code = normaliseIdentifier(raw);
  if (code === '') return null;
  if (code.length !== 18) return { key: 'length', count: code.length };
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return { key: 'chars' };
  return isValidCreditCode(code) ? null : { key: 'check' };
}

/** +86 and spaces allowed, as the server normalises them. */
export function phoneLooksValid(raw: string): boolean {
  const text = normaliseIdentifier(raw);
  return isValidPhone(/^\+?86(1\d{10})$/.exec(text)?.[1] ?? text);
}
