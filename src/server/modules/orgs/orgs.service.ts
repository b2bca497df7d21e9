import type { FastifyReply } from 'fastify';
import { AppError, type LocalisedFieldError, type Locale } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Actor } from '../../core/access/policy.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import { sendTable, type ExportColumn } from '../../core/spreadsheet/export.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import type { AreaLevel } from '../../../shared/areas.ts';
import type { IndustrySection, OrgKind, OrgStatus } from '../../../shared/registries.ts';
import { ancestorPaths } from '../areas/areas.rules.ts';
import * as repo from './orgs.repo.ts';
import type { AreaRef, OrgRow, OrgWithArea } from './orgs.repo.ts';
import { canManage, canSee, orgActions } from './orgs.policy.ts';
import {
  allowedStatusMoves,
  checkOrgInput,
  classifyOrgQuery,
  effectiveDateProblem,
  normaliseOrgInput,
  ORG_AREA_LEVELS,
  statusMoveProblem,
  type CheckedOrg,
} from './orgs.rules.ts';
import type {
  ChangeStatusInput,
  CreateOrgInput,
  OrgItemDto,
  OrgsExportInput,
  OrgsQueryInput,
  StatusHistoryEntryDto,
  UpdateOrgInput,
} from './orgs.schema.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import type { ServiceContext } from '../../core/request-context.ts';

export type OrgsContext = ServiceContext;

type OrgTag = OrgItemDto['tags'][number];

/** Status dates are calendar days in China, where the registry's organisations are. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function presentOrg(actor: Actor, row: OrgWithArea): OrgItemDto {
  return {
    id: row.id,
    kind: row.kind as OrgKind,
    creditCode: row.creditCode,
    name: row.name,
    aboveScale: row.aboveScale,
    industry: (row.industry as IndustrySection | null) ?? null,
    areaId: row.areaId,
    areaName: row.areaName,
    address: row.address,
    contactName: row.contactName,
    contactPhoneMasked: row.contactPhoneMasked,
    tags: row.tags as OrgTag[],
    status: row.status as OrgStatus,
    statusSince: row.statusSince,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    can: orgActions(actor, row),
  };
}

/** What the audit log keeps of an organisation: the masked phone only, never the clear one. */
const orgAuditView = (row: OrgRow) => ({
  kind: row.kind,
  creditCode: row.creditCode,
  name: row.name,
  aboveScale: row.aboveScale,
  industry: row.industry,
  areaPath: row.areaPath,
  address: row.address,
  contactName: row.contactName,
  contactPhoneMasked: row.contactPhoneMasked,
  tags: row.tags,
  status: row.status,
  statusSince: row.statusSince,
});

function invalid(errors: LocalisedFieldError[]): AppError {
  return new AppError('validation_failed', errors);
}

function conflict(errors: LocalisedFieldError[]): AppError {
  return new AppError('conflict', errors);
}

const duplicateCreditCode = (code: string) =>
  conflict([
    {
      field: 'creditCode',
      reason: {
        zh: `统一社会信用代码 ${code} 已登记`,
        en: `credit code ${code} is already registered`,
      },
    },
  ]);

function stale(current: number): AppError {
  return conflict([
    {
      field: 'version',
      reason: {
        zh: `该记录已被他人修改（当前版本 ${current}），请刷新后重试`,
        en: `the record was changed by someone else (now version ${current}); reload and try again`,
      },
    },
  ]);
}

/** The encrypted, hashed and masked phone columns; the clear value goes nowhere else. */
export function contactPhoneColumns(pii: PiiCipher, phone: string | null) {
  return {
    contactPhoneEnc: phone ? pii.encrypt(phone) : null,
    contactPhoneHash: phone ? pii.lookupHash(phone) : null,
    contactPhoneMasked: phone ? maskPhone(phone) : null,
  };
}

async function loadOrg(ctx: OrgsContext, id: string): Promise<OrgWithArea> {
  const row = await repo.findOrgById(ctx.db, id);
  if (!row || !canSee(ctx.actor, row)) throw new AppError('not_found');
  return row;
}

/** The area an org is filed under: an active town, community, grid or place within the caller's scope. */
async function resolveFilingArea(ctx: OrgsContext, areaId: string): Promise<AreaRef> {
  const area = await findAreaRef(ctx.db, areaId);
  // Missing and out-of-scope answer alike, so neither discloses the other.
  if (!area || !canSee(ctx.actor, { areaPath: area.path })) {
    throw invalid([
      { field: 'areaId', reason: { zh: '区域不存在或不在您的管辖范围内', en: 'no such area in your scope' } },
    ]);
  }
  if (!(ORG_AREA_LEVELS as readonly string[]).includes(area.level) || !area.active) {
    throw invalid([
      {
        field: 'areaId',
        reason: {
          zh: '请选择一个启用中的镇（街道）、社区（村）、网格或场所',
          en: 'choose an active town, community, grid or place',
        },
      },
    ]);
  }
  return area;
}

