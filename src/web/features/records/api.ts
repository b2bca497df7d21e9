import type { FieldSpec, Localised } from '../../../shared/form-fields.ts';
import type {
  ExpectedSubjectSet,
  FormExpectation,
  RecordChannel,
  RecordSubjectKind,
  RuleAction,
  RuleCondition,
  TemplateColumn,
} from '../../../shared/record-forms.ts';
import { ApiError, request } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

// Types follow the records contract and the server's *.schema.ts files in src/server/modules/records/;
// the server is the source of truth.

export type { FieldSpec, Localised, RecordSubjectKind };

export type RetentionAction = 'delete' | 'anonymise';

export interface RecordForm {
  id: string;
  key: string;
  version: number;
  name: Localised;
  description: Localised | null;
  subjectKind: RecordSubjectKind;
  fields: FieldSpec[];
  expectation: FormExpectation | null;
  healthData: boolean;
  retentionDays: number | null;
  retentionAction: RetentionAction;
  offline: boolean;
  channels: RecordChannel[];
  active: boolean;
  createdAt: string;
}

export interface NewFormVersionBody {
  name: Localised;
  description: Localised | null;
  fields: FieldSpec[];
}

export interface RecordItem {
  id: string;
  recordId: string;
  revision: number;
  current: boolean;
  day: string;
  formKey: string;
  formVersion: number;
  formName: Localised;
  subject: { kind: RecordSubjectKind; id: string; name: string };
  areaPath: string;
  areaName: string | null;
  observedAt: string;
  values: Record<string, unknown>;
  channel: RecordChannel;
  submittedBy: { id: string; name: string } | null;
  createdAt: string;
  anonymised: boolean;
  /** The correction's reason (revisions after the first). */
  reason: string | null;
  replayed?: boolean;
  can: { correct: boolean };
}

