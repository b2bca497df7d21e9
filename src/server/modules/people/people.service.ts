import type { FastifyReply } from 'fastify';
import { AppError, type LocalisedFieldError, type Locale } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Actor } from '../../core/access/policy.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../core/pagination.ts';
import { sendTable, type ExportColumn } from '../../core/spreadsheet/export.ts';
import { maskIdNumber, maskPhone } from '../../../shared/identifiers.ts';
import type { IdType, ResidentType } from '../../../shared/registries.ts';
import * as repo from './people.repo.ts';
import type { DwellingWithCompound, HouseholdRow, PersonWithArea, TenancyRow } from './people.repo.ts';
import { canManage, canReveal, canSee, personActions } from './people.policy.ts';
import {
  ageOn,
  checkPersonInput,
  classifyQuery,
  dateProblem,
  dwellingLabel,
  isIsoDate,
  PERSON_AREA_LEVELS,
  tenancyEndProblem,
  type CheckedPerson,
} from './people.rules.ts';
import type {
  AddMemberInput,
  CreateDwellingInput,
  CreateHouseholdInput,
  CreatePersonInput,
  CreateTenancyInput,
  DwellingDtoType,
  DwellingQueryInput,
  HouseholdDtoType,
  HouseholdQueryInput,
  HouseholdListItemType,
  PeopleExportInput,
  PeopleQueryInput,
  PersonItemDto,
  TenancyDtoType,
  UpdatePersonInput,
} from './people.schema.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import { findAreaRef, type AreaRef } from '../areas/areas.repo.ts';
import type { ServiceContext } from '../../core/request-context.ts';

export type PeopleContext = ServiceContext;

type SpecialGroup = PersonItemDto['specialGroups'][number];
type HouseholdRole = NonNullable<PersonItemDto['householdRole']>;

/** Ages are counted on the calendar day in China, where the registry's people live. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function presentPerson(actor: Actor, row: PersonWithArea, day = today()): PersonItemDto {
  return {
    id: row.id,
    name: row.name,
    idType: row.idType as IdType,
    idNumberMasked: row.idNumberMasked,
    phoneMasked: row.phoneMasked,
    gender: row.gender === 'male' || row.gender === 'female' ? row.gender : null,
    birthDate: row.birthDate,
    age: ageOn(row.birthDate, day),
    areaId: row.areaId,
    areaName: row.areaName,
    householdId: row.householdId,
    householdRole: (row.householdRole as HouseholdRole | null) ?? null,
    residentType: row.residentType as ResidentType,
    specialGroups: row.specialGroups as SpecialGroup[],
    note: row.note,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    can: personActions(actor, row),
  };
}

/** What the audit log keeps of a person: masked numbers only, never the clear ones. */
const personAuditView = (row: repo.PersonRow) => ({
  name: row.name,
  idType: row.idType,
  idNumberMasked: row.idNumberMasked,
  phoneMasked: row.phoneMasked,
  gender: row.gender,
  birthDate: row.birthDate,
  areaPath: row.areaPath,
  householdId: row.householdId,
  householdRole: row.householdRole,
  residentType: row.residentType,
  specialGroups: row.specialGroups,
});

function invalid(errors: LocalisedFieldError[]): AppError {
  return new AppError('validation_failed', errors);
}

function conflict(field: string, zh: string, en: string): AppError {
  return new AppError('conflict', [{ field, reason: { zh, en } }]);
}

const duplicateIdNumber = () =>
  conflict(
    'idNumber',
    '该证件号码已登记在另一人名下',
    'this document number is already registered to someone',
  );

function stale(current: number): AppError {
  return conflict(
    'version',
    `该记录已被他人修改（当前版本 ${current}），请刷新后重试`,
    `the record was changed by someone else (now version ${current}); reload and try again`,
  );
}