// ---------- list and export ----------

async function listFilters(ctx: OrgsContext, query: OrgsExportInput): Promise<Omit<repo.OrgsQuery, 'limit'>> {
  const filters: Omit<repo.OrgsQuery, 'limit'> = {
    scopePath: ctx.actor.scopePath,
    kind: query.kind,
    status: query.status,
    tag: query.tag,
    aboveScale: query.aboveScale,
    industry: query.industry,
    sort: query.sort ?? 'name',
  };
  if (query.areaId) {
    const area = await findAreaRef(ctx.db, query.areaId);
    if (!area || !canSee(ctx.actor, { areaPath: area.path })) throw new AppError('not_found');
    filters.subtreePath = area.path;
  }
  if (query.q) {
    const { kind, value } = classifyOrgQuery(query.q);
    if (kind === 'creditCode') filters.creditCode = value;
    else if (kind === 'phone') filters.phoneHash = ctx.pii.lookupHash(value);
    else filters.nameFragment = value;
  }
  return filters;
}

export async function listOrgs(ctx: OrgsContext, query: OrgsQueryInput) {
  const limit = query.limit ?? 20;
  const filters = await listFilters(ctx, query);
  let after: repo.OrgsQuery['after'];
  if (query.cursor) {
    const { sortValue, id } = decodeCursor(query.cursor);
    if (typeof sortValue !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
      throw invalid([{ field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } }]);
    }
    after = { sortValue, id };
  }
  const rows = await repo.listOrgs(ctx.db, { ...filters, after, limit: limit + 1 });
  const page = pageOf(rows, limit, (r) => [r.sortKey, r.id]);
  return { items: page.items.map((r) => presentOrg(ctx.actor, r)), nextCursor: page.nextCursor };
}

const EXPORT_LIMIT = 100_000;

const LABELS = {
  zh: {
    file: '企业与主体名录',
    headers: [
      '名称',
      '统一社会信用代码',
      '类型',
      '行业门类',
      '规上企业',
      '所属区域',
      '地址',
      '联系人',
      '联系电话',
      '标签',
      '经营状态',
      '状态日期',
    ],
    yes: '是',
    no: '否',
    separator: '、',
    kinds: {
      enterprise: '企业',
      service_business: '服务业企业',
      agri_producer: '农业经营主体',
      merchant: '商户',
      retailer: '零售商超',
      farmers_market: '农贸市场',
      logistics: '物流企业',
      social_org: '社会组织',
      gov_unit: '机关事业单位',
    },
    statuses: { operating: '在营', suspended: '停业', resumed: '复工', closed: '关闭' },
    tags: {
      exporter: '出口企业',
      key_enterprise: '重点企业',
      epidemic_supplies: '防疫物资',
      foreign_invested: '外资企业',
      civilised_unit: '文明单位',
    },
  },
  en: {
    file: 'organisations',
    headers: [
      'Name',
      'Credit code',
      'Kind',
      'Industry',
      'Above scale',
      'Area',
      'Address',
      'Contact',
      'Contact phone',
      'Tags',
      'Status',
      'Status since',
    ],
    yes: 'Yes',
    no: 'No',
    separator: ', ',
    kinds: {
      enterprise: 'Enterprise',
      service_business: 'Service business',
      agri_producer: 'Agricultural producer',
      merchant: 'Merchant',
      retailer: 'Retailer',
      farmers_market: "Farmers' market",
      logistics: 'Logistics',
      social_org: 'Social organisation',
      gov_unit: 'Government unit',
    },
    statuses: { operating: 'Operating', suspended: 'Suspended', resumed: 'Resumed', closed: 'Closed' },
    tags: {
      exporter: 'Exporter',
      key_enterprise: 'Key enterprise',
      epidemic_supplies: 'Epidemic supplies',
      foreign_invested: 'Foreign-invested',
      civilised_unit: 'Civilised unit',
    },
  },
} as const;