export interface RecordFilters {
  formKey?: string;
  subjectKind?: RecordSubjectKind;
  subjectId?: string;
  areaId?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface CorrectionBody {
  key: string;
  values: Record<string, unknown>;
  expectedRevision: number;
  reason: string;
}

interface Counts {
  expected: number;
  /** Subjects with all their records of the day (perDay of them). */
  reported: number;
  /** Subjects with some but not all (a checkpoint with one of two shifts). */
  partly: number;
  rate: number | null;
}

export interface ComplianceRow extends Counts {
  areaId: string;
  areaName: string;
  areaPath: string;
}

export interface ComplianceForm extends Counts {
  formKey: string;
  formName: Localised;
  subjects: ExpectedSubjectSet;
  subjectKind: RecordSubjectKind;
  perDay: number;
  areas: ComplianceRow[];
}

/** An area asked about; null = everywhere (an administrator without areaId). */
export type AreaRef = { id: string; name: string; path: string } | null;

export interface ComplianceBoard {
  day: string;
  area: AreaRef;
  forms: ComplianceForm[];
}

export interface MissingSubject {
  subject: { kind: RecordSubjectKind; id: string; name: string };
  areaName: string | null;
  areaPath: string;
  /** Records of the form it has on the day (below perDay). */
  reportedCount: number;
  perDay: number;
  lastReportedDay: string | null;
  remindedAt: string | null;
}

export interface ReminderResult {
  sent: number;
  alreadySent: number;
  skipped: number;
  notifiedUsers: number;
}

export interface RatePoint extends Counts {
  day: string;
  areaId: string;
  areaName: string;
}

export interface Rates {
  formKey: string;
  perDay: number;
  from: string;
  to: string;
  area: AreaRef;
  items: RatePoint[];
  /** Per day over the whole area, every day of the period. */
  totals: (Counts & { day: string })[];
}

export interface Screening {
  id: string;
  person: { id: string; name: string };
  areaPath: string;
  areaName: string | null;
  fromDay: string;
  untilDay: string | null;
  reason: string;
  /** Covers today. */
  active: boolean;
  createdBy: { id: string; name: string | null } | null;
  createdAt: string;
}

export interface ScreeningBody {
  personId: string;
  fromDay: string;
  untilDay?: string;
  reason: string;
}

export interface ReportTemplate {
  id: string;
  key: string;
  name: Localised;
  department: Localised;
  formKey: string;
  groupBy: 'town' | 'community' | 'grid' | 'subject';
  columns: TemplateColumn[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ReportRow {
  /** The area (town, community, grid) or the subject. */
  group: { id: string; name: string; path: string | null };
  values: Record<string, number | null>;
}

export interface Report {
  template: ReportTemplate;
  from: string;
  to: string;
  area: AreaRef;
  columns: { key: string; label: Localised }[];
  rows: ReportRow[];
  totals: Record<string, number | null>;
}

export interface RecordRule {
  id: string;
  key: string;
  formKey: string;
  name: Localised;
  condition: RuleCondition;
  action: RuleAction;
  active: boolean;
  /** Conditions holding now (hits not yet cleared). */
  openHits: number;
  createdAt: string;
  updatedAt: string;
}

export interface RulePatch {
  active?: boolean;
  condition?: RuleCondition;
}

export interface PurgeRun {
  action: RetentionAction;
  beforeDay: string;
  count: number;
  ranAt: string;
}

export interface RetentionItem {
  formKey: string;
  version: number;
  name: Localised;
  active: boolean;
  healthData: boolean;
  retentionDays: number | null;
  retentionAction: RetentionAction;
  purges: PurgeRun[];
}

type Page<T> = { items: T[]; nextCursor: string | null };

const id = encodeURIComponent;
export const RECORDS_PAGE = 30;

export const recordsApi = {
  forms: () => request<{ items: RecordForm[] }>('GET', '/api/record-forms'),
  /**
   * Every form, switched-off ones included: the forms list answers active forms only, so the retired
   * keys come from the retention list (which holds every key) and their versions.
   */
  allForms: async (): Promise<{ items: RecordForm[] }> => {
    const [active, retention] = await Promise.all([
      request<{ items: RecordForm[] }>('GET', '/api/record-forms'),
      request<{ items: RetentionItem[] }>('GET', '/api/record-retention'),
    ]);
    const retired = retention.items.filter((r) => !active.items.some((f) => f.key === r.formKey));
    const latest = await Promise.all(
      retired.map(async (r) => (await recordsApi.versions(r.formKey)).items.at(-1)),
    );
    return { items: [...active.items, ...latest.filter((f): f is RecordForm => Boolean(f))] };
  },
  form: (key: string) => request<RecordForm>('GET', `/api/record-forms/${id(key)}`),
  versions: (key: string) => request<{ items: RecordForm[] }>('GET', `/api/record-forms/${id(key)}/versions`),
  newVersion: (key: string, body: NewFormVersionBody) =>
    request<RecordForm>('POST', `/api/record-forms/${id(key)}/versions`, { body }),
  setFormActive: (key: string, active: boolean) =>
    request<RecordForm>('PATCH', `/api/record-forms/${id(key)}`, { body: { active } }),

  list: (filters: RecordFilters, cursor?: string, limit = RECORDS_PAGE) =>
    request<Page<RecordItem>>('GET', '/api/records', {
      query: { ...filters, cursor, limit },
    }),
  get: (recordId: string) =>
    request<{ record: RecordItem; revisions: RecordItem[] }>('GET', `/api/records/${id(recordId)}`),
  correct: (recordId: string, body: CorrectionBody) =>
    request<RecordItem>('POST', `/api/records/${id(recordId)}/corrections`, { body }),
  photoUrl: (photoId: string) => `/api/record-photos/${id(photoId)}`,

  compliance: (day: string | undefined, areaId?: string) =>
    request<ComplianceBoard>('GET', '/api/compliance', { query: { day, areaId } }),
  missing: (query: { formKey: string; day: string; areaId?: string; q?: string }, cursor?: string) =>
    request<Page<MissingSubject>>('GET', '/api/compliance/missing', {
      query: { ...query, cursor, limit: 50 },
    }),
  remind: (body: { formKey: string; day: string; subjectIds?: string[]; areaId?: string }) =>
    request<ReminderResult>('POST', '/api/compliance/reminders', { body }),
  rates: (query: { formKey: string; areaId?: string; from: string; to: string }) =>
    request<Rates>('GET', '/api/compliance/rates', { query }),

  screenings: (query: { active?: boolean; q?: string }, cursor?: string) =>
    request<Page<Screening>>('GET', '/api/screenings', { query: { ...query, cursor, limit: 50 } }),
  createScreening: (body: ScreeningBody) => request<Screening>('POST', '/api/screenings', { body }),
  endScreening: (screeningId: string) =>
    request<Screening>('POST', `/api/screenings/${id(screeningId)}/end`, { body: {} }),

  templates: () => request<{ items: ReportTemplate[] }>('GET', '/api/report-templates'),
  report: (key: string, query: { from: string; to: string; areaId?: string }) =>
    request<Report>('GET', `/api/report-templates/${id(key)}/report`, { query }),

  rules: () => request<{ items: RecordRule[] }>('GET', '/api/record-rules'),
  updateRule: (ruleId: string, body: RulePatch) =>
    request<RecordRule>('PATCH', `/api/record-rules/${id(ruleId)}`, { body }),

  retention: () => request<{ items: RetentionItem[] }>('GET', '/api/record-retention'),
  setRetention: (formKey: string, body: { retentionDays: number | null; retentionAction: RetentionAction }) =>
    request<RetentionItem>('PUT', `/api/record-retention/${id(formKey)}`, { body }),
  runRetention: () =>
    request<{
      ranAt: string;
      items: { formKey: string; action: RetentionAction; beforeDay: string; count: number }[];
    }>('POST', '/api/record-retention/run', { body: {} }),
};

function queryString(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Downloads through fetch, so the sheet's headers follow the page's language and errors are shown. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      headers: { 'Accept-Language': currentLang() },
    });
  } catch {
    throw new ApiError(0, 'network', '', []);
  }
  if (!response.ok) {
    let message: string;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      message = body.error?.message ?? '';
    } catch {
      message = '';
    }
    throw new ApiError(response.status, 'export_failed', message, []);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const recordsXlsxUrl = (filters: RecordFilters): string =>
  `/api/records.xlsx${queryString({ ...filters })}`;

export const reportXlsxUrl = (key: string, query: { from: string; to: string; areaId?: string }): string =>
  `/api/report-templates/${id(key)}/report.xlsx${queryString(query)}`;
