import type { FieldSpec, Localised } from '../../../shared/form-fields.ts';
import { request } from '../../api.ts';

// Types follow the server schemas: case-types.schema.ts, case-work.schema.ts (guides) and
// public-requests.schema.ts (Open311 keys). The server is the source of truth.

export const SUBJECT_KINDS = ['org', 'person', 'area', 'none'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const SUBMITTERS = ['staff', 'enterprise', 'public'] as const;
export type Submitter = (typeof SUBMITTERS)[number];

export type SlaBasis = 'working' | 'calendar';

export interface TypeSla {
  basis: SlaBasis;
  firstResponseHours: number;
  updateIntervalHours: number;
  resolutionHours: number;
  /** 0–1: share of a clock after which the warning fires. */
  warnAtShare: number;
}

export interface TypeCategory {
  code: string;
  name: Localised;
  departmentCode: string;
}

export interface AdminCaseType {
  id: string;
  code: string;
  name: Localised;
  description: Localised;
  subjectKind: SubjectKind;
  fields: FieldSpec[];
  categories: TypeCategory[];
  defaultDepartmentCode: string | null;
  sla: TypeSla;
  submitters: Submitter[];
  open311Code: string | null;
  sortOrder: number;
  active: boolean;
  version: number;
  can: { update: boolean };
}

export interface CaseTypeBody {
  name: Localised;
  description: Localised;
  subjectKind: SubjectKind;
  fields: FieldSpec[];
  categories: TypeCategory[];
  defaultDepartmentCode: string | null;
  sla: TypeSla;
  submitters: Submitter[];
  open311Code: string | null;
  active: boolean;
}

export interface GuideItem {
  id: string;
  title: string;
  body: string;
  caseTypeCode: string | null;
  category: string | null;
  departmentCode: string | null;
  areaPath: string;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  version: number;
  can: { update: boolean };
}

export interface GuideQuery {
  q?: string;
  typeCode?: string;
  category?: string;
}

export interface GuideBody {
  title: string;
  body: string;
  caseTypeCode: string | null;
  category: string | null;
  departmentCode: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  keyPrefix: string;
  active: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  can: { revoke: boolean };
}

export interface CreatedApiKey extends ApiKey {
  /** The key itself: the server returns it this once. */
  key: string;
}

/** A department as GET /api/departments lists it (only the parts these pages use). */
export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

const id = encodeURIComponent;

/** Drops null link fields: a new guide leaves them out, the create body has no nulls. */
function createGuideBody(body: GuideBody & { areaId?: string }) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined));
}

export const caseAdminApi = {
  types: () =>
    request<{ items: AdminCaseType[] }>('GET', '/api/case-types', { query: { includeInactive: true } }),
  type: (code: string) => request<AdminCaseType>('GET', `/api/case-types/${id(code)}`),
  createType: (body: CaseTypeBody & { code: string }) =>
    request<AdminCaseType>('POST', '/api/case-types', { body }),
  updateType: (typeId: string, body: CaseTypeBody & { version: number }) =>
    request<AdminCaseType>('PATCH', `/api/case-types/${id(typeId)}`, { body }),
  departments: () => request<{ items: DepartmentRef[] }>('GET', '/api/departments'),

  guides: (query: GuideQuery, cursor?: string) =>
    request<{ items: GuideItem[]; nextCursor: string | null }>('GET', '/api/guides', {
      query: { ...query, cursor, limit: 30 },
    }),
  guide: (guideId: string) => request<GuideItem>('GET', `/api/guides/${id(guideId)}`),
  createGuide: (body: GuideBody & { areaId?: string }) =>
    request<GuideItem>('POST', '/api/guides', { body: createGuideBody(body) }),
  updateGuide: (guideId: string, body: GuideBody & { version: number }) =>
    request<GuideItem>('PATCH', `/api/guides/${id(guideId)}`, { body }),

  keys: () => request<{ items: ApiKey[] }>('GET', '/api/open311/keys'),
  createKey: (name: string) => request<CreatedApiKey>('POST', '/api/open311/keys', { body: { name } }),
  revokeKey: (keyId: string) => request<ApiKey>('POST', `/api/open311/keys/${id(keyId)}/revoke`),

  qrSvgUrl: (areaId: string) => `/api/areas/${id(areaId)}/qr.svg`,
  qrPngUrl: (areaId: string) => `/api/areas/${id(areaId)}/qr.png`,
};