/** The filtered list as a file, masked exactly as the caller sees it on screen. */
export async function exportOrgs(
  ctx: OrgsContext,
  query: OrgsExportInput,
  reply: FastifyReply,
  locale: Locale,
): Promise<FastifyReply> {
  const filters = await listFilters(ctx, query);
  const rows = await repo.listOrgs(ctx.db, { ...filters, limit: EXPORT_LIMIT });
  const items = rows.map((r) => presentOrg(ctx.actor, r));
  const l = LABELS[locale === 'en-US' ? 'en' : 'zh'];
  const values: ((o: OrgItemDto) => string | null)[] = [
    (o) => o.name,
    (o) => o.creditCode,
    (o) => l.kinds[o.kind],
    (o) => o.industry,
    (o) => (o.aboveScale ? l.yes : l.no),
    (o) => o.areaName,
    (o) => o.address,
    (o) => o.contactName,
    (o) => o.contactPhoneMasked,
    (o) => o.tags.map((t) => l.tags[t]).join(l.separator),
    (o) => l.statuses[o.status],
    (o) => o.statusSince,
  ];
  const columns: ExportColumn<OrgItemDto>[] = l.headers.map((header, i) => ({
    header,
    value: values[i] ?? (() => null),
    width: i === 0 || i === 6 ? 30 : i === 1 ? 22 : 14,
  }));
  const format = query.format ?? 'xlsx';
  await recordAudit(ctx.db, ctx.who, {
    action: 'org.export',
    entityType: 'org',
    areaPath: filters.subtreePath ?? ctx.actor.scopePath,
    after: { rows: items.length, format },
  });
  return sendTable(reply, { format, fileName: l.file, columns, rows: items });
}

// ---------- detail and reveal ----------

export async function getOrg(ctx: OrgsContext, id: string) {
  const row = await loadOrg(ctx, id);
  const history = await repo.listStatusHistory(ctx.db, id);
  const area = await findAreaRef(ctx.db, row.areaId);
  const chain = area ? [...ancestorPaths(area.path), area.path] : [];
  const ancestors = (await repo.findAreasByPaths(ctx.db, chain)).filter((a) =>
    canSee(ctx.actor, { areaPath: a.path }),
  );
  return {
    org: presentOrg(ctx.actor, row),
    history: history.map((h): StatusHistoryEntryDto => ({
      id: h.id,
      status: h.status as OrgStatus,
      effectiveDate: h.effectiveDate,
      note: h.note,
      actorName: h.actorName,
      at: h.at.toISOString(),
    })),
    ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, level: a.level as AreaLevel })),
    allowedStatuses: [...allowedStatusMoves(row.status)],
  };
}

/** The clear contact phone, for a caller with pii:read (the route's access) in the org's area; always audited. */
export async function revealContact(ctx: OrgsContext, id: string) {
  const row = await loadOrg(ctx, id);
  const contactPhone = row.contactPhoneEnc ? ctx.pii.decrypt(row.contactPhoneEnc) : null;
  await recordAudit(ctx.db, ctx.who, {
    action: 'org.reveal_contact',
    entityType: 'org',
    entityId: row.id,
    areaPath: row.areaPath,
    after: { fields: contactPhone === null ? [] : ['contactPhone'] },
  });
  return { contactPhone };
}

// ---------- writes ----------

function checked(input: Parameters<typeof checkOrgInput>[0]): CheckedOrg {
  const errors = checkOrgInput(input);
  if (errors.length > 0) throw invalid(errors);
  return normaliseOrgInput(input);
}

