import type { Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { birthDateOfResidentId, genderOfResidentId } from '../../../shared/identifiers.ts';
import type { OrgKind, OrgStatus, ResidentType } from '../../../shared/registries.ts';
import type { RawCell } from './imports.parse.ts';
import {
  REQUIRED_REASON,
  cellText,
  maskForDisplay,
  normaliseBoolean,
  normaliseChoice,
  normaliseCreditCode,
  normaliseDate,
  normalisePhoneCell,
  normaliseResidentId,
  normaliseText,
  resolveArea,
  type AreaLookup,
  type CellProblem,
  type FieldSpec,
  type Normalised,
} from './imports.rules.ts';
import * as repo from './imports.repo.ts';
import { pathWithin } from '../../core/access/policy.ts';
import { checkOrgInput } from '../orgs/orgs.rules.ts';
import { upsertOrgsByCreditCode, type NewOrgRow, type OrgRow } from '../orgs/orgs.repo.ts';
import { checkPersonInput } from '../people/people.rules.ts';
import { upsertPeopleByIdHash, type NewPersonRow, type PersonRow } from '../people/people.repo.ts';

export const REGISTRIES = ['orgs', 'people'] as const;
export type Registry = (typeof REGISTRIES)[number];

export interface ApplyResult {
  inserted: number;
  updated: number;
  /** Every registry row written, by id and natural key. */
  written: Array<{ id: string; key: string; inserted: boolean }>;
  /** Organisation status-history rows added. */
  historyIds: string[];
}

export interface NormaliseContext {
  areas: AreaLookup;
}

export type RowOutcome<V> = { value: V } | { errors: CellProblem[] };

/** A row ready to write, and the version of the stored row it was merged with (null: none was stored). */
export interface PreparedRow<Row> {
  row: Row;
  version: number | null;
}

/** What the import engine needs from a registry; the engine knows nothing else about it. */
export interface RegistryAdapter<V, P = unknown> {
  registry: Registry;
  /** The entity its rows are in an undo log. */
  entity: 'person' | 'org';
  fields: readonly FieldSpec[];
  /** The stored natural key of a prepared row (ID hash, credit code). */
  keyOfPrepared(prepared: P): string;
  /** The field holding the natural key (an upsert updates the row carrying it). */
  keyField: string;
  /** Pure: the cells of one row, keyed by field (only mapped fields present), to a value or its problems. */
  normaliseRow(raw: Readonly<Record<string, RawCell>>, ctx: NormaliseContext): RowOutcome<V>;
  naturalKey(value: V): string;
  /** The value as a preview shows it: personal data masked. */
  preview(value: V): Record<string, RawCell>;
  /** Natural keys of these values already registered outside the scope (they may not be taken over). */
  findOutsideScope(db: Db, values: V[], scopePath: string | null): Promise<Set<string>>;
  /**
   * Builds the stored rows (sealed, merged with what is stored: only the mapped fields overwrite) without
   * writing anything, so it runs outside the apply's transaction. Throws ScopeConflict.
   */
  prepare(db: Db, values: V[], mapped: ReadonlySet<string>, scopePath: string | null): Promise<P[]>;
  /**
   * Upserts prepared rows by natural key inside the caller's transaction; rows stored or changed since
   * they were prepared are merged again first. Throws ScopeConflict.
   */
  write(tx: Db, prepared: P[], mapped: ReadonlySet<string>, scopePath: string | null): Promise<ApplyResult>;
}

/** Collects field outcomes; a row is valid only when none failed. */
class RowCheck {
  readonly errors: CellProblem[] = [];
  constructor(private readonly raw: Readonly<Record<string, RawCell>>) {}

  has(field: string): boolean {
    return field in this.raw && cellText(this.raw[field] ?? null) !== '';
  }

  /** undefined: column not mapped; null: mapped but empty; otherwise the normalised value. */
  optional<T>(field: string, normalise: (cell: RawCell) => Normalised<T>): T | null | undefined {
    if (!(field in this.raw)) return undefined;
    const cell = this.raw[field] ?? null;
    if (cellText(cell) === '') return null;
    const out = normalise(cell);
    if ('error' in out) {
      this.errors.push({ field, value: cell, reason: out.error });
      return null;
    }
    return out.value;
  }

  required<T>(field: string, normalise: (cell: RawCell) => Normalised<T>): T | null {
    const cell = this.raw[field] ?? null;
    if (cellText(cell) === '') {
      this.errors.push({ field, value: cell, reason: REQUIRED_REASON });
      return null;
    }
    return this.optional(field, normalise) ?? null;
  }
}

const text = (max: number) => (cell: RawCell) => normaliseText(cell, max);

const AREA_FIELD: FieldSpec = {
  key: 'area',
  label: { zh: '所属区域', en: 'Area' },
  aliases: [
    '所属网格',
    '网格',
    '区域编码',
    '所属区域',
    '区域',
    '网格编码',
    '所属社区',
    'area',
    'areacode',
    'grid',
  ],
  required: true,
};

/** An existing record outside the importer's scope: the batch, and so the whole apply, is abandoned. */
export class ScopeConflict extends Error {}

/**
 * The registries' upserts overwrite every column; an import carries only the mapped fields, so the others
 * are copied from the stored row first and an unmapped column never wipes what is there.
 */
function carryOver<Row extends object>(
  row: Row,
  existing: object | undefined,
  fieldColumns: Readonly<Record<string, readonly string[]>>,
  alwaysKept: readonly string[],
  mapped: ReadonlySet<string>,
): Row {
  if (!existing) return row;
  const out = { ...row } as Record<string, unknown>;
  const old = existing as Record<string, unknown>;
  for (const [field, columns] of Object.entries(fieldColumns)) {
    if (mapped.has(field)) continue;
    for (const column of columns) out[column] = old[column];
  }
  for (const column of alwaysKept) out[column] = old[column];
  return out as Row;
}

/** Problems the registry's own rules find that the cell rules did not already report. */
function registryProblems(
  errors: CellProblem[],
  found: ReadonlyArray<{ field: string; reason: { zh: string; en: string } }>,
  raw: Readonly<Record<string, RawCell>>,
): void {
  for (const e of found) {
    if (errors.some((x) => x.field === e.field)) continue;
    errors.push({ field: e.field, value: raw[e.field] ?? null, reason: e.reason });
  }
}

// ---------------------------------------------------------------- organisations

const ORG_KIND_NAMES: Record<OrgKind, readonly string[]> = {
  enterprise: ['企业', '工业企业', '规上企业'],
  service_business: ['服务业', '服务业企业'],
  agri_producer: ['农业经营主体', '农业生产主体', '农业'],
  merchant: ['商户', '个体工商户', '个体户'],
  retailer: ['零售', '零售商', '商超'],
  farmers_market: ['农贸市场', '菜市场'],
  logistics: ['物流', '物流企业'],
  social_org: ['社会组织'],
  gov_unit: ['机关事业单位', '机关单位', '事业单位'],
};

const ORG_STATUS_NAMES: Record<OrgStatus, readonly string[]> = {
  operating: ['在营', '正常经营', '营业', '经营', '正常'],
  suspended: ['停业', '停工', '歇业'],
  resumed: ['复工', '复产', '已复工', '复工复产'],
  closed: ['注销', '关闭', '倒闭'],
};

const INDUSTRY_NAMES: Record<string, readonly string[]> = {
  A: ['农、林、牧、渔业', '农林牧渔业'],
  B: ['采矿业'],
  C: ['制造业'],
  D: ['电力、热力、燃气及水生产和供应业', '电力热力燃气及水生产和供应业'],
  E: ['建筑业'],
  F: ['批发和零售业', '批发零售业'],
  G: ['交通运输、仓储和邮政业', '交通运输仓储和邮政业'],
  H: ['住宿和餐饮业', '住宿餐饮业'],
  I: ['信息传输、软件和信息技术服务业', '信息传输软件和信息技术服务业'],
  J: ['金融业'],
  K: ['房地产业'],
  L: ['租赁和商务服务业'],
  M: ['科学研究和技术服务业'],
  N: ['水利、环境和公共设施管理业', '水利环境和公共设施管理业'],
  O: ['居民服务、修理和其他服务业', '居民服务修理和其他服务业'],
  P: ['教育'],
  Q: ['卫生和社会工作'],
  R: ['文化、体育和娱乐业', '文化体育和娱乐业'],
  S: ['公共管理、社会保障和社会组织', '公共管理社会保障和社会组织'],
  T: ['国际组织'],
};

export interface OrgImportValue {
  creditCode: string;
  name: string;
  areaId: string;
  areaPath: string;
  areaName: string;
  kind?: OrgKind | null;
  address?: string | null;
  industry?: string | null;
  aboveScale?: boolean | null;
  contactName?: string | null;
  contactPhone?: string | null;
  status?: OrgStatus | null;
  statusSince?: string | null;
}

export const ORG_FIELDS: readonly FieldSpec[] = [
  {
    key: 'name',
    label: { zh: '名称', en: 'Name' },
    aliases: ['企业名称', '单位名称', '名称', '企业全称', '机构名称', '商户名称', 'name'],
    required: true,
  },
  {
    key: 'creditCode',
    label: { zh: '统一社会信用代码', en: 'Credit code' },
    aliases: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', 'creditcode'],
    required: true,
  },
  AREA_FIELD,
  {
    key: 'kind',
    label: { zh: '类型', en: 'Kind' },
    aliases: ['类型', '企业类型', '单位类型', '主体类型', 'kind'],
    required: false,
  },
  {
    key: 'address',
    label: { zh: '地址', en: 'Address' },
    aliases: ['地址', '经营地址', '注册地址', 'address'],
    required: false,
  },
  {
    key: 'industry',
    label: { zh: '行业', en: 'Industry' },
    aliases: ['行业', '所属行业', '行业门类', 'industry'],
    required: false,
  },
  {
    key: 'aboveScale',
    label: { zh: '是否规上', en: 'Above scale' },
    aliases: ['规上', '是否规上', '规上企业', '是否规上企业', 'abovescale'],
    required: false,
  },
  {
    key: 'contactName',
    label: { zh: '联系人', en: 'Contact' },
    aliases: ['联系人', '负责人', '联系人姓名', '法定代表人', '姓名', 'contact', 'contactname'],
    required: false,
  },
  {
    key: 'contactPhone',
    label: { zh: '联系电话', en: 'Contact phone' },
    aliases: ['联系电话', '手机', '手机号', '电话', '联系方式', '手机号码', 'phone', 'contactphone'],
    required: false,
    pii: 'phone',
  },
  {
    key: 'status',
    label: { zh: '经营状态', en: 'Status' },
    aliases: ['经营状态', '状态', '营业状态', 'status'],
    required: false,
  },
  {
    key: 'statusSince',
    label: { zh: '状态日期', en: 'Status since' },
    aliases: ['状态日期', '复工日期', '停业日期', '变更日期', 'statussince'],
    required: false,
  },
];

export function normaliseOrgRow(
  raw: Readonly<Record<string, RawCell>>,
  ctx: NormaliseContext,
): RowOutcome<OrgImportValue> {
  const check = new RowCheck(raw);
  const name = check.required('name', text(200));
  const creditCode = check.required('creditCode', normaliseCreditCode);
  const area = check.required('area', (cell) => resolveArea(cell, ctx.areas));
  const value = {
    kind: check.optional('kind', (cell) => normaliseChoice(cell, ORG_KIND_NAMES)),
    address: check.optional('address', text(300)),
    industry: check.optional('industry', (cell) => normaliseChoice(cell, INDUSTRY_NAMES)),
    aboveScale: check.optional('aboveScale', normaliseBoolean),
    contactName: check.optional('contactName', text(50)),
    contactPhone: check.optional('contactPhone', normalisePhoneCell),
    status: check.optional('status', (cell) => normaliseChoice(cell, ORG_STATUS_NAMES)),
    statusSince: check.optional('statusSince', normaliseDate),
  };
  if (name && creditCode) {
    registryProblems(check.errors, checkOrgInput({ name, creditCode, ...value }), raw);
  }
  if (check.errors.length > 0 || !name || !creditCode || !area) return { errors: check.errors };
  return {
    value: { name, creditCode, areaId: area.id, areaPath: area.path, areaName: area.name, ...value },
  };
}

/** The stored columns each import field writes. */
const ORG_FIELD_COLUMNS: Record<string, readonly (keyof NewOrgRow)[]> = {
  name: ['name'],
  area: ['areaId', 'areaPath'],
  kind: ['kind'],
  address: ['address'],
  industry: ['industry'],
  aboveScale: ['aboveScale'],
  contactName: ['contactName'],
  contactPhone: ['contactPhoneEnc', 'contactPhoneHash', 'contactPhoneMasked'],
  status: ['status'],
  statusSince: ['statusSince'],
};

export function orgsAdapter(pii: PiiCipher): RegistryAdapter<OrgImportValue, PreparedOrg> {
  return {
    registry: 'orgs',
    entity: 'org',
    fields: ORG_FIELDS,
    keyOfPrepared: (p) => p.row.creditCode ?? '',
    keyField: 'creditCode',
    normaliseRow: normaliseOrgRow,
    naturalKey: (v) => v.creditCode,
    preview: (v) => ({
      name: v.name,
      creditCode: v.creditCode,
      area: v.areaName,
      kind: v.kind ?? null,
      address: v.address ?? null,
      industry: v.industry ?? null,
      aboveScale: v.aboveScale ?? null,
      contactName: v.contactName ?? null,
      contactPhone: maskForDisplay(ORG_FIELDS[8], v.contactPhone ?? null),
      status: v.status ?? null,
      statusSince: v.statusSince ?? null,
    }),
    findOutsideScope: (db, values, scopePath) =>
      repo.orgCreditCodesOutside(
        db,
        values.map((v) => v.creditCode),
        scopePath,
      ),
    async prepare(db, values, mapped, scopePath) {
      const rows: NewOrgRow[] = values.map((v) => ({
        creditCode: v.creditCode,
        name: v.name,
        areaId: v.areaId,
        areaPath: v.areaPath,
        kind: v.kind ?? 'enterprise',
        address: v.address ?? null,
        industry: v.industry ?? null,
        aboveScale: v.aboveScale ?? false,
        contactName: v.contactName ?? null,
        contactPhoneEnc: v.contactPhone ? pii.encrypt(v.contactPhone) : null,
        contactPhoneHash: v.contactPhone ? pii.lookupHash(v.contactPhone) : null,
        contactPhoneMasked: v.contactPhone ? (maskForDisplay(ORG_FIELDS[8], v.contactPhone) as string) : null,
        status: v.status ?? 'operating',
        statusSince: v.statusSince ?? null,
      }));
      const existing = await repo.orgsByCreditCode(
        db,
        rows.map((r) => r.creditCode ?? ''),
      );
      return rows.map((row) => mergeOrg(row, existing.get(row.creditCode ?? ''), mapped, scopePath));
    },
    async write(tx, prepared, mapped, scopePath) {
      const current = await repo.orgVersionsForUpdate(
        tx,
        prepared.map((p) => p.row.creditCode ?? ''),
      );
      const stale = prepared.filter((p) => (current.get(p.row.creditCode ?? '') ?? null) !== p.version);
      if (stale.length > 0) {
        const fresh = await repo.orgsByCreditCode(
          tx,
          stale.map((p) => p.row.creditCode ?? ''),
        );
        for (const p of stale)
          Object.assign(p, mergeOrg(p.row, fresh.get(p.row.creditCode ?? ''), mapped, scopePath));
      }
      const result = await upsertOrgsByCreditCode(
        tx,
        prepared.map((p) => p.row),
      );
      // A status the sheet changes (or a new org that starts other than operating) joins the history,
      // as a change made in the form would.
      const today = new Date().toISOString().slice(0, 10);
      const idByCode = new Map(result.map((r) => [r.creditCode, r.id]));
      const historyIds = await repo.insertStatusHistoryReturningIds(
        tx,
        prepared.flatMap(({ row, statusBefore }) => {
          const id = idByCode.get(row.creditCode ?? null);
          if (!id || !row.status || row.status === statusBefore) return [];
          return [
            { orgId: id, status: row.status, effectiveDate: row.statusSince ?? today, note: '导入 / import' },
          ];
        }),
      );
      const inserted = result.filter((r) => r.inserted).length;
      return {
        inserted,
        updated: result.length - inserted,
        written: result.map((r) => ({ id: r.id, key: r.creditCode ?? '', inserted: r.inserted })),
        historyIds,
      };
    },
  };
}

type PreparedOrg = PreparedRow<NewOrgRow> & { statusBefore: string };

/** Merging again with a fresher stored row is safe: the mapped columns still hold the sheet's values. */
function mergeOrg(
  row: NewOrgRow,
  old: OrgRow | undefined,
  mapped: ReadonlySet<string>,
  scopePath: string | null,
): PreparedOrg {
  if (old && !pathWithin(old.areaPath, scopePath)) throw new ScopeConflict(row.creditCode ?? '');
  return {
    row: carryOver(row, old, ORG_FIELD_COLUMNS, ['tags'], mapped),
    version: old?.version ?? null,
    statusBefore: old?.status ?? 'operating',
  };
}

// ---------------------------------------------------------------- people

const RESIDENT_TYPE_NAMES: Record<ResidentType, readonly string[]> = {
  registered: ['户籍', '户籍人口', '本地', '常住', '户籍人员'],
  migrant: ['流动', '流动人口', '外来', '外来人口', '外来人员', '流动人员'],
  tenant: ['租户', '租客', '承租人', '租住'],
};

const GENDER_NAMES: Record<'male' | 'female', readonly string[]> = { male: ['男'], female: ['女'] };

const SPECIAL_GROUP_NAMES: Record<string, readonly string[]> = {
  elderly_alone: ['独居老人', '空巢老人'],
  elderly: ['老人', '老年人', '高龄老人'],
  disabled: ['残疾人', '残疾'],
  chronic_illness: ['慢性病', '慢病患者', '慢性病患者'],
  pregnant: ['孕妇', '孕产妇'],
  child_alone: ['留守儿童', '独自在家儿童'],
};

export interface PersonImportValue {
  name: string;
  idNumber: string;
  areaId: string;
  areaPath: string;
  areaName: string;
  gender: 'male' | 'female';
  birthDate: string;
  phone?: string | null;
  residentType?: ResidentType | null;
  specialGroups?: string[] | null;
  note?: string | null;
}

export const PEOPLE_FIELDS: readonly FieldSpec[] = [
  {
    key: 'name',
    label: { zh: '姓名', en: 'Name' },
    aliases: ['姓名', '名字', '人员姓名', 'name'],
    required: true,
  },
  {
    key: 'idNumber',
    label: { zh: '身份证号', en: 'ID number' },
    aliases: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证', '证件号', 'idnumber', 'id'],
    required: true,
    pii: 'idNumber',
  },
  AREA_FIELD,
  {
    key: 'phone',
    label: { zh: '手机号', en: 'Phone' },
    aliases: ['手机', '手机号', '联系电话', '电话', '手机号码', '联系方式', 'phone', 'mobile'],
    required: false,
    pii: 'phone',
  },
  { key: 'gender', label: { zh: '性别', en: 'Gender' }, aliases: ['性别', 'gender', 'sex'], required: false },
  {
    key: 'birthDate',
    label: { zh: '出生日期', en: 'Birth date' },
    aliases: ['出生日期', '出生年月', '生日', 'birthdate', 'birthday'],
    required: false,
  },
  {
    key: 'residentType',
    label: { zh: '人员类型', en: 'Resident type' },
    aliases: ['人员类型', '人口类型', '居住类型', '户籍类型', 'residenttype'],
    required: false,
  },
  {
    key: 'specialGroups',
    label: { zh: '特殊人群', en: 'Special groups' },
    aliases: ['特殊人群', '人群类别', '重点人群', 'specialgroups'],
    required: false,
  },
  {
    key: 'note',
    label: { zh: '备注', en: 'Note' },
    aliases: ['备注', '说明', 'note', 'remark'],
    required: false,
  },
];

function normaliseGroups(cell: RawCell): Normalised<string[]> {
  const groups: string[] = [];
  for (const part of cellText(cell)
    .split(/[,，、;；/\s]+/)
    .filter(Boolean)) {
    const out = normaliseChoice(part, SPECIAL_GROUP_NAMES);
    if ('error' in out) return out;
    if (!groups.includes(out.value)) groups.push(out.value);
  }
  return { value: groups };
}

export function normalisePersonRow(
  raw: Readonly<Record<string, RawCell>>,
  ctx: NormaliseContext,
): RowOutcome<PersonImportValue> {
  const check = new RowCheck(raw);
  const name = check.required('name', text(50));
  const idNumber = check.required('idNumber', normaliseResidentId);
  const area = check.required('area', (cell) => resolveArea(cell, ctx.areas));
  const gender = check.optional('gender', (cell) => normaliseChoice(cell, GENDER_NAMES));
  const birthDate = check.optional('birthDate', normaliseDate);
  const rest = {
    phone: check.optional('phone', normalisePhoneCell),
    residentType: check.optional('residentType', (cell) => normaliseChoice(cell, RESIDENT_TYPE_NAMES)),
    specialGroups: check.optional('specialGroups', normaliseGroups),
    note: check.optional('note', text(500)),
  };
  if (idNumber) {
    // The ID number carries both; a sheet disagreeing with it has a typo in one of them.
    const idGender = genderOfResidentId(idNumber);
    const idBirth = birthDateOfResidentId(idNumber);
    if (gender && gender !== idGender) {
      check.errors.push({
        field: 'gender',
        value: raw.gender ?? null,
        reason: { zh: '性别与身份证号不符', en: 'the gender does not match the ID number' },
      });
    }
    if (birthDate && birthDate !== idBirth) {
      check.errors.push({
        field: 'birthDate',
        value: raw.birthDate ?? null,
        reason: { zh: '出生日期与身份证号不符', en: 'the birth date does not match the ID number' },
      });
    }
  }
  if (name && idNumber) {
    const { errors } = checkPersonInput({ name, idType: 'resident_id', idNumber, phone: rest.phone ?? null });
    registryProblems(check.errors, errors, raw);
  }
  if (check.errors.length > 0 || !name || !idNumber || !area) return { errors: check.errors };
  return {
    value: {
      name,
      idNumber,
      areaId: area.id,
      areaPath: area.path,
      areaName: area.name,
      gender: genderOfResidentId(idNumber),
      birthDate: birthDateOfResidentId(idNumber) as string,
      ...rest,
    },
  };
}

const ID_FIELD = PEOPLE_FIELDS[1];
const PHONE_FIELD = PEOPLE_FIELDS[3];

const PEOPLE_FIELD_COLUMNS: Record<string, readonly (keyof NewPersonRow)[]> = {
  name: ['name'],
  area: ['areaId', 'areaPath'],
  phone: ['phoneEnc', 'phoneHash', 'phoneMasked'],
  residentType: ['residentType'],
  specialGroups: ['specialGroups'],
  note: ['note'],
};

export function peopleAdapter(pii: PiiCipher): RegistryAdapter<PersonImportValue, PreparedRow<NewPersonRow>> {
  return {
    registry: 'people',
    entity: 'person',
    fields: PEOPLE_FIELDS,
    keyOfPrepared: (p) => p.row.idNumberHash ?? '',
    keyField: 'idNumber',
    normaliseRow: normalisePersonRow,
    naturalKey: (v) => v.idNumber,
    preview: (v) => ({
      name: v.name,
      idNumber: maskForDisplay(ID_FIELD, v.idNumber),
      area: v.areaName,
      phone: maskForDisplay(PHONE_FIELD, v.phone ?? null),
      gender: v.gender,
      birthDate: v.birthDate,
      residentType: v.residentType ?? null,
      specialGroups: v.specialGroups?.join(',') ?? null,
      note: v.note ?? null,
    }),
    async findOutsideScope(db, values, scopePath) {
      const byHash = new Map(values.map((v) => [pii.lookupHash(v.idNumber), v.idNumber]));
      const hashes = await repo.personHashesOutside(db, [...byHash.keys()], scopePath);
      return new Set([...hashes].map((h) => byHash.get(h) ?? ''));
    },
    async prepare(db, values, mapped, scopePath) {
      const rows: NewPersonRow[] = values.map((v) => ({
        name: v.name,
        idType: 'resident_id',
        idNumberEnc: pii.encrypt(v.idNumber),
        idNumberHash: pii.lookupHash(v.idNumber),
        idNumberMasked: maskForDisplay(ID_FIELD, v.idNumber) as string,
        phoneEnc: v.phone ? pii.encrypt(v.phone) : null,
        phoneHash: v.phone ? pii.lookupHash(v.phone) : null,
        phoneMasked: v.phone ? (maskForDisplay(PHONE_FIELD, v.phone) as string) : null,
        gender: v.gender,
        birthDate: v.birthDate,
        areaId: v.areaId,
        areaPath: v.areaPath,
        residentType: v.residentType ?? 'registered',
        specialGroups: v.specialGroups ?? [],
        note: v.note ?? null,
      }));
      const existing = await repo.peopleByIdHash(
        db,
        rows.map((r) => r.idNumberHash ?? ''),
      );
      return rows.map((row) => mergePerson(row, existing.get(row.idNumberHash ?? ''), mapped, scopePath));
    },
    async write(tx, prepared, mapped, scopePath) {
      const current = await repo.personVersionsForUpdate(
        tx,
        prepared.map((p) => p.row.idNumberHash ?? ''),
      );
      const stale = prepared.filter((p) => (current.get(p.row.idNumberHash ?? '') ?? null) !== p.version);
      if (stale.length > 0) {
        const fresh = await repo.peopleByIdHash(
          tx,
          stale.map((p) => p.row.idNumberHash ?? ''),
        );
        for (const p of stale) {
          Object.assign(p, mergePerson(p.row, fresh.get(p.row.idNumberHash ?? ''), mapped, scopePath));
        }
      }
      const result = await upsertPeopleByIdHash(
        tx,
        prepared.map((p) => p.row),
      );
      const inserted = result.filter((r) => r.inserted).length;
      // The upsert answers in the order of its rows.
      return {
        inserted,
        updated: result.length - inserted,
        written: result.map((r, i) => ({
          id: r.id,
          key: prepared[i]?.row.idNumberHash ?? '',
          inserted: r.inserted,
        })),
        historyIds: [],
      };
    },
  };
}

function mergePerson(
  row: NewPersonRow,
  old: PersonRow | undefined,
  mapped: ReadonlySet<string>,
  scopePath: string | null,
): PreparedRow<NewPersonRow> {
  if (old && !pathWithin(old.areaPath, scopePath)) throw new ScopeConflict('person');
  return { row: carryOver(row, old, PEOPLE_FIELD_COLUMNS, [], mapped), version: old?.version ?? null };
}

/** The engine works on any registry; each adapter keeps its value type to itself. */
export function adapterFor(registry: Registry, pii: PiiCipher): RegistryAdapter<unknown> {
  return (registry === 'orgs' ? orgsAdapter(pii) : peopleAdapter(pii)) as RegistryAdapter<unknown>;
}
