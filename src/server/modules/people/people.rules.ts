import type { LocalisedFieldError } from '../../core/errors.ts';
import {
  birthDateOfResidentId,
  genderOfResidentId,
  isValidPhone,
  isValidResidentId,
  normaliseIdentifier,
  residentIdWithCheck,
} from '../../../shared/identifiers.ts';
import { ID_TYPES, type IdType } from '../../../shared/registries.ts';

export type Gender = 'male' | 'female';

/**
 * Why a resident identity number is wrong, told apart so a worker at the door knows whether a digit is
 * missing, the birth date was mistyped, or one digit is off (the check digit catches that).
 */
export function residentIdProblem(id: string): LocalisedFieldError | null {
  const field = 'idNumber';
  if (!/^\d{17}[\dX]$/.test(id)) {
    if (id.length !== 18) {
      return {
        field,
        reason: {
          zh: `身份证号应为 18 位，当前为 ${id.length} 位`,
          en: `a resident ID has 18 characters; this one has ${id.length}`,
        },
      };
    }
    return {
      field,
      reason: {
        zh: '身份证号前 17 位应为数字，最后一位为数字或 X',
        en: 'a resident ID is 17 digits followed by a digit or X',
      },
    };
  }
  if (!birthDateOfResidentId(id)) {
    return {
      field,
      reason: {
        zh: `身份证号中的出生日期 ${id.slice(6, 14)} 不是有效日期`,
        en: `the birth date in this resident ID (${id.slice(6, 14)}) is not a real date`,
      },
    };
  }
  if (!isValidResidentId(id)) {
    return {
      field,
      reason: {
        zh: '身份证号校验位不正确，请核对每一位数字',
        en: 'the check digit of this resident ID is wrong; check each digit',
      },
    };
  }
  return null;
}

/** Passports and other documents: 5–20 letters, digits or hyphens once normalised. */
export function otherIdProblem(id: string): LocalisedFieldError | null {
  if (id.length < 5 || id.length > 20) {
    return {
      field: 'idNumber',
      reason: { zh: '证件号码应为 5–20 个字符', en: 'the document number must be 5–20 characters' },
    };
  }
  if (!/^[0-9A-Z-]+$/.test(id)) {
    return {
      field: 'idNumber',
      reason: {
        zh: '证件号码只能包含字母、数字和连字符',
        en: 'the document number may hold only letters, digits and hyphens',
      },
    };
  }
  return null;
}

/** Mobile numbers written as +86 138… or 86138… are stored as the bare 11 digits, so lookups match. */
export function normalisePhone(raw: string): string {
  const text = normaliseIdentifier(raw);
  const international = /^\+?86(1\d{10})$/.exec(text);
  return international?.[1] ?? text;
}

export function phoneProblem(phone: string): LocalisedFieldError | null {
  if (isValidPhone(phone)) return null;
  return {
    field: 'phone',
    reason: {
      zh: '请填写 11 位手机号或带区号的固定电话（如 0573-85123456）',
      en: 'enter an 11-digit mobile number or a landline with area code (e.g. 0573-85123456)',
    },
  };
}

export interface PersonInput {
  name?: string;
  idType?: string;
  idNumber?: string | null;
  phone?: string | null;
  gender?: string | null;
  birthDate?: string | null;
}

export interface CheckedPerson {
  name: string;
  idType: IdType;
  /** Normalised (half-width, no spaces, upper case), or null when none was given. */
  idNumber: string | null;
  phone: string | null;
  gender: Gender | null;
  birthDate: string | null;
}

/** A real calendar day written as YYYY-MM-DD. */
export const isIsoDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
};

/**
 * Validates one person as typed by a worker or read from a spreadsheet row, and returns the normalised
 * values with birth date and gender derived from a resident ID (pure: used by the API and the import engine).
 */
