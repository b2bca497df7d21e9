// The new-version editor's form values and the request body made from them. The values mirror the
// body (fields.0.label.zh, fields.2.options.1.value…) so the server's field errors land on the inputs.

import { FIELD_TYPES, type FieldSpec, type FieldType, type Localised } from '../../../shared/form-fields.ts';
import { TAKES, previewable, type FieldRowValues, type LocalisedValues } from '../form-fields/field-kinds.ts';
import type { NewFormVersionBody, RecordForm } from './api.ts';

export interface FormVersionValues {
  name?: LocalisedValues;
  description?: LocalisedValues;
  fields?: FieldRowValues[];
}

const trim = (value: string | undefined | null): string => (value ?? '').trim();

/** Both languages, a blank one filled from the other; null when both are blank. */
function bothOrNull(value: LocalisedValues | undefined): Localised | null {
  const zh = trim(value?.zh);
  const en = trim(value?.en);
  if (!zh && !en) return null;
  return { zh: zh || en, en: en || zh };
}

function localised(value: LocalisedValues | undefined): Localised {
  return { zh: trim(value?.zh), en: trim(value?.en) };
}

export function toFieldValues(f: FieldSpec): FieldRowValues {
  return {
    key: f.key,
    label: { ...f.label },
    type: f.type,
    required: f.required,
    options: f.options?.map((o) => ({ value: o.value, label: { ...o.label } })) ?? [],
    min: f.min ?? null,
    max: f.max ?? null,
    unit: f.unit ? { ...f.unit } : { zh: '', en: '' },
    help: f.help ? { ...f.help } : { zh: '', en: '' },
  };
}

export function toVersionValues(form: RecordForm): FormVersionValues {
  return {
    name: { ...form.name },
    description: form.description ? { ...form.description } : { zh: '', en: '' },
    fields: form.fields.map(toFieldValues),
  };
}

/** One FieldSpec from an editor row: options, limits and unit only where the type takes them. */
export function toFieldSpec(f: FieldRowValues): FieldSpec {
  const type: FieldType = f.type && (FIELD_TYPES as readonly string[]).includes(f.type) ? f.type : 'text';
  const spec: FieldSpec = {
    key: trim(f.key),
    label: localised(f.label),
    type,
    required: f.required ?? false,
  };
  if (TAKES.options(type)) {
    const options = (f.options ?? []).map((o) => {
      const label = bothOrNull(o.label) ?? { zh: trim(o.value), en: trim(o.value) };
      return { value: trim(o.value), label };
    });
    if (options.length > 0 || TAKES.needsOptions(type)) spec.options = options;
  }
  if (TAKES.range(type) && typeof f.min === 'number') spec.min = f.min;
  if ((TAKES.range(type) || TAKES.length(type)) && typeof f.max === 'number') spec.max = f.max;
  if (TAKES.unit(type)) {
    const unit = bothOrNull(f.unit);
    if (unit) spec.unit = unit;
  }
  const help = bothOrNull(f.help);
  if (help) spec.help = help;
  return spec;
}

/** The body of POST /api/record-forms/:key/versions; what the editor does not touch carries over. */
export function toVersionBody(
  values: FormVersionValues,
  current: RecordForm,
): NewFormVersionBody & {
  expectation: RecordForm['expectation'];
  offline: boolean;
  channels: RecordForm['channels'];
} {
  return {
    name: localised(values.name),
    description: bothOrNull(values.description),
    fields: (values.fields ?? []).map(toFieldSpec),
    expectation: current.expectation,
    offline: current.offline,
    channels: current.channels,
  };
}

/** The fields the live preview can draw while the admin is still typing (see previewable). */
export function previewSpecs(fields: readonly (FieldRowValues | undefined)[] | undefined): FieldSpec[] {
  return previewable(
    (fields ?? []).filter((row): row is FieldRowValues => row !== undefined).map(toFieldSpec),
  );
}

/** JSON with object keys sorted, so the same spec compares equal whatever order its keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** What changed from one version's fields to the next: keys added, removed, and changed. */
export function fieldChanges(
  before: readonly FieldSpec[],
  after: readonly FieldSpec[],
): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((f) => [f.key, canonical(f)]));
  const next = new Map(after.map((f) => [f.key, canonical(f)]));
  return {
    added: [...next.keys()].filter((k) => !old.has(k)),
    removed: [...old.keys()].filter((k) => !next.has(k)),
    changed: [...next.keys()].filter((k) => old.has(k) && old.get(k) !== next.get(k)),
  };
}
