import type { TeamKind, TeamRole } from '../../../shared/registries.ts';
import { request } from '../../api.ts';

export interface Department {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  areaPath: string;
  sortOrder: number;
  active: boolean;
  version: number;
  can: { update: boolean };
}

export interface StaffMember {
  id: string;
  name: string;
  phoneMasked: string | null;
  departmentId: string | null;
  departmentName: string | null;
  userId: string | null;
  title: string | null;
  areaPath: string;
  areaName: string | null;
  active: boolean;
  version: number;
  updatedAt: string;
  can: { update: boolean; assign: boolean; reveal: boolean };
}

export interface Team {
  id: string;
  kind: TeamKind;
  name: string;
  parentTeamId: string | null;
  departmentId: string | null;
  areaPath: string;
  sortOrder: number;
  active: boolean;
  version: number;
  memberCount: number;
  can: { update: boolean; manageMembers: boolean; cover: boolean };
}

export interface TeamMember {
  id: string;
  teamId: string;
  staffId: string;
  staffName: string;
  phoneMasked: string | null;
  role: TeamRole;
  startsOn: string;
  endsOn: string | null;
  can: { end: boolean };
}

export interface TeamDetail {
  team: Team;
  parent: { id: string; name: string; kind: TeamKind } | null;
  children: { id: string; name: string; kind: TeamKind }[];
  members: TeamMember[];
  coverage: {
    id: string;
    orgId: string | null;
    areaId: string | null;
    subjectName: string;
    startsAt: string;
  }[];
}

export interface Assignment {
  id: string;
  kind: 'liaison' | 'team_coverage' | 'grid_worker';
  staffId: string | null;
  staffName: string | null;
  orgId: string | null;
  areaId: string | null;
  active: boolean;
  startsAt: string;
  endsAt: string | null;
  reason: string | null;
}

export interface CoverageGaps {
  enterprises: {
    count: number;
    items: { id: string; name: string; address: string | null; areaName: string | null; status: string }[];
    nextCursor: string | null;
  };
  grids: {
    count: number;
    items: { id: string; name: string; path: string; parentName: string | null }[];
    nextCursor: string | null;
  };
  can: { assign: boolean };
}

export type BulkKind = 'liaison' | 'grid_worker';

export interface BulkBody {
  fromStaffId: string;
  toStaffId: string;
  kind: BulkKind;
}

export interface Change {
  assignmentId: string;
  subjectType: 'org' | 'area';
  subjectId: string;
  subjectName: string;
  fromStaffName: string;
  toStaffName: string;
  action: 'reassign' | 'end_only';
}

export interface MyEnterprise {
  id: string;
  name: string;
  address: string | null;
  status: string;
  areaName: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  since: string;
}

export interface StaffFilter {
  q?: string;
  departmentId?: string;
  teamId?: string;
  active?: boolean;
}

export interface CreateDepartmentBody {
  code: string;
  name: string;
  shortName?: string;
  areaId: string;
  sortOrder?: number;
}

export interface UpdateDepartmentBody {
  version: number;
  name?: string;
  shortName?: string | null;
  sortOrder?: number;
  active?: boolean;
}

export interface CreateStaffBody {
  name: string;
  phone?: string;
  departmentId?: string;
  userId?: string;
  title?: string;
  areaId: string;
}

export interface UpdateStaffBody {
  version: number;
  name?: string;
  phone?: string | null;
  departmentId?: string | null;
  userId?: string | null;
  title?: string | null;
  areaId?: string;
  active?: boolean;
}

export interface CreateTeamBody {
  kind: TeamKind;
  name: string;
  parentTeamId?: string;
  departmentId?: string;
  areaId: string;
  sortOrder?: number;
}

export interface UpdateTeamBody {
  version: number;
  name?: string;
  departmentId?: string | null;
  sortOrder?: number;
  active?: boolean;
}

/** A login that may be linked to a staff record (GET /api/staff/logins). */
export interface StaffLogin {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

const id = encodeURIComponent;

export const staffApi = {
  departments: (includeInactive?: boolean) =>
    request<{ items: Department[] }>('GET', '/api/departments', { query: { includeInactive } }),
  createDepartment: (body: CreateDepartmentBody) => request<Department>('POST', '/api/departments', { body }),
  updateDepartment: (departmentId: string, body: UpdateDepartmentBody) =>
    request<Department>('PATCH', `/api/departments/${id(departmentId)}`, { body }),
  member: (staffId: string) => request<StaffMember>('GET', `/api/staff/${id(staffId)}`),
  createStaff: (body: CreateStaffBody) => request<StaffMember>('POST', '/api/staff', { body }),
  updateStaff: (staffId: string, body: UpdateStaffBody) =>
    request<StaffMember>('PATCH', `/api/staff/${id(staffId)}`, { body }),
  revealPhone: (staffId: string) =>
    request<{ phone: string | null }>('POST', `/api/staff/${id(staffId)}/reveal`),
  createTeam: (body: CreateTeamBody) => request<Team>('POST', '/api/teams', { body }),
  updateTeam: (teamId: string, body: UpdateTeamBody) =>
    request<Team>('PATCH', `/api/teams/${id(teamId)}`, { body }),
  logins: (query: { q?: string; staffId?: string; limit?: number }) =>
    request<{ items: StaffLogin[] }>('GET', '/api/staff/logins', { query }),
  staff: (filter: StaffFilter & { cursor?: string; limit?: number }) =>
    request<{ items: StaffMember[]; nextCursor: string | null }>('GET', '/api/staff', {
      query: { ...filter },
    }),
  exportUrl: (filter: StaffFilter, format: 'xlsx' | 'csv') => {
    const params = new URLSearchParams({ format });
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return `/api/staff/export?${params.toString()}`;
  },
  teams: (kind?: TeamKind) => request<{ items: Team[] }>('GET', '/api/teams', { query: { kind } }),
  team: (teamId: string) => request<TeamDetail>('GET', `/api/teams/${id(teamId)}`),
  addMember: (teamId: string, body: { staffId: string; role: TeamRole; startsOn: string }) =>
    request<TeamMember>('POST', `/api/teams/${id(teamId)}/members`, { body }),
  endMember: (memberId: string, endsOn: string) =>
    request<TeamMember>('POST', `/api/team-members/${id(memberId)}/end`, { body: { endsOn } }),
  coverage: (query: { limit?: number; enterpriseCursor?: string; gridCursor?: string }) =>
    request<CoverageGaps>('GET', '/api/coverage', { query }),
  assignLiaison: (orgId: string, staffId: string, reason?: string) =>
    request<{ current: Assignment; ended: Assignment | null }>('POST', `/api/orgs/${id(orgId)}/liaison`, {
      body: reason ? { staffId, reason } : { staffId },
    }),
  assignWorker: (areaId: string, staffId: string) =>
    request<Assignment>('POST', `/api/areas/${id(areaId)}/workers`, { body: { staffId } }),
  previewBulk: (body: BulkBody) =>
    request<{ changes: Change[]; previewToken: string }>('POST', '/api/assignments/bulk/preview', { body }),
  applyBulk: (body: BulkBody & { previewToken: string }) =>
    request<{ applied: number; changes: Change[] }>('POST', '/api/assignments/bulk/apply', { body }),
  myEnterprises: () =>
    request<{ staffId: string | null; items: MyEnterprise[] }>('GET', '/api/me/enterprises'),
};
