import type { FieldSpec, Localised } from '../../../shared/form-fields.ts';
import { request, uploadFile } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

export type { FieldSpec, Localised };

// Types follow the cases API contract (/tmp/cases-contract.md); the server is the source of truth.

export const CASE_STATUSES = [
  'submitted',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'accept',
  'start',
  'resolve',
  'close',
  'confirm',
  'reject',
  'withdraw',
  'merge',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseView = 'mine' | 'team' | 'department' | 'overdue' | 'requested' | 'all';

export interface CaseCategory {
  code: string;
  name: Localised;
  departmentCode: string;
}

export interface CaseSla {
  basis: 'working' | 'calendar';
  firstResponseHours: number;
  updateIntervalHours: number;
  resolutionHours: number;
  warnAtShare: number;
}

export interface CaseType {
  id: string;
  code: string;
  name: Localised;
  description: Localised | string | null;
  subjectKind: 'org' | 'person' | 'area' | 'none';
  fields: FieldSpec[];
  categories: CaseCategory[];
  sla: CaseSla;
  submitters: ('staff' | 'enterprise' | 'public')[];
  open311Code: string | null;
  active: boolean;
  version: number;
}

export interface CaseSummary {
  id: string;
  number: number;
  code: string;
  typeCode: string;
  typeName: Localised;
  category: string | null;
  status: CaseStatus;
  priority: 'normal' | 'urgent';
  title: string;
  subject: { kind: string; id: string; name: string } | null;
  areaPath: string;
  areaName: string | null;
  owner: { id: string; name: string } | null;
  handlingDepartmentCode: string | null;
  createdAt: string;
  updatedAt: string;
  dueFirstResponseAt: string | null;
  dueResolutionAt: string | null;
  overdue: boolean;
  escalationLevel: number;
}

export interface CaseTask {
  id: string;
  assigneeKind: 'department' | 'region';
  departmentCode: string | null;
  regionName: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  title: string;
  description: string | null;
  status: 'open' | 'done' | 'closed';
  overdue?: boolean;
  result: string | null;
  closeReason: string | null;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
  can: { complete: boolean; close: boolean };
}

/** A task in the department view, with its case (case-work.schema.ts TaskListItem). */
export interface DepartmentTask extends CaseTask {
  case: { id: string; code: string; title: string; status: string };
}

export interface UserRef {
  id: string;
  name: string;
}

/** case-work.schema.ts Handover. */
export interface Handover {
  id: string;
  caseId: string;
  from: UserRef | null;
  to: UserRef;
  reason: string;
  status: string;
  orderedBy: UserRef | null;
  createdAt: string;
  decidedAt: string | null;
  can: { accept: boolean; decline: boolean };
}

export type CaseCan = Record<
  CaseAction | 'comment' | 'commentInternal' | 'handover' | 'orderHandover' | 'openTask' | 'rate' | 'attach',
  boolean
>;

export interface CaseDetail extends CaseSummary {
  description: string;
  fields: Record<string, unknown>;
  requester: { name: string | null; phoneMasked: string | null; orgId: string | null } | null;
  resolution: string | null;
  guide: { id: string; title: string } | null;
  rating: number | null;
  ratingComment: string | null;
  mergedInto: { id: string; code: string } | null;
  version: number;
  tasks: CaseTask[];
  pendingHandover: Handover | null;
  /** Not in the contract's CaseDetail; read when the server sends it, else taken from the timeline. */
  attachments?: Attachment[];
  can: CaseCan;
}

export interface CaseEvent {
  id: string;
  at: string;
  kind: string;
  visibility: 'public' | 'internal';
  actorName: string | null;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  body: string | null;
  data: Record<string, unknown> | null;
}

export interface Guide {
  id: string;
  title: string;
  body?: string;
  caseTypeCode?: string | null;
  category?: string | null;
  departmentCode?: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  visibility: 'public' | 'internal';
  createdAt: string;
}

export interface CaseFilters {
  view: CaseView;
  status?: CaseStatus;
  typeCode?: string;
  category?: string;
  q?: string;
}

export interface CreateCaseBody {
  typeCode: string;
  category?: string;
  title: string;
  description: string;
  fields: Record<string, unknown>;
  subjectOrgId?: string;
  areaId?: string;
  priority?: 'normal' | 'urgent';
}

export interface ActionBody {
  version: number;
  reason?: string;
  resolution?: string;
  guideId?: string;
  intoCaseId?: string;
}

export interface NewTaskBody {
  assigneeKind: 'department' | 'region';
  departmentCode?: string;
  regionName?: string;
  contactName?: string;
  contactPhone?: string;
  title: string;
  description?: string;
  dueHours?: number;
}

export type MetricGroup = 'department' | 'area' | 'type';

/** sla.schema.ts UnitMetrics: one department, area or case type. Rates are 0–1 or null. */
export interface UnitMetrics {
  key: string;
  name: string | null;
  cases: number;
  dueForResponse: number;
  respondedInTime: number;
  responseRate: number | null;
  resolved: number;
  resolvedOnTime: number;
  onTimeResolutionRate: number | null;
  rated: number;
  satisfied: number;
  satisfactionRate: number | null;
  medianHoursToResolve: number | null;
  open: number;
  overdue: number;
  solved: number;
}

export interface CaseMetrics {
  groupBy: MetricGroup;
  areaPath: string | null;
  from: string;
  to: string;
  units: UnitMetrics[];
  total: UnitMetrics;
}

/** sla.schema.ts OverdueCase. */
export interface OverdueCase {
  id: string;
  number: number;
  title: string;
  status: CaseStatus;
  areaPath: string;
  ownerUserId: string | null;
  ownerName: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  dueResolutionAt: string;
  hoursOverdue: number;
  escalationLevel: number;
}

const id = encodeURIComponent;
const casePath = (caseId: string) => `/api/cases/${id(caseId)}`;

export const casesApi = {
  types: () => request<{ items: CaseType[] }>('GET', '/api/case-types'),
  list: (filters: CaseFilters, cursor?: string, limit = 20) =>
    request<{ items: CaseSummary[]; nextCursor: string | null }>('GET', '/api/cases', {
      query: { ...filters, cursor, limit },
    }),
  get: (caseId: string) => request<CaseDetail>('GET', casePath(caseId)),
  events: (caseId: string) => request<{ items: CaseEvent[] }>('GET', `${casePath(caseId)}/events`),
  create: (body: CreateCaseBody) => request<CaseDetail>('POST', '/api/cases', { body }),
  act: (caseId: string, action: CaseAction, body: ActionBody) =>
    request<CaseDetail>('POST', `${casePath(caseId)}/actions/${action}`, { body }),
  comment: (caseId: string, body: { body: string; visibility: 'public' | 'internal' }) =>
    request<CaseEvent>('POST', `${casePath(caseId)}/comments`, { body }),
  rate: (caseId: string, body: { rating: number; comment?: string }) =>
    request<CaseDetail>('POST', `${casePath(caseId)}/rating`, { body }),
  similar: (query: { typeCode?: string; category?: string; subjectOrgId?: string; text: string }) =>
    request<{ cases: CaseSummary[]; guides: Guide[] }>('GET', '/api/cases/similar', { query }),
  handover: (caseId: string, body: { toUserId: string; reason: string; order?: boolean }) =>
    request<Handover>('POST', `${casePath(caseId)}/handovers`, { body }),
  answerHandover: (caseId: string, handoverId: string, answer: 'accept' | 'decline', reason?: string) =>
    request<Handover>('POST', `${casePath(caseId)}/handovers/${id(handoverId)}/${answer}`, {
      body: answer === 'decline' ? { reason } : {},
    }),
  openTask: (caseId: string, body: NewTaskBody) =>
    request<CaseTask>('POST', `${casePath(caseId)}/tasks`, { body }),
  completeTask: (caseId: string, taskId: string, result: string) =>
    request<CaseTask>('POST', `${casePath(caseId)}/tasks/${id(taskId)}/complete`, { body: { result } }),
  closeTask: (caseId: string, taskId: string, reason: string) =>
    request<CaseTask>('POST', `${casePath(caseId)}/tasks/${id(taskId)}/close`, { body: { reason } }),
  departmentTasks: (status: 'open' | 'done' | 'closed', cursor?: string) =>
    request<{ items: DepartmentTask[]; nextCursor: string | null }>('GET', '/api/case-tasks', {
      query: { view: 'department', status, cursor },
    }),
  guides: (query: { q?: string; typeCode?: string; category?: string }) =>
    request<{ items: Guide[]; nextCursor: string | null }>('GET', '/api/guides', { query }),
  attachments: (caseId: string) => request<{ items: Attachment[] }>('GET', `${casePath(caseId)}/attachments`),
  attachmentUrl: (caseId: string, attachmentId: string) =>
    `${casePath(caseId)}/attachments/${id(attachmentId)}`,
  metrics: (query: { from?: string; to?: string; groupBy?: MetricGroup; areaId?: string }) =>
    request<CaseMetrics>('GET', '/api/case-metrics', { query }),
  overdue: (cursor?: string) =>
    request<{ items: OverdueCase[]; nextCursor: string | null }>('GET', '/api/cases-overdue', {
      query: { cursor, limit: 50 },
    }),
};

export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Sends one file as the raw request body (the contract's upload format: the file's own
 * Content-Type, name and visibility in the query). The CSRF token comes from the signed-in user.
 */
export async function uploadAttachment(
  caseId: string,
  file: File,
  visibility: 'public' | 'internal',
  csrfToken: string,
): Promise<Attachment> {
  const params = new URLSearchParams({ fileName: file.name, visibility });
  return uploadFile<Attachment>(`${casePath(caseId)}/attachments?${params.toString()}`, file, csrfToken);
}

/** The code shown for a case number, as the server makes it (GL-000123). */
export function caseCode(number: number): string {
  return `GL-${String(number).padStart(6, '0')}`;
}

/** The localised text of a {zh, en} pair (or a plain string). */
export function loc(value: Localised | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return currentLang() === 'en-US' ? value.en : value.zh;
}