export function checkPersonInput(input: PersonInput): {
  errors: LocalisedFieldError[];
  value: CheckedPerson;
} {
  const errors: LocalisedFieldError[] = [];
  const name = (input.name ?? '').replace(/\s+/g, ' ').trim();
  if (name.length === 0) errors.push({ field: 'name', reason: { zh: '请填写姓名', en: 'name is required' } });
  else if (name.length > 50)
    errors.push({
      field: 'name',
      reason: { zh: '姓名不能超过 50 个字', en: 'name is at most 50 characters' },
    });

  const idType = (ID_TYPES as readonly string[]).includes(input.idType ?? 'resident_id')
    ? ((input.idType ?? 'resident_id') as IdType)
    : null;
  if (idType === null) {
    errors.push({
      field: 'idType',
      reason: {
        zh: `证件类型无效（可选：${ID_TYPES.join(', ')}）`,
        en: `must be one of: ${ID_TYPES.join(', ')}`,
      },
    });
  }

  const idNumber = input.idNumber ? normaliseIdentifier(input.idNumber) : null;
  let gender: Gender | null = input.gender === 'male' || input.gender === 'female' ? input.gender : null;
  if (input.gender && gender === null) {
    errors.push({ field: 'gender', reason: { zh: '性别应为 male 或 female', en: 'must be male or female' } });
  }
  let birthDate = input.birthDate ?? null;
  if (birthDate !== null && !isIsoDate(birthDate)) {
    errors.push(dateProblem('birthDate'));
    birthDate = null;
  }
  if (idNumber) {
    const problem = idType === 'resident_id' ? residentIdProblem(idNumber) : otherIdProblem(idNumber);
    if (problem) errors.push(problem);
    else if (idType === 'resident_id') {
      birthDate = birthDateOfResidentId(idNumber);
      gender = genderOfResidentId(idNumber);
    }
  }

  let phone: string | null = null;
  if (input.phone) {
    phone = normalisePhone(input.phone);
    const problem = phoneProblem(phone);
    if (problem) errors.push(problem);
  }

  return {
    errors,
    value: { name, idType: idType ?? 'resident_id', idNumber, phone, gender, birthDate },
  };
}

export type PeopleQueryKind = 'idNumber' | 'phone' | 'name';

/**
 * What a search box entry is: an exact identity or passport number, an exact phone, or a name fragment.
 * Numbers are found by their keyed hash, so only a whole, exactly typed number can match.
 */
export function classifyQuery(raw: string): { kind: PeopleQueryKind; value: string } {
  const text = normaliseIdentifier(raw);
  if (/^\d{17}[\dX]$/.test(text)) return { kind: 'idNumber', value: text };
  const phone = normalisePhone(raw);
  if (isValidPhone(phone)) return { kind: 'phone', value: phone };
  if (/^[0-9A-Z-]{5,20}$/.test(text) && /\d/.test(text)) return { kind: 'idNumber', value: text };
  return { kind: 'name', value: raw.trim() };
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age < 0 ? null : age;
}

/** A dwelling as people say it: 3幢-2单元-501. */
export function dwellingLabel(d: { building: string; unit: string; room: string }): string {
  return [d.building, d.unit, d.room].filter((part) => part !== '').join('-');
}

/** The levels a person, household or tenancy may be filed under. */
export const PERSON_AREA_LEVELS = ['grid', 'place'] as const;

export function tenancyEndProblem(startDate: string, endDate: string): LocalisedFieldError | null {
  if (endDate < startDate) {
    return {
      field: 'endDate',
      reason: {
        zh: `结束日期不能早于开始日期 ${startDate}`,
        en: `the end date cannot be before the start date ${startDate}`,
      },
    };
  }
  return null;
}

/** For tests and demo generators: a valid resident ID born on a given day. */
export function sampleResidentId(region: string, birth: string, sequence: string): string {
  return residentIdWithCheck(`${region}${birth.replace(/-/g, '')}${sequence}`);
}

export function dateProblem(field: string): LocalisedFieldError {
  return { field, reason: { zh: '日期无效，格式应为 YYYY-MM-DD', en: 'must be a real date as YYYY-MM-DD' } };
}
