import type { LaggardDto, MetricKey, TargetDto } from '../../../shared/dashboard.ts';
import { request } from '../../api.ts';

// Types follow the dashboard contract (src/shared/dashboard.ts) and the server's targets.schema.ts.

export type { LaggardDto, TargetDto };
export type TargetStatus = TargetDto['status'];

export const TARGET_STATUSES: readonly TargetStatus[] = ['missed', 'lagging', 'no_data', 'on_track', 'met'];

export interface TargetsFilter {
  areaId?: string;
  status?: TargetStatus;
  metric?: MetricKey;
  includeInactive?: boolean;
}

export interface TargetBody {
  metric: MetricKey;
  areaId: string;
  title: string;
  startDay: string;
  dueDay: string;
  targetValue: number;
  note?: string | null;
}

export interface LaggardsAnswer {
  target: TargetDto;
  items: LaggardDto[];
  canIssue: boolean;
}

export interface IssuedSheet {
  created: boolean;
  sheet: {
    caseId: string;
    number: number;
    code: string;
    areaId: string;
    areaPath: string;
    departmentCode: string | null;
  };
}

const at = (id: string) => `/api/targets/${encodeURIComponent(id)}`;

export const targetsApi = {
  list: (filter: TargetsFilter, cursor?: string) =>
    request<{ items: TargetDto[]; nextCursor: string | null }>('GET', '/api/targets', {
      query: { ...filter, cursor, limit: 20 },
    }),
  create: (body: TargetBody) => request<TargetDto>('POST', '/api/targets', { body }),
  update: (id: string, body: Partial<TargetBody> & { version: number }) =>
    request<TargetDto>('PATCH', at(id), { body }),
  deactivate: (id: string, version: number) =>
    request<TargetDto>('POST', `${at(id)}/deactivate`, { body: { version } }),
  activate: (id: string, version: number) =>
    request<TargetDto>('POST', `${at(id)}/activate`, { body: { version } }),
  laggards: (id: string) => request<LaggardsAnswer>('GET', `${at(id)}/laggards`),
  issueSheet: (id: string, areaId: string) =>
    request<IssuedSheet>('POST', `${at(id)}/sheets`, { body: { areaId } }),
};
