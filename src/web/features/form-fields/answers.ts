// A form's values as the inputs hold them while being typed → the answers the shared validator and
// the server expect.
import type { FieldAnswers, FieldSpec } from '../../../shared/form-fields.ts';

/** An item-list row as an input holds it: the amount may still be text being typed ("3."). */
export interface ItemRow {
  item?: string;
  value?: unknown;
}

/** Typed text that reads as a number becomes that number; anything else is left for the validator to name. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : value;
}

const blank = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * One answer: numbers typed as text become numbers ("36.5" is 36.5), blank text and null are no answer,
 * item rows left blank are dropped and the rest trimmed, an empty list is no answer.
 */
export function answerOf(spec: FieldSpec, value: unknown): unknown {
  if (blank(value)) return undefined;
  if (spec.type === 'number' || spec.type === 'temperature') return toNumber(value);
  if (spec.type === 'item_list' && Array.isArray(value)) {
    const rows = (value as (ItemRow | undefined)[])
      .filter((r): r is ItemRow => r !== undefined && (!blank(r.item) || !blank(r.value)))
      .map((r) => ({ item: (r.item ?? '').trim(), value: toNumber(r.value) ?? null }));
    return rows.length === 0 ? undefined : rows;
  }
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/** All answers of a form: each field's answer, blanks left out. */
export function answersOf(
  specs: readonly FieldSpec[],
  values: Record<string, unknown> | undefined,
): FieldAnswers {
  const out: FieldAnswers = {};
  for (const spec of specs) {
    const answer = answerOf(spec, values?.[spec.key]);
    if (answer !== undefined) out[spec.key] = answer;
  }
  return out;
}