export async function createOrg(ctx: OrgsContext, input: CreateOrgInput): Promise<OrgItemDto> {
  const value = checked(input);
  const area = await resolveFilingArea(ctx, input.areaId);
  if (!canManage(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  // A status given at registration starts the history; a plain registration has none yet.
  const startsHistory = input.status !== undefined || value.statusSince !== null;
  const statusSince = startsHistory ? (value.statusSince ?? today()) : null;
  return ctx.db.transaction(async (tx) => {
    if (value.creditCode && (await repo.findOrgIdByCreditCode(tx, value.creditCode))) {
      throw duplicateCreditCode(value.creditCode);
    }
    let row: OrgRow;
    try {
      row = await repo.insertOrg(tx, {
        kind: value.kind,
        creditCode: value.creditCode,
        name: value.name,
        aboveScale: value.aboveScale,
        industry: value.industry,
        areaId: area.id,
        areaPath: area.path,
        address: value.address,
        contactName: value.contactName,
        ...contactPhoneColumns(ctx.pii, value.contactPhone),
        tags: value.tags,
        status: value.status,
        statusSince,
      });
    } catch (error) {
      if (value.creditCode && isUniqueViolation(error, 'orgs_credit_code_key'))
        throw duplicateCreditCode(value.creditCode);
      throw error;
    }
    if (startsHistory && statusSince) {
      await repo.insertStatusHistory(tx, {
        orgId: row.id,
        status: row.status,
        effectiveDate: statusSince,
        actorId: ctx.actor.id,
      });
    }
    await recordAudit(tx, ctx.who, {
      action: 'org.create',
      entityType: 'org',
      entityId: row.id,
      areaPath: row.areaPath,
      after: orgAuditView(row),
    });
    return presentOrg(ctx.actor, { ...row, areaName: area.name });
  });
}

export async function updateOrg(ctx: OrgsContext, id: string, input: UpdateOrgInput): Promise<OrgItemDto> {
  const current = await loadOrg(ctx, id);
  if (!canManage(ctx.actor, current)) throw new AppError('forbidden');
  const phoneChanged = input.contactPhone !== undefined;
  const pick = <K extends keyof UpdateOrgInput>(key: K, stored: UpdateOrgInput[K]) =>
    input[key] !== undefined ? input[key] : stored;
  const value = checked({
    name: pick('name', current.name),
    kind: pick('kind', current.kind as OrgKind),
    creditCode: pick('creditCode', current.creditCode),
    aboveScale: pick('aboveScale', current.aboveScale),
    industry: pick('industry', current.industry as IndustrySection | null),
    address: pick('address', current.address),
    contactName: pick('contactName', current.contactName),
    // The stored phone is already valid and stays untouched unless a new one is given.
    contactPhone: phoneChanged ? input.contactPhone : null,
    tags: pick('tags', current.tags as OrgTag[]),
  });
  const area =
    input.areaId !== undefined && input.areaId !== current.areaId
      ? await resolveFilingArea(ctx, input.areaId)
      : null;
  const changes: Parameters<typeof repo.updateOrgAtVersion>[3] = {
    kind: value.kind,
    creditCode: value.creditCode,
    name: value.name,
    aboveScale: value.aboveScale,
    industry: value.industry,
    address: value.address,
    contactName: value.contactName,
    tags: value.tags,
  };
  if (phoneChanged) Object.assign(changes, contactPhoneColumns(ctx.pii, value.contactPhone));
  if (area) Object.assign(changes, { areaId: area.id, areaPath: area.path });
  return ctx.db.transaction(async (tx) => {
    if (value.creditCode && value.creditCode !== current.creditCode) {
      const holder = await repo.findOrgIdByCreditCode(tx, value.creditCode);
      if (holder && holder !== id) throw duplicateCreditCode(value.creditCode);
    }
    let row: OrgRow | undefined;
    try {
      row = await repo.updateOrgAtVersion(tx, id, input.version, changes);
    } catch (error) {
      if (value.creditCode && isUniqueViolation(error, 'orgs_credit_code_key'))
        throw duplicateCreditCode(value.creditCode);
      throw error;
    }
    if (!row) throw stale(current.version);
    await recordAudit(tx, ctx.who, {
      action: 'org.update',
      entityType: 'org',
      entityId: id,
      areaPath: row.areaPath,
      before: orgAuditView(current),
      after: orgAuditView(row),
    });
    return presentOrg(ctx.actor, { ...row, areaName: area?.name ?? current.areaName });
  });
}

export async function changeStatus(ctx: OrgsContext, id: string, input: ChangeStatusInput) {
  const current = await loadOrg(ctx, id);
  if (!canManage(ctx.actor, current)) throw new AppError('forbidden');
  if (current.version !== input.version) throw stale(current.version);
  const move = statusMoveProblem(current.status, input.status);
  if (move) throw conflict([move]);
  const dateProblem = effectiveDateProblem(input.effectiveDate, current.statusSince, today());
  if (dateProblem) throw invalid([dateProblem]);
  const note = input.note?.trim() || null;
  await ctx.db.transaction(async (tx) => {
    const row = await repo.updateOrgAtVersion(tx, id, input.version, {
      status: input.status,
      statusSince: input.effectiveDate,
    });
    if (!row) throw stale(current.version);
    await repo.insertStatusHistory(tx, {
      orgId: id,
      status: input.status,
      effectiveDate: input.effectiveDate,
      note,
      actorId: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'org.status_change',
      entityType: 'org',
      entityId: id,
      areaPath: row.areaPath,
      before: { status: current.status, statusSince: current.statusSince },
      after: { status: row.status, statusSince: row.statusSince, note },
    });
  });
  return getOrg(ctx, id);
}
