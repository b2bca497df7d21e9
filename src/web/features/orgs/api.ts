import type { AreaLevel } from '../../../shared/areas.ts';
import type { IndustrySection, OrgKind, OrgStatus } from '../../../shared/registries.ts';
import { ApiError, request } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

export type OrgTag =
  'exporter' | 'key_enterprise' | 'epidemic_supplies' | 'foreign_invested' | 'civilised_unit';

export interface Org {
  id: string;
  kind: OrgKind;
  creditCode: string | null;
  name: string;
  aboveScale: boolean;
  industry: IndustrySection | null;
  areaId: string;
  areaName: string | null;
  address: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  tags: OrgTag[];
  status: OrgStatus;
  statusSince: string | null;
  version: number;
  updatedAt: string;
  can: { update: boolean; changeStatus: boolean; reveal: boolean };
}

export interface StatusHistoryEntry {
  id: number;
  status: OrgStatus;
  effectiveDate: string;
  note: string | null;
  actorName: string | null;
  at: string;
}

export interface OrgDetail {
  org: Org;
  history: StatusHistoryEntry[];
  ancestors: { id: string; name: string; level: AreaLevel }[];
  allowedStatuses: OrgStatus[];
}

export interface OrgFilters {
  q?: string;
  kind?: OrgKind;
  status?: OrgStatus;
  tag?: OrgTag;
  aboveScale?: boolean;
  industry?: IndustrySection;
  areaId?: string;
  sort?: 'name' | 'updatedAt';
}

export interface OrgBody {
  kind?: OrgKind;
  name?: string;
  creditCode?: string | null;
  aboveScale?: boolean;
  industry?: IndustrySection | null;
  areaId?: string;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  tags?: OrgTag[];
}

const path = (id: string) => `/api/orgs/${encodeURIComponent(id)}`;

export const orgsApi = {
  list: (filters: OrgFilters, cursor?: string) =>
    request<{ items: Org[]; nextCursor: string | null }>('GET', '/api/orgs', {
      query: { ...filters, cursor, limit: 20 },
    }),
  get: (id: string) => request<OrgDetail>('GET', path(id)),
  reveal: (id: string) => request<{ contactPhone: string | null }>('POST', `${path(id)}/reveal`),
  create: (body: OrgBody & { kind: OrgKind; name: string; areaId: string; status?: OrgStatus }) =>
    request<Org>('POST', '/api/orgs', { body }),
  update: (id: string, body: OrgBody & { version: number }) => request<Org>('PATCH', path(id), { body }),
  changeStatus: (
    id: string,
    body: { status: OrgStatus; effectiveDate: string; note?: string | null; version: number },
  ) => request<OrgDetail>('POST', `${path(id)}/status`, { body }),
};

/** The export URL for the current filters, so the download carries exactly what the list shows. */
export function exportUrl(filters: OrgFilters, format: 'xlsx' | 'csv'): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return `/api/orgs/export?${params.toString()}`;
}

/** Downloads through fetch, so the file's headers follow the page's language. */
export async function downloadOrgs(filters: OrgFilters, format: 'xlsx' | 'csv'): Promise<void> {
  const response = await fetch(exportUrl(filters, format), {
    credentials: 'same-origin',
    headers: { 'Accept-Language': currentLang() },
  });
  if (!response.ok) throw new ApiError(response.status, 'export_failed', '', []);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${currentLang() === 'en-US' ? 'organisations' : '企业与主体名录'}.${format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
