import type { LocalisedFieldError } from '../../core/errors.ts';
import { isValidCreditCode, isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';
import {
  INDUSTRY_SECTIONS,
  ORG_KINDS,
  ORG_STATUSES,
  ORG_TAGS,
  type OrgKind,
  type OrgStatus,
} from '../../../shared/registries.ts';
import type { AreaLevel } from '../../../shared/areas.ts';

/** Organisations are filed under a town, community, grid or place — never the city as a whole. */
export const ORG_AREA_LEVELS: readonly AreaLevel[] = ['town', 'community', 'grid', 'place'];

const CREDIT_CODE_ALPHABET = /^[0-9A-HJ-NPQRTUWXY]+$/;

/**
 * Why a credit code is wrong, told apart: a missing or extra character, a letter that never occurs in
 * credit codes (I, O, S, V, Z) or in the region-code digits, or one mistyped character (the check catches it).
 */
export function creditCodeProblem(code: string): LocalisedFieldError | null {
  const field = 'creditCode';
  if (code.length !== 18) {
    return {
      field,
      reason: {
        zh: `统一社会信用代码应为 18 位，当前为 ${code.length} 位`,
        en: `a credit code has 18 characters; this one has ${code.length}`,
      },
    };
  }
  if (!CREDIT_CODE_ALPHABET.test(code)) {
    return {
      field,
      reason: {
        zh: '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）',
        en: 'a credit code holds only digits and capital letters other than I, O, S, V and Z',
      },
    };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return {
      field,
      reason: {
        zh: '统一社会信用代码第 3–8 位应为行政区划代码（数字）',
        en: 'characters 3–8 of a credit code are the region code and must be digits',
      },
    };
  }
  if (!isValidCreditCode(code)) {
    return {
      field,
      reason: {
        zh: '统一社会信用代码校验位不正确，请逐位核对',
        en: 'the check character is wrong; check each character',
      },
    };
  }
  return null;
}

/** Mobile numbers written as +86 138… are stored as the bare 11 digits, so hash lookups match. */
export function normaliseContactPhone(raw: string): string {
  const text = normaliseIdentifier(raw);
  return /^\+?86(1\d{10})$/.exec(text)?.[1] ?? text;
}

export interface OrgInput {
  name?: string | null;
  kind?: string | null;
  creditCode?: string | null;
  aboveScale?: boolean | null;
  industry?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  tags?: readonly string[] | null;
  status?: string | null;
  statusSince?: string | null;
}

export interface CheckedOrg {
  name: string;
  kind: OrgKind;
  /** Normalised (half-width, no spaces, upper case), or null when none was given. */
  creditCode: string | null;
  aboveScale: boolean;
  industry: string | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  tags: string[];
  status: OrgStatus;
  statusSince: string | null;
}

const blankToNull = (text: string | null | undefined): string | null => {
  const trimmed = (text ?? '').replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
};

/** The values an organisation is stored with: trimmed, normalised, defaults filled in. */
export function normaliseOrgInput(input: OrgInput): CheckedOrg {
  const kind = (ORG_KINDS as readonly string[]).includes(input.kind ?? '')
    ? (input.kind as OrgKind)
    : 'enterprise';
  const status = (ORG_STATUSES as readonly string[]).includes(input.status ?? '')
    ? (input.status as OrgStatus)
    : 'operating';
  const industry = input.industry ? normaliseIdentifier(input.industry) : null;
  return {
    name: blankToNull(input.name) ?? '',
    kind,
    creditCode: input.creditCode ? normaliseIdentifier(input.creditCode) || null : null,
    aboveScale: input.aboveScale ?? false,
    industry: industry || null,
    address: blankToNull(input.address),
    contactName: blankToNull(input.contactName),
    contactPhone: input.contactPhone ? normaliseContactPhone(input.contactPhone) || null : null,
    tags: [...new Set(input.tags ?? [])],
    status,
    statusSince: input.statusSince ?? null,
  };
}

/** A real calendar day written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const oneOf = (field: string, allowed: readonly string[]): LocalisedFieldError => ({
  field,
  reason: { zh: `取值无效（可选：${allowed.join(', ')}）`, en: `must be one of: ${allowed.join(', ')}` },
});

// Import engine: the checks an organisation gets beyond its JSON schema, the same as POST /api/orgs applies.
export function checkOrgInput(input: OrgInput): LocalisedFieldError[] {
  const errors: LocalisedFieldError[] = [];
  const value = normaliseOrgInput(input);
  if (value.name === '') errors.push({ field: 'name', reason: { zh: '请填写名称', en: 'name is required' } });
  else if (value.name.length > 200)
    errors.push({
      field: 'name',
      reason: { zh: '名称不能超过 200 个字', en: 'name is at most 200 characters' },
    });
  if (input.kind && !(ORG_KINDS as readonly string[]).includes(input.kind))
    errors.push(oneOf('kind', ORG_KINDS));
  if (value.creditCode) {
    const problem = creditCodeProblem(value.creditCode);
    if (problem) errors.push(problem);
  } else if (value.aboveScale) {
    // Every above-scale enterprise is a registered legal person, so it has a code.
    errors.push({
      field: 'creditCode',
      reason: {
        zh: '规上企业必须填写统一社会信用代码',
        en: 'an above-scale enterprise needs its credit code',
      },
    });
  }
  if (value.industry && !(INDUSTRY_SECTIONS as readonly string[]).includes(value.industry))
    errors.push(oneOf('industry', INDUSTRY_SECTIONS));
  if (value.address && value.address.length > 300)
    errors.push({
      field: 'address',
      reason: { zh: '地址不能超过 300 个字', en: 'address is at most 300 characters' },
    });
  if (value.contactName && value.contactName.length > 50)
    errors.push({
      field: 'contactName',
      reason: { zh: '联系人不能超过 50 个字', en: 'contact name is at most 50 characters' },
    });
  if (value.contactPhone && !isValidPhone(value.contactPhone))
    errors.push({
      field: 'contactPhone',
      reason: {
        zh: '请填写 11 位手机号或带区号的固定电话（如 0573-85123456）',
        en: 'enter an 11-digit mobile number or a landline with area code (e.g. 0573-85123456)',
      },
    });
  const unknownTag = value.tags.find((tag) => !(ORG_TAGS as readonly string[]).includes(tag));
  if (unknownTag !== undefined) errors.push(oneOf('tags', ORG_TAGS));
  if (input.status && !(ORG_STATUSES as readonly string[]).includes(input.status))
    errors.push(oneOf('status', ORG_STATUSES));
  if (value.statusSince !== null && !isIsoDate(value.statusSince))
    errors.push({
      field: 'statusSince',
      reason: { zh: '日期无效，格式应为 YYYY-MM-DD', en: 'must be a real date as YYYY-MM-DD' },
    });
  return errors;
}

/**
 * The operating-status life cycle: an operating firm may suspend or close; a suspended one resumes or
 * closes; a resumed one may suspend again (a second wave) or close. Closed is final: a reopened business
 * registers anew.
 */
export const ORG_STATUS_MOVES: Readonly<Record<OrgStatus, readonly OrgStatus[]>> = {
  operating: ['suspended', 'closed'],
  suspended: ['resumed', 'closed'],
  resumed: ['suspended', 'closed'],
  closed: [],
};

export function allowedStatusMoves(from: string): readonly OrgStatus[] {
  return ORG_STATUS_MOVES[from as OrgStatus] ?? [];
}

const STATUS_NAMES: Record<OrgStatus, { zh: string; en: string }> = {
  operating: { zh: '在营', en: 'operating' },
  suspended: { zh: '停业', en: 'suspended' },
  resumed: { zh: '复工', en: 'resumed' },
  closed: { zh: '关闭', en: 'closed' },
};

/** Null when the move is allowed; otherwise a reason naming the moves that are. */
export function statusMoveProblem(from: string, to: OrgStatus): LocalisedFieldError | null {
  const allowed = allowedStatusMoves(from);
  if (allowed.includes(to)) return null;
  const name = STATUS_NAMES[from as OrgStatus] ?? { zh: from, en: from };
  if (allowed.length === 0) {
    return {
      field: 'status',
      reason: {
        zh: `当前状态为“${name.zh}”，不能再变更（关闭为最终状态）`,
        en: `the status is ${name.en}, which is final; no move is allowed`,
      },
    };
  }
  return {
    field: 'status',
    reason: {
      zh: `当前状态为“${name.zh}”，只能变更为：${allowed.map((s) => STATUS_NAMES[s].zh).join('、')}`,
      en: `the status is ${name.en}; allowed moves: ${allowed.join(', ')}`,
    },
  };
}

/** The effective date of a change: a real day, not before the current status began, not in the future. */
export function effectiveDateProblem(
  effectiveDate: string,
  statusSince: string | null,
  today: string,
): LocalisedFieldError | null {
  const field = 'effectiveDate';
  if (!isIsoDate(effectiveDate))
    return {
      field,
      reason: { zh: '日期无效，格式应为 YYYY-MM-DD', en: 'must be a real date as YYYY-MM-DD' },
    };
  if (statusSince !== null && effectiveDate < statusSince)
    return {
      field,
      reason: {
        zh: `生效日期不能早于当前状态的开始日期 ${statusSince}`,
        en: `cannot be before the current status began (${statusSince})`,
      },
    };
  if (effectiveDate > today)
    return { field, reason: { zh: '生效日期不能晚于今天', en: 'cannot be in the future' } };
  return null;
}

export type OrgQueryKind = 'creditCode' | 'phone' | 'name';

/**
 * What a search box entry is: a whole credit code (matched exactly), a whole phone number (matched by its
 * keyed hash, so only an exactly typed number finds anything), or a name fragment.
 */
export function classifyOrgQuery(raw: string): { kind: OrgQueryKind; value: string } {
  const text = normaliseIdentifier(raw);
  if (text.length === 18 && CREDIT_CODE_ALPHABET.test(text) && /\d/.test(text))
    return { kind: 'creditCode', value: text };
  const phone = normaliseContactPhone(raw);
  if (isValidPhone(phone)) return { kind: 'phone', value: phone };
  return { kind: 'name', value: raw.trim() };
}
