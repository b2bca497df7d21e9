// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the pure parts — formats, XML, status
// mapping, request ids and the POST body. No database here.
import type { CaseFieldSpec as FieldSpec } from '../../../shared/form-fields.ts';

export type Open311Format = 'json' | 'xml';

export function formatOf(raw: string): Open311Format | null {
  return raw === 'json' || raw === 'xml' ? raw : null;
}

/** An error as the spec writes it: the HTTP status as code, a description. */
export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** A failure the Open311 plugin answers in the spec's error format (JSON list or <errors>). */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: string[],
  ) {
    super(descriptions.join('; '));
  }
  get items(): Open311ErrorItem[] {
    return this.descriptions.map((description) => ({ code: this.status, description }));
  }
}

const OPEN = new Set(['submitted', 'accepted', 'in_progress']);

/** open while someone is to act (submitted, accepted, in progress); closed otherwise. */
export function open311Status(status: string): 'open' | 'closed' {
  return OPEN.has(status) ? 'open' : 'closed';
}

/** The lifecycle statuses behind an Open311 status filter. */
export function statusesFor(filter: 'open' | 'closed'): string[] {
  return filter === 'open' ? [...OPEN] : ['resolved', 'closed', 'rejected', 'withdrawn', 'merged'];
}

/** GL-000123 (or 123) → 123; null for anything else. */
export function requestNumberOf(id: string): number | null {
  const match = /^(?:GL-)?(\d{1,15})$/i.exec(id.trim());
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A comma-separated parameter as a list of non-empty values. */
export function listParam(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

// ── XML ─────────────────────────────────────────────────────────────────────────

export type XmlValue = string | number | boolean | null | XmlValue[] | { [key: string]: XmlValue };

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

/** attributes → attribute, values → value, service_requests → request (the spec's element names). */
export function singular(name: string): string {
  if (name === 'service_requests') return 'request';
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function element(name: string, value: XmlValue, itemName?: string): string {
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = itemName ?? singular(name);
    return `<${name}>${value.map((v) => element(child, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A UTF-8 XML document: root element, and for a list the name of each item. */
export function xmlDocument(root: string, value: XmlValue, itemName?: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemName)}`;
}

// ── service definitions ─────────────────────────────────────────────────────────

const DATATYPES: Record<FieldSpec['type'], string> = {
  text: 'string',
  textarea: 'text',
  number: 'number',
  date: 'datetime',
  select: 'singlevaluelist',
  boolean: 'singlevaluelist',
};

/** A case type's form fields as Open311 attributes (all variable: the client asks the resident). */
export function attributesOf(fields: readonly FieldSpec[], lang: 'zh' | 'en') {
  return fields.map((f, i) => {
    const values =
      f.type === 'select'
        ? (f.options ?? []).map((o) => ({ key: o.value, name: o.label[lang] }))
        : f.type === 'boolean'
          ? [
              { key: 'true', name: lang === 'zh' ? '是' : 'Yes' },
              { key: 'false', name: lang === 'zh' ? '否' : 'No' },
            ]
          : [];
    return {
      variable: true,
      code: f.key,
      datatype: DATATYPES[f.type] ?? 'string',
      required: f.required,
      datatype_description: f.help?.[lang] ?? null,
      order: i + 1,
      description: f.label[lang],
      ...(values.length > 0 ? { values } : {}),
    };
  });
}

// ── POST requests ───────────────────────────────────────────────────────────────

export interface Open311PostInput {
  serviceCode: string;
  lat: number | null;
  lon: number | null;
  addressString: string | null;
  addressId: string | null;
  description: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, string>;
}

const text = (value: unknown): string | null => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
};

/** The form (or JSON) body of POST requests → an input, or the spec's 400 descriptions. */
export function parsePostBody(
  body: Record<string, unknown>,
): { input: Open311PostInput } | { errors: string[] } {
  const errors: string[] = [];
  const serviceCode = text(body.service_code);
  if (!serviceCode) errors.push('service_code was not provided');
  const coordinate = (key: string, min: number, max: number): number | null => {
    const raw = text(body[key]);
    if (raw === null) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      errors.push(`${key} must be a number from ${min} to ${max}`);
      return null;
    }
    return n;
  };
  const lat = coordinate('lat', -90, 90);
  const lon = coordinate('long', -180, 180);
  if ((text(body.lat) === null) !== (text(body.long) === null))
    errors.push('lat and long must be given together');
  const addressString = text(body.address_string);
  const addressId = text(body.address_id);
  if (text(body.lat) === null && addressString === null && addressId === null) {
    errors.push('a location is required: lat and long, address_string or address_id');
  }
  const description = text(body.description);
  if (!description) errors.push('description was not provided');
  else if ([...description].length > 4000) errors.push('description must be at most 4000 characters');
  const limit = (key: string, max: number): string | null => {
    const v = text(body[key]);
    if (v !== null && [...v].length > max) {
      errors.push(`${key} must be at most ${max} characters`);
      return null;
    }
    return v;
  };
  const firstName = limit('first_name', 50);
  const lastName = limit('last_name', 50);
  const phone = limit('phone', 20);
  const email = limit('email', 200);
  const address = limit('address_string', 500);
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = /^attribute\[(.+)\]$/.exec(key);
    const v = text(value);
    if (match?.[1] && v !== null) attributes[match[1]] = v;
  }
  if (errors.length > 0 || !serviceCode || !description) return { errors };
  return {
    input: {
      serviceCode,
      lat,
      lon,
      addressString: address,
      addressId,
      description,
      firstName,
      lastName,
      phone,
      email,
      attributes,
    },
  };
}

/**
 * Open311 sends every attribute as a string: numbers and yes/no answers are read back into the types
 * the case type's form declares, so a case filed through Open311 holds the same answers as one filed
 * in the app. Unknown attribute codes are dropped.
 */
export function attributeAnswers(
  fields: readonly FieldSpec[],
  attributes: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const spec of fields) {
    const raw = attributes[spec.key];
    if (raw === undefined) continue;
    if (spec.type === 'number') answers[spec.key] = raw.trim() === '' ? '' : Number(raw);
    else if (spec.type === 'boolean') answers[spec.key] = raw === 'true' || raw === '1';
    else answers[spec.key] = raw;
  }
  return answers;
}