/** The encrypted, hashed and masked columns for checked numbers; the clear values go nowhere else. */
export function piiColumns(pii: PiiCipher, value: Pick<CheckedPerson, 'idNumber' | 'phone'>) {
  return {
    idNumberEnc: value.idNumber ? pii.encrypt(value.idNumber) : null,
    idNumberHash: value.idNumber ? pii.lookupHash(value.idNumber) : null,
    idNumberMasked: value.idNumber ? maskIdNumber(value.idNumber) : null,
    phoneEnc: value.phone ? pii.encrypt(value.phone) : null,
    phoneHash: value.phone ? pii.lookupHash(value.phone) : null,
    phoneMasked: value.phone ? maskPhone(value.phone) : null,
  };
}

async function loadPerson(ctx: PeopleContext, id: string): Promise<PersonWithArea> {
  const row = await repo.findPersonById(ctx.db, id);
  if (!row || !canSee(ctx.actor, row)) throw new AppError('not_found');
  return row;
}

/** A referenced row that is missing or outside scope: the same 400, so neither case is disclosed. */
function notFoundIn(field: string, zh: string, en: string): AppError {
  return invalid([{ field, reason: { zh, en } }]);
}

/** The area a person or household is filed under: an active grid or place within the caller's scope. */
async function resolveFilingArea(ctx: PeopleContext, areaId: string): Promise<AreaRef> {
  const area = await findAreaRef(ctx.db, areaId);
  if (!area || !canSee(ctx.actor, { areaPath: area.path })) {
    throw notFoundIn('areaId', '区域不存在或不在您的管辖范围内', 'no such area in your scope');
  }
  if (!(PERSON_AREA_LEVELS as readonly string[]).includes(area.level) || !area.active) {
    throw notFoundIn('areaId', '请选择一个启用中的网格或场所', 'choose an active grid or place');
  }
  return { ...area };
}

// ---------- people ----------

async function listFilters(
  ctx: PeopleContext,
  query: PeopleExportInput,
): Promise<Omit<repo.PeopleQuery, 'limit'>> {
  const filters: Omit<repo.PeopleQuery, 'limit'> = {
    scopePath: ctx.actor.scopePath,
    residentType: query.residentType,
    specialGroup: query.specialGroup,
    householdId: query.householdId,
    sort: query.sort ?? 'name',
  };
  if (query.areaId) {
    const area = await findAreaRef(ctx.db, query.areaId);
    if (!area || !canSee(ctx.actor, { areaPath: area.path })) throw new AppError('not_found');
    filters.subtreePath = area.path;
  }
  if (query.q) {
    const { kind, value } = classifyQuery(query.q);
    if (kind === 'idNumber') filters.idNumberHash = ctx.pii.lookupHash(value);
    else if (kind === 'phone') filters.phoneHash = ctx.pii.lookupHash(value);
    else filters.nameFragment = value;
  }
  return filters;
}

export async function listPeople(ctx: PeopleContext, query: PeopleQueryInput) {
  const limit = query.limit ?? 20;
  const filters = await listFilters(ctx, query);
  let after: repo.PeopleQuery['after'];
  if (query.cursor) {
    const { sortValue, id } = decodeCursor(query.cursor);
    if (typeof sortValue !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
      throw invalid([{ field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } }]);
    }
    after = { sortValue, id };
  }
  const rows = await repo.listPeople(ctx.db, { ...filters, after, limit: limit + 1 });
  const page = pageOf(rows, limit, (r) => [r.sortKey, r.id]);
  const day = today();
  return { items: page.items.map((r) => presentPerson(ctx.actor, r, day)), nextCursor: page.nextCursor };
}

const EXPORT_LIMIT = 50_000;

