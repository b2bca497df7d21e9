// Which limits and extras each FieldSpec type takes, as the field-list editor offers them and the
// editors' value → FieldSpec conversions keep them.
import type { FieldSpec, FieldType } from '../../../shared/form-fields.ts';

/** Lower-case letter first, then letters, digits and _ (the server's pattern for field keys). */
export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export const TAKES = {
  options: (type: FieldType) => type === 'select' || type === 'multi_select' || type === 'item_list',
  needsOptions: (type: FieldType) => type === 'select' || type === 'multi_select',
  range: (type: FieldType) => type === 'number' || type === 'temperature' || type === 'item_list',
  length: (type: FieldType) => type === 'text' || type === 'textarea',
  unit: (type: FieldType) => type === 'number' || type === 'temperature' || type === 'item_list',
};

export interface LocalisedValues {
  zh?: string;
  en?: string;
}

/** An editor row: the FieldSpec being typed (limits blank as null). */
export interface FieldRowValues {
  key?: string;
  label?: LocalisedValues;
  type?: FieldType;
  required?: boolean;
  options?: { value?: string; label?: LocalisedValues }[];
  min?: number | null;
  max?: number | null;
  unit?: LocalisedValues;
  help?: LocalisedValues;
}

/**
 * The fields a live preview can draw while the admin is still typing: each needs a valid, unique key;
 * a missing label shows the key, and options still without a value are left out.
 */
export function previewable(specs: readonly FieldSpec[]): FieldSpec[] {
  const seen = new Set<string>();
  const out: FieldSpec[] = [];
  for (const spec of specs) {
    if (!FIELD_KEY_PATTERN.test(spec.key) || seen.has(spec.key)) continue;
    seen.add(spec.key);
    const label = {
      zh: spec.label.zh || spec.label.en || spec.key,
      en: spec.label.en || spec.label.zh || spec.key,
    };
    const options = spec.options?.filter((o) => o.value !== '');
    out.push(options ? { ...spec, label, options } : { ...spec, label });
  }
  return out;
}
