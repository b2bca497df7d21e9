import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { notFound } from '../../core/errors.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import {
  normaliseFields,
  validateFields,
  type CaseFieldSpec as FieldSpec,
} from '../../../shared/form-fields.ts';
import { isValidPhone, maskPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';
import { caseCode } from '../cases/cases.rules.ts';
import { createPublicCase } from '../cases/cases.service.ts';
import { findActivePlace } from './public-requests.repo.ts';
import { newTrackingToken } from './public-requests.service.ts';
import { titleFromDescription } from './verification.rules.ts';
import * as repo from './open311.repo.ts';
import {
  attributeAnswers,
  Open311Error,
  attributesOf,
  listParam,
  open311Status,
  parsePostBody,
  requestNumberOf,
  statusesFor,
  type XmlValue,
} from './open311.rules.ts';
import type { ApiKeyCreatedDto, ApiKeyDto } from './public-requests.schema.ts';

export type Lang = 'zh' | 'en';
type Row = Record<string, XmlValue>;

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
export const MAX_REQUESTS = 1000;
const DEFAULT_DAYS = 90;

export async function discovery(db: Db, baseUrl: string): Promise<Row> {
  const changeset = ((await repo.lastServiceChange(db)) ?? new Date(0)).toISOString();
  return {
    changeset,
    contact: 'The city command office (市指挥中心) runs this endpoint.',
    key_service:
      'API keys for POST requests are issued by the city administrators in Gridline (cases:admin).',
    endpoints: [
      {
        specification: SPEC,
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

const nameOf = (row: { nameZh: string; nameEn: string }, lang: Lang) =>
  lang === 'zh' ? row.nameZh : row.nameEn;

export async function listServices(db: Db, lang: Lang): Promise<Row[]> {
  const rows = await repo.listServices(db);
  return rows.map((s) => {
    const categories = (s.categories as { code: string; name: { zh: string; en: string } }[]) ?? [];
    return {
      service_code: s.open311Code ?? s.code,
      service_name: nameOf(s, lang),
      description: (lang === 'zh' ? s.descriptionZh : s.descriptionEn) ?? s.descriptionZh ?? '',
      metadata: false,
      type: 'realtime',
      keywords: categories.map((c) => c.name[lang]).join(','),
      group: s.departmentName ?? '',
    };
  });
}

export async function serviceDefinition(db: Db, serviceCode: string, lang: Lang): Promise<Row> {
  const service = await repo.findService(db, serviceCode);
  if (!service) throw new Open311Error(404, [`service_code ${serviceCode} not found`]);
  return {
    service_code: service.open311Code ?? service.code,
    attributes: attributesOf((service.fields as FieldSpec[]) ?? [], lang),
  };
}

function presentRequest(r: repo.RequestRow, lang: Lang): Row {
  const status = open311Status(r.status);
  return {
    service_request_id: caseCode(r.number),
    status,
    status_notes: status === 'closed' ? (r.resolution ?? '') : '',
    service_name: nameOf(r, lang),
    service_code: r.open311Code ?? '',
    description: r.description,
    agency_responsible: r.departmentName ?? '',
    service_notice: '',
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.dueResolutionAt ? r.dueResolutionAt.toISOString() : '',
    address: r.address ?? '',
    address_id: r.areaPath,
    zipcode: '',
    lat: r.lat,
    long: r.lon,
    media_url: '',
  };
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

export async function listRequests(
  db: Db,
  query: RequestsQuery,
  lang: Lang,
  now = new Date(),
): Promise<Row[]> {
  const ids = listParam(query.service_request_id);
  if (ids.length > 0) {
    // The spec: with service_request_id every other parameter is ignored.
    const numbers = ids.map(requestNumberOf).filter((n): n is number => n !== null);
    if (numbers.length === 0) return [];
    const rows = await repo.listRequests(db, { numbers, limit: MAX_REQUESTS });
    return rows.map((r) => presentRequest(r, lang));
  }
  const statuses = listParam(query.status);
  for (const s of statuses) {
    if (s !== 'open' && s !== 'closed') throw new Open311Error(400, ['status must be open or closed']);
  }
  const to = query.end_date ? new Date(query.end_date) : undefined;
  const from = query.start_date
    ? new Date(query.start_date)
    : new Date((to ?? now).getTime() - DEFAULT_DAYS * 86_400_000);
  if (to && from.getTime() > to.getTime()) throw new Open311Error(400, ['start_date is after end_date']);
  const codes = listParam(query.service_code);
  const rows = await repo.listRequests(db, {
    open311Codes: codes.length > 0 ? codes : undefined,
    statuses: statuses.length === 1 ? statusesFor(statuses[0] as 'open' | 'closed') : undefined,
    from,
    to,
    limit: MAX_REQUESTS,
  });
  return rows.map((r) => presentRequest(r, lang));
}

export async function getRequest(db: Db, id: string, lang: Lang): Promise<Row[]> {
  const number = requestNumberOf(id);
  const rows = number === null ? [] : await repo.listRequests(db, { numbers: [number], limit: 1 });
  const row = rows[0];
  if (!row) throw new Open311Error(404, [`service_request_id ${id} not found`]);
  return [presentRequest(row, lang)];
}

export async function lookupToken(db: Db, token: string): Promise<Row[]> {
  const number = await repo.findRequestNumberByToken(db, token);
  if (number === undefined) throw new Open311Error(404, [`token ${token} not found`]);
  return [{ service_request_id: caseCode(number), token }];
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export interface PostContext {
  db: Db;
  pii: PiiCipher;
  who: AuditActor;
}

/**
 * POST requests: the api_key must be an active key (403 otherwise); then the spec's 400s; an unknown
 * service_code is a 404. The case is filed at the area whose path or id is address_id, else at the
 * city root (lat/long are stored but not matched to an area).
 */
export async function postRequest(
  ctx: PostContext,
  body: Record<string, unknown>,
  now = new Date(),
): Promise<Row[]> {
  const apiKey = typeof body.api_key === 'string' ? body.api_key.trim() : '';
  const key = apiKey ? await repo.findActiveKeyByHash(ctx.db, hashApiKey(apiKey)) : undefined;
  if (!key) throw new Open311Error(403, ['api_key was not provided or is invalid']);
  const parsed = parsePostBody(body);
  if ('errors' in parsed) throw new Open311Error(400, parsed.errors);
  const input = parsed.input;
  const service = await repo.findService(ctx.db, input.serviceCode);
  if (!service) throw new Open311Error(404, [`service_code ${input.serviceCode} not found`]);
  const fieldSpecs = (service.fields as FieldSpec[] | null) ?? [];
  const answers = attributeAnswers(fieldSpecs, input.attributes);
  const fieldProblems = validateFields(fieldSpecs, answers);
  if (fieldProblems.length > 0)
    throw new Open311Error(
      400,
      fieldProblems.map((p) => `${p.field.replace(/^fields\.(.+)$/, 'attribute[$1]')} ${p.reason.en}`),
    );
  let phone: string | null = null;
  if (input.phone) {
    phone = normaliseIdentifier(input.phone).replace(/-/g, '');
    if (!isValidPhone(phone)) throw new Open311Error(400, ['phone is not a valid phone number']);
  }
  const place = input.addressId ? await findActivePlace(ctx.db, input.addressId) : undefined;
  if (input.addressId && !place)
    throw new Open311Error(400, [`address_id ${input.addressId} is not a known area`]);
  const area = place ?? (await repo.findCityRoot(ctx.db));
  if (!area) throw new Open311Error(400, ['no area is configured to receive requests']);
  const name = [input.lastName, input.firstName].filter(Boolean).join('') || 'Open311';
  const token = newTrackingToken();
  const created = await ctx.db.transaction(async (tx) => {
    await repo.touchApiKey(tx, key.id, now);
    const result = await createPublicCase(tx, ctx.pii, {
      typeCode: service.code,
      title: titleFromDescription(input.description),
      description: input.description,
      areaPath: area.path,
      address: input.addressString ?? area.name,
      lat: input.lat ?? undefined,
      lon: input.lon ?? undefined,
      requesterName: name,
      requesterPhone: phone ?? null,
      source: 'open311',
      open311Token: token,
      fields: normaliseFields(fieldSpecs, answers),
    });
    await recordAudit(
      tx,
      { ...ctx.who, actorName: `open311:${key.name}` },
      {
        action: 'open311_request.create',
        entityType: 'case',
        entityId: result.id,
        areaPath: area.path,
        after: {
          code: result.code,
          serviceCode: input.serviceCode,
          apiKeyId: key.id,
          phoneMasked: phone ? maskPhone(phone) : null,
        },
      },
    );
    return result;
  });
  return [{ service_request_id: created.code, service_notice: '', account_id: null, token }];
}

// ── API keys (administrators) ───────────────────────────────────────────────────

function presentKey(row: repo.ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    can: { revoke: row.active },
  };
}

export async function createApiKey(ctx: ServiceContext, name: string): Promise<ApiKeyCreatedDto> {
  const key = `gl311_${randomBytes(24).toString('base64url')}`;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertApiKey(tx, {
      name: name.trim(),
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 10),
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'open311_key.create',
      entityType: 'api_key',
      entityId: row.id,
      after: { name: row.name, keyPrefix: row.keyPrefix },
    });
    return { ...presentKey(row), key };
  });
}

export async function listApiKeys(ctx: ServiceContext): Promise<{ items: ApiKeyDto[] }> {
  return { items: (await repo.listApiKeys(ctx.db)).map(presentKey) };
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKeyDto> {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findApiKey(tx, id);
    if (!before) throw notFound();
    const after = before.active ? await repo.revokeApiKey(tx, id) : before;
    if (!after) throw notFound();
    if (before.active) {
      await recordAudit(tx, ctx.who, {
        action: 'open311_key.revoke',
        entityType: 'api_key',
        entityId: id,
        before: { active: true },
        after: { active: false },
      });
    }
    return presentKey(after);
  });
}