const LABELS = {
  zh: {
    file: '人员名单',
    headers: [
      '姓名',
      '证件类型',
      '证件号码',
      '联系电话',
      '性别',
      '出生日期',
      '年龄',
      '所属区域',
      '人员类型',
      '特殊群体',
      '户编号',
      '户内身份',
    ],
    idTypes: { resident_id: '居民身份证', passport: '护照', other: '其他证件' },
    genders: { male: '男', female: '女' },
    residentTypes: { registered: '户籍人口', migrant: '流动人口', tenant: '租户' },
    specialGroups: {
      elderly_alone: '独居老人',
      elderly: '老年人',
      disabled: '残疾人',
      chronic_illness: '慢性病患者',
      pregnant: '孕产妇',
      child_alone: '留守儿童',
    },
    roles: { head: '户主', member: '成员' },
  },
  en: {
    file: 'people',
    headers: [
      'Name',
      'ID type',
      'ID number',
      'Phone',
      'Gender',
      'Birth date',
      'Age',
      'Area',
      'Resident type',
      'Special groups',
      'Household',
      'Household role',
    ],
    idTypes: { resident_id: 'Resident ID', passport: 'Passport', other: 'Other' },
    genders: { male: 'Male', female: 'Female' },
    residentTypes: { registered: 'Registered', migrant: 'Migrant', tenant: 'Tenant' },
    specialGroups: {
      elderly_alone: 'Elderly living alone',
      elderly: 'Elderly',
      disabled: 'Disabled',
      chronic_illness: 'Chronic illness',
      pregnant: 'Pregnant',
      child_alone: 'Left-behind child',
    },
    roles: { head: 'Head', member: 'Member' },
  },
} as const;

/** The list as a file, masked exactly as the caller sees it on screen. */
export async function exportPeople(
  ctx: PeopleContext,
  query: PeopleExportInput,
  reply: FastifyReply,
  locale: Locale,
): Promise<FastifyReply> {
  const filters = await listFilters(ctx, { ...query, sort: query.sort ?? 'name' });
  const rows = await repo.listPeople(ctx.db, { ...filters, limit: EXPORT_LIMIT });
  const day = today();
  const items = rows.map((r) => presentPerson(ctx.actor, r, day));
  const l = LABELS[locale === 'en-US' ? 'en' : 'zh'];
  const values: ((p: PersonItemDto) => string | number | null)[] = [
    (p) => p.name,
    (p) => l.idTypes[p.idType],
    (p) => p.idNumberMasked,
    (p) => p.phoneMasked,
    (p) => (p.gender ? l.genders[p.gender] : null),
    (p) => p.birthDate,
    (p) => p.age,
    (p) => p.areaName,
    (p) => l.residentTypes[p.residentType],
    (p) => p.specialGroups.map((g) => l.specialGroups[g]).join(locale === 'en-US' ? ', ' : '、'),
    (p) => p.householdId,
    (p) => (p.householdRole ? l.roles[p.householdRole] : null),
  ];
  const columns: ExportColumn<PersonItemDto>[] = l.headers.map((header, i) => ({
    header,
    value: values[i] ?? (() => null),
    width: i === 2 || i === 10 ? 22 : 14,
  }));
  await recordAudit(ctx.db, ctx.who, {
    action: 'person.export',
    entityType: 'person',
    areaPath: filters.subtreePath ?? ctx.actor.scopePath,
    after: { rows: items.length, format: query.format ?? 'xlsx' },
  });
  return sendTable(reply, { format: query.format ?? 'xlsx', fileName: l.file, columns, rows: items });
}

async function householdSummary(ctx: PeopleContext, household: HouseholdRow & { areaName: string | null }) {
  const counts = await repo.countMembers(ctx.db, [household.id]);
  return presentHousehold(ctx.actor, household, counts.get(household.id) ?? 0);
}

export async function getPerson(ctx: PeopleContext, id: string) {
  const row = await loadPerson(ctx, id);
  let household: HouseholdDtoType | null = null;
  let dwelling: DwellingDtoType | null = null;
  let tenancy: TenancyDtoType | null = null;
  if (row.householdId) {
    const h = await repo.findHouseholdById(ctx.db, row.householdId);
    if (h && canSee(ctx.actor, h)) {
      household = await householdSummary(ctx, h);
      if (h.dwellingId) {
        const d = await repo.findDwellingById(ctx.db, h.dwellingId);
        dwelling = d ? presentDwelling(d) : null;
      }
      const active = await repo.findActiveTenancy(ctx.db, h.id);
      tenancy = active ? await presentTenancy(ctx, active) : null;
    }
  }
  const tenants = await repo.listTenanciesOfLandlord(ctx.db, row.id, false);
  return {
    person: presentPerson(ctx.actor, row),
    household,
    dwelling,
    tenancy,
    tenantHouseholdCount: tenants.filter((t) => canSee(ctx.actor, t.tenancy)).length,
  };
}

/** The clear numbers, for a caller with pii:read in the person's area; every call leaves an audit row. */
export async function revealPerson(ctx: PeopleContext, id: string) {
  const row = await loadPerson(ctx, id);
  if (!canReveal(ctx.actor, row)) throw new AppError('forbidden');
  const clear = {
    idNumber: row.idNumberEnc ? ctx.pii.decrypt(row.idNumberEnc) : null,
    phone: row.phoneEnc ? ctx.pii.decrypt(row.phoneEnc) : null,
  };
  await recordAudit(ctx.db, ctx.who, {
    action: 'person.reveal',
    entityType: 'person',
    entityId: row.id,
    areaPath: row.areaPath,
    after: {
      fields: Object.entries(clear)
        .filter(([, v]) => v !== null)
        .map(([k]) => k),
    },
  });
  return clear;
}

export async function createPerson(ctx: PeopleContext, input: CreatePersonInput): Promise<PersonItemDto> {
  const { errors, value } = checkPersonInput(input);
  if (errors.length > 0) throw invalid(errors);
  const area = await resolveFilingArea(ctx, input.areaId);
  if (!canManage(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  const columns = piiColumns(ctx.pii, value);
  return ctx.db.transaction(async (tx) => {
    if (columns.idNumberHash && (await repo.findPersonIdByIdHash(tx, columns.idNumberHash))) {
      throw duplicateIdNumber();
    }
    let row: repo.PersonRow;
    try {
      row = await repo.insertPerson(tx, {
        name: value.name,
        idType: value.idType,
        ...columns,
        gender: value.gender,
        birthDate: value.birthDate,
        areaId: area.id,
        areaPath: area.path,
        residentType: input.residentType ?? 'registered',
        specialGroups: input.specialGroups ?? [],
        note: input.note?.trim() || null,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'people_id_number_hash_key')) throw duplicateIdNumber();
      throw error;
    }
    await recordAudit(tx, ctx.who, {
      action: 'person.create',
      entityType: 'person',
      entityId: row.id,
      areaPath: row.areaPath,
      after: personAuditView(row),
    });
    return presentPerson(ctx.actor, { ...row, areaName: area.name });
  });
}

export async function updatePerson(
  ctx: PeopleContext,
  id: string,
  input: UpdatePersonInput,
): Promise<PersonItemDto> {
  const current = await loadPerson(ctx, id);
  if (!canManage(ctx.actor, current)) throw new AppError('forbidden');
  const idChanged =
    input.idNumber !== undefined || (input.idType !== undefined && input.idType !== current.idType);
  const phoneChanged = input.phone !== undefined;
  // Re-checking needs the stored number when only its type changes; it is decrypted here and never leaves.
  const { errors, value } = checkPersonInput({
    name: input.name ?? current.name,
    idType: input.idType ?? current.idType,
    idNumber:
      input.idNumber !== undefined
        ? input.idNumber
        : idChanged && current.idNumberEnc
          ? ctx.pii.decrypt(current.idNumberEnc)
          : null,
    phone: input.phone ?? null,
    gender: input.gender !== undefined ? input.gender : current.gender,
    birthDate: input.birthDate !== undefined ? input.birthDate : current.birthDate,
  });
  if (errors.length > 0) throw invalid(errors);
  const area =
    input.areaId && input.areaId !== current.areaId ? await resolveFilingArea(ctx, input.areaId) : null;
  const pii = piiColumns(ctx.pii, value);
  const changes: Parameters<typeof repo.updatePersonAtVersion>[3] = {
    name: value.name,
    idType: value.idType,
    residentType: input.residentType,
    specialGroups: input.specialGroups,
    note: input.note === undefined ? undefined : input.note?.trim() || null,
  };
  if (idChanged) {
    Object.assign(changes, {
      idNumberEnc: pii.idNumberEnc,
      idNumberHash: pii.idNumberHash,
      idNumberMasked: pii.idNumberMasked,
    });
  }
  // A resident ID decides birth date and gender; otherwise the typed values stand.
  const keepsResidentId = !idChanged && current.idType === 'resident_id' && current.idNumberEnc !== null;
  if (idChanged) {
    changes.gender = value.gender;
    changes.birthDate = value.birthDate;
  } else if (!keepsResidentId) {
    if (input.gender !== undefined) changes.gender = value.gender;
    if (input.birthDate !== undefined) changes.birthDate = value.birthDate;
  }
  if (phoneChanged) {
    Object.assign(changes, {
      phoneEnc: pii.phoneEnc,
      phoneHash: pii.phoneHash,
      phoneMasked: pii.phoneMasked,
    });
  }
  if (area) Object.assign(changes, { areaId: area.id, areaPath: area.path });
  return ctx.db.transaction(async (tx) => {
    if (idChanged && pii.idNumberHash) {
      const holder = await repo.findPersonIdByIdHash(tx, pii.idNumberHash);
      if (holder && holder !== id) throw duplicateIdNumber();
    }
    let row: repo.PersonRow | undefined;
    try {
      row = await repo.updatePersonAtVersion(tx, id, input.version, changes);
    } catch (error) {
      if (isUniqueViolation(error, 'people_id_number_hash_key')) throw duplicateIdNumber();
      throw error;
    }
    if (!row) throw stale(current.version);
    await recordAudit(tx, ctx.who, {
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      areaPath: row.areaPath,
      before: personAuditView(current),
      after: personAuditView(row),
    });
    return presentPerson(ctx.actor, { ...row, areaName: area?.name ?? current.areaName });
  });
}

export async function listTenants(ctx: PeopleContext, personId: string, includeEnded: boolean) {
  const landlord = await loadPerson(ctx, personId);
  const rows = (await repo.listTenanciesOfLandlord(ctx.db, landlord.id, includeEnded)).filter((r) =>
    canSee(ctx.actor, r.household),
  );
  const counts = await repo.countMembers(
    ctx.db,
    rows.map((r) => r.household.id),
  );
  const dwellingIds = [
    ...new Set(
      rows.map((r) => r.tenancy.dwellingId ?? r.household.dwellingId).filter((d): d is string => !!d),
    ),
  ];
  const dwellings = new Map((await repo.findDwellingsByIds(ctx.db, dwellingIds)).map((d) => [d.id, d]));
  return {
    items: rows.map((r) => {
      const d = dwellings.get(r.tenancy.dwellingId ?? r.household.dwellingId ?? '');
      return {
        tenancyId: r.tenancy.id,
        householdId: r.household.id,
        areaName: r.areaName,
        residentType: r.household.residentType as ResidentType,
        singleRenter: r.household.singleRenter,
        memberCount: counts.get(r.household.id) ?? 0,
        dwelling: d ? presentDwelling(d) : null,
        startDate: r.tenancy.startDate,
        endDate: r.tenancy.endDate,
      };
    }),
  };
}

// ---------- dwellings ----------

export function presentDwelling(row: DwellingWithCompound): DwellingDtoType {
  return {
    id: row.id,
    compoundAreaId: row.compoundAreaId,
    compoundName: row.compoundName,
    building: row.building,
    unit: row.unit,
    room: row.room,
    label: dwellingLabel(row),
    address: row.address,
  };
}

export async function createDwelling(
  ctx: PeopleContext,
  input: CreateDwellingInput,
): Promise<DwellingDtoType> {
  const compound = await findAreaRef(ctx.db, input.compoundAreaId);
  if (!compound || !canSee(ctx.actor, { areaPath: compound.path })) {
    throw notFoundIn('compoundAreaId', '小区不存在或不在您的管辖范围内', 'no such compound in your scope');
  }
  if (compound.kind !== 'residential_compound' || !compound.active) {
    throw notFoundIn('compoundAreaId', '请选择一个启用中的住宅小区', 'choose an active residential compound');
  }
  if (!canManage(ctx.actor, { areaPath: compound.path })) throw new AppError('forbidden');
  const key = {
    compoundAreaId: compound.id,
    building: input.building.trim(),
    unit: (input.unit ?? '').trim(),
    room: input.room.trim(),
  };
  const blank = (['building', 'room'] as const).filter((f) => key[f] === '');
  if (blank.length > 0)
    throw invalid(blank.map((field) => ({ field, reason: { zh: '必填', en: 'is required' } })));
  const duplicate = () =>
    conflict(
      'room',
      `${compound.name} ${dwellingLabel(key)} 已登记`,
      `${dwellingLabel(key)} in ${compound.name} is already registered`,
    );
  return ctx.db.transaction(async (tx) => {
    if (await repo.existsDwelling(tx, key)) throw duplicate();
    let row: repo.DwellingRow;
    try {
      row = await repo.insertDwelling(tx, {
        ...key,
        areaPath: compound.path,
        address: input.address?.trim() || null,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'dwellings_location_key')) throw duplicate();
      throw error;
    }
    await recordAudit(tx, ctx.who, {
      action: 'dwelling.create',
      entityType: 'dwelling',
      entityId: row.id,
      areaPath: row.areaPath,
      after: { ...key, address: row.address },
    });
    return presentDwelling({ ...row, compoundName: compound.name });
  });
}

export async function listDwellings(ctx: PeopleContext, query: DwellingQueryInput) {
  const limit = query.limit ?? 50;
  if (query.compoundAreaId) {
    const compound = await findAreaRef(ctx.db, query.compoundAreaId);
    if (!compound || !canSee(ctx.actor, { areaPath: compound.path })) throw new AppError('not_found');
  }
  let after: { building: string; unit: string; room: string; id: string } | undefined;
  if (query.cursor) {
    const { sortValue, id } = decodeCursor(query.cursor);
    const parts: unknown = typeof sortValue === 'string' ? JSON.parse(sortValue) : null;
    if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string')) {
      throw invalid([{ field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } }]);
    }
    const [building, unit, room] = parts as [string, string, string];
    after = { building, unit, room, id };
  }
  const rows = await repo.listDwellings(ctx.db, {
    scopePath: ctx.actor.scopePath,
    compoundAreaId: query.compoundAreaId,
    after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(presentDwelling),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(JSON.stringify([last.building, last.unit, last.room]), last.id)
        : null,
  };
}

// ---------- households ----------

export function presentHousehold(
  actor: Actor,
  row: HouseholdRow & { areaName: string | null },
  memberCount: number,
): HouseholdDtoType {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    dwellingId: row.dwellingId,
    residentType: row.residentType as ResidentType,
    singleRenter: row.singleRenter,
    note: row.note,
    memberCount,
    version: row.version,
    can: { manage: canManage(actor, row) },
  };
}

async function loadHousehold(ctx: PeopleContext, id: string) {
  const row = await repo.findHouseholdById(ctx.db, id);
  if (!row || !canSee(ctx.actor, row)) throw new AppError('not_found');
  return row;
}

async function resolveDwelling(ctx: PeopleContext, id: string): Promise<DwellingWithCompound> {
  const dwelling = await repo.findDwellingById(ctx.db, id);
  if (!dwelling || !canSee(ctx.actor, dwelling)) {
    throw notFoundIn('dwellingId', '房屋不存在或不在您的管辖范围内', 'no such dwelling in your scope');
  }
  return dwelling;
}

export async function createHousehold(ctx: PeopleContext, input: CreateHouseholdInput) {
  const area = await resolveFilingArea(ctx, input.areaId);
  if (!canManage(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  const dwelling = input.dwellingId ? await resolveDwelling(ctx, input.dwellingId) : null;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertHousehold(tx, {
      areaId: area.id,
      areaPath: area.path,
      dwellingId: dwelling?.id ?? null,
      residentType: input.residentType,
      singleRenter: input.singleRenter,
      note: input.note?.trim() || null,
    });
    await recordAudit(tx, ctx.who, {
      action: 'household.create',
      entityType: 'household',
      entityId: row.id,
      areaPath: row.areaPath,
      after: {
        areaPath: row.areaPath,
        dwellingId: row.dwellingId,
        residentType: row.residentType,
        singleRenter: row.singleRenter,
      },
    });
    return presentHousehold(ctx.actor, { ...row, areaName: area.name }, 0);
  });
}

function householdCursor(cursor: string): string {
  const { id } = decodeCursor(cursor);
  // The id is compared with a uuid column: anything else would be a database error, not a 400.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw invalid([{ field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } }]);
  }
  return id;
}

export async function listHouseholds(ctx: PeopleContext, query: HouseholdQueryInput) {
  const limit = query.limit ?? 50;
  let subtreePath: string | undefined;
  if (query.areaId) {
    const area = await findAreaRef(ctx.db, query.areaId);
    if (!area || !canSee(ctx.actor, { areaPath: area.path })) throw new AppError('not_found');
    subtreePath = area.path;
  }
  if (query.dwellingId) {
    // A filter naming a dwelling the caller cannot see answers as a missing one does, like areaId.
    const dwelling = await repo.findDwellingById(ctx.db, query.dwellingId);
    if (!dwelling || !canSee(ctx.actor, dwelling)) throw new AppError('not_found');
  }
  const rows = await repo.listHouseholds(ctx.db, {
    scopePath: ctx.actor.scopePath,
    dwellingId: query.dwellingId,
    subtreePath,
    afterId: query.cursor ? householdCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [null, r.id]);
  const ids = page.items.map((r) => r.id);
  const dwellingIds = [...new Set(page.items.flatMap((r) => (r.dwellingId ? [r.dwellingId] : [])))];
  // One query per column over the page, sequential: PGlite has a single connection anyway.
  const counts = await repo.countMembers(ctx.db, ids);
  const heads = await repo.findHeads(ctx.db, ids);
  const landlords = await repo.findActiveLandlords(ctx.db, ids);
  const dwellings = new Map((await repo.findDwellingsByIds(ctx.db, dwellingIds)).map((d) => [d.id, d]));
  const items: HouseholdListItemType[] = page.items.map((r) => {
    const dwelling = r.dwellingId ? dwellings.get(r.dwellingId) : undefined;
    return {
      ...presentHousehold(ctx.actor, r, counts.get(r.id) ?? 0),
      dwelling: dwelling ? presentDwelling(dwelling) : null,
      head: heads.get(r.id) ?? null,
      // As on the household page: the landlord is the tenants' contact, shown with masked numbers only.
      landlord: landlords.get(r.id) ?? null,
    };
  });
  return { items, nextCursor: page.nextCursor };
}

export async function getHousehold(ctx: PeopleContext, id: string) {
  const row = await loadHousehold(ctx, id);
  const members = await repo.listMembers(ctx.db, id);
  const dwelling = row.dwellingId ? await repo.findDwellingById(ctx.db, row.dwellingId) : undefined;
  const active = await repo.findActiveTenancy(ctx.db, id);
  const day = today();
  return {
    household: presentHousehold(ctx.actor, row, members.length),
    members: members.map((m) => presentPerson(ctx.actor, m, day)),
    dwelling: dwelling ? presentDwelling(dwelling) : null,
    tenancy: active ? await presentTenancy(ctx, active) : null,
  };
}

export async function addMember(ctx: PeopleContext, householdId: string, input: AddMemberInput) {
  const household = await loadHousehold(ctx, householdId);
  if (!canManage(ctx.actor, household)) throw new AppError('forbidden');
  const person = await repo.findPersonById(ctx.db, input.personId);
  if (!person || !canSee(ctx.actor, person)) {
    throw notFoundIn('personId', '人员不存在或不在您的管辖范围内', 'no such person in your scope');
  }
  await ctx.db.transaction(async (tx) => {
    if (input.role === 'head') {
      const head = await repo.findHead(tx, householdId);
      if (head && head.id !== person.id) {
        throw conflict('role', '该户已有户主', 'this household already has a head');
      }
    }
    const row = await repo.updatePersonAtVersion(tx, person.id, person.version, {
      householdId,
      householdRole: input.role,
    });
    if (!row) throw stale(person.version);
    await repo.touchHousehold(tx, householdId);
    await recordAudit(tx, ctx.who, {
      action: 'household.member_add',
      entityType: 'household',
      entityId: householdId,
      areaPath: household.areaPath,
      before: { personId: person.id, householdId: person.householdId, role: person.householdRole },
      after: { personId: person.id, householdId, role: input.role },
    });
  });
  return getHousehold(ctx, householdId);
}

// ---------- tenancies ----------

async function presentTenancy(ctx: PeopleContext, row: TenancyRow): Promise<TenancyDtoType> {
  const landlord = await repo.findPersonById(ctx.db, row.landlordId);
  return {
    id: row.id,
    householdId: row.householdId,
    dwellingId: row.dwellingId,
    startDate: row.startDate,
    endDate: row.endDate,
    // The landlord is the tenants' contact, so their name and masked numbers come with the tenancy.
    landlord: landlord
      ? {
          id: landlord.id,
          name: landlord.name,
          idNumberMasked: landlord.idNumberMasked,
          phoneMasked: landlord.phoneMasked,
        }
      : null,
    can: { end: row.endDate === null && canManage(ctx.actor, row) },
  };
}

const activeTenancyExists = () =>
  conflict(
    'householdId',
    '该户已有一份进行中的租赁关系，请先结束它',
    'this household already has an active tenancy; end it first',
  );

export async function createTenancy(ctx: PeopleContext, input: CreateTenancyInput): Promise<TenancyDtoType> {
  if (!isIsoDate(input.startDate)) throw invalid([dateProblem('startDate')]);
  const household = await repo.findHouseholdById(ctx.db, input.householdId);
  if (!household || !canSee(ctx.actor, household)) {
    throw notFoundIn('householdId', '住户不存在或不在您的管辖范围内', 'no such household in your scope');
  }
  if (!canManage(ctx.actor, household)) throw new AppError('forbidden');
  const landlord = await repo.findPersonById(ctx.db, input.landlordId);
  if (!landlord || !canSee(ctx.actor, landlord)) {
    throw notFoundIn('landlordId', '房东不存在或不在您的管辖范围内', 'no such landlord in your scope');
  }
  if (landlord.householdId === household.id) {
    throw invalid([
      {
        field: 'landlordId',
        reason: {
          zh: '房东不能是该租户家庭的成员',
          en: 'the landlord cannot be a member of the tenant household',
        },
      },
    ]);
  }
  const dwellingId = input.dwellingId ?? household.dwellingId;
  if (dwellingId) await resolveDwelling(ctx, dwellingId);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findActiveTenancy(tx, household.id)) throw activeTenancyExists();
    let row: TenancyRow;
    try {
      row = await repo.insertTenancy(tx, {
        landlordId: landlord.id,
        householdId: household.id,
        dwellingId: dwellingId ?? null,
        areaPath: household.areaPath,
        startDate: input.startDate,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'tenancies_active_household_key')) throw activeTenancyExists();
      throw error;
    }
    await recordAudit(tx, ctx.who, {
      action: 'tenancy.create',
      entityType: 'tenancy',
      entityId: row.id,
      areaPath: row.areaPath,
      after: {
        landlordId: row.landlordId,
        householdId: row.householdId,
        dwellingId: row.dwellingId,
        startDate: row.startDate,
      },
    });
    return presentTenancy({ ...ctx, db: tx }, row);
  });
}

export async function endTenancy(ctx: PeopleContext, id: string, endDate: string): Promise<TenancyDtoType> {
  const current = await repo.findTenancyById(ctx.db, id);
  if (!current || !canSee(ctx.actor, current)) throw new AppError('not_found');
  if (!canManage(ctx.actor, current)) throw new AppError('forbidden');
  if (!isIsoDate(endDate)) throw invalid([dateProblem('endDate')]);
  const alreadyEnded = () => conflict('endDate', '该租赁关系已结束', 'this tenancy has already ended');
  if (current.endDate !== null) throw alreadyEnded();
  const problem = tenancyEndProblem(current.startDate, endDate);
  if (problem) throw invalid([problem]);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.endTenancy(tx, id, endDate);
    if (!row) throw alreadyEnded();
    await recordAudit(tx, ctx.who, {
      action: 'tenancy.end',
      entityType: 'tenancy',
      entityId: id,
      areaPath: row.areaPath,
      before: { endDate: null },
      after: { endDate },
    });
    return presentTenancy({ ...ctx, db: tx }, row);
  });
}
