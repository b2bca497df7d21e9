import { Type, type Static, type TSchema } from 'typebox';
import { TEAM_KINDS, TEAM_ROLES } from '../../../shared/registries.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const DateOnly = Type.String({ format: 'date' });
const DateTime = Type.String({ format: 'date-time' });
const SortOrder = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const Limit = Type.Integer({ minimum: 1, maximum: 200 });
const Cursor = Type.String({ maxLength: 400 });
const Reason = Type.String({ minLength: 1, maxLength: 200 });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const OrgParams = Type.Object({ orgId: Id }, { additionalProperties: false });
export const AreaParams = Type.Object({ areaId: Id }, { additionalProperties: false });

// ── departments ───────────────────────────────────────────────────────────────

export const Department = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  areaPath: Type.String(),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  can: Type.Object({ update: Type.Boolean() }),
});
export type DepartmentDto = Static<typeof Department>;

export const DepartmentList = Type.Object({ items: Type.Array(Department) });

export const DepartmentQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const CreateDepartmentBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    name: Name,
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    areaId: Id,
    sortOrder: Type.Optional(SortOrder),
  },
  { additionalProperties: false },
);
export type CreateDepartmentInput = Static<typeof CreateDepartmentBody>;

export const UpdateDepartmentBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    shortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    sortOrder: Type.Optional(SortOrder),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateDepartmentInput = Static<typeof UpdateDepartmentBody>;

// ── staff ─────────────────────────────────────────────────────────────────────

export const Staff = Type.Object({
  id: Id,
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  departmentId: Nullable(Id),
  departmentName: Nullable(Type.String()),
  userId: Nullable(Id),
  title: Nullable(Type.String()),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: DateTime,
  can: Type.Object({ update: Type.Boolean(), assign: Type.Boolean(), reveal: Type.Boolean() }),
});
export type StaffDto = Static<typeof Staff>;

export const StaffQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    departmentId: Type.Optional(Id),
    teamId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type StaffQueryInput = Static<typeof StaffQuery>;

export const StaffExportQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    departmentId: Type.Optional(Id),
    teamId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
    format: Type.Optional(Type.Enum(['xlsx', 'csv'])),
  },
  { additionalProperties: false },
);

export const StaffPage = Type.Object({
  items: Type.Array(Staff),
  nextCursor: Nullable(Type.String()),
});

export const StaffReveal = Type.Object({ phone: Nullable(Type.String()) });

export const StaffLoginQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    /** The staff record being edited: its own login stays in the list. */
    staffId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type StaffLoginQueryInput = Static<typeof StaffLoginQuery>;

export const StaffLogin = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
});
export type StaffLoginDto = Static<typeof StaffLogin>;

export const StaffLoginList = Type.Object({ items: Type.Array(StaffLogin) });

export const CreateStaffBody = Type.Object(
  {
    name: Name,
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 20 })),
    departmentId: Type.Optional(Id),
    userId: Type.Optional(Id),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    areaId: Id,
  },
  { additionalProperties: false },
);
export type CreateStaffInput = Static<typeof CreateStaffBody>;

export const UpdateStaffBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    phone: Type.Optional(Nullable(Type.String({ minLength: 3, maxLength: 20 }))),
    departmentId: Type.Optional(Nullable(Id)),
    userId: Type.Optional(Nullable(Id)),
    title: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    areaId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateStaffInput = Static<typeof UpdateStaffBody>;

// ── teams ─────────────────────────────────────────────────────────────────────

const TeamKind = Type.Enum(TEAM_KINDS);
const TeamRole = Type.Enum(TEAM_ROLES);

export const Team = Type.Object({
  id: Id,
  kind: TeamKind,
  name: Type.String(),
  parentTeamId: Nullable(Id),
  departmentId: Nullable(Id),
  areaPath: Type.String(),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  memberCount: Type.Integer(),
  can: Type.Object({ update: Type.Boolean(), manageMembers: Type.Boolean(), cover: Type.Boolean() }),
});
export type TeamDto = Static<typeof Team>;

export const TeamList = Type.Object({ items: Type.Array(Team) });

export const TeamQuery = Type.Object(
  { kind: Type.Optional(TeamKind), includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const TeamMember = Type.Object({
  id: Id,
  teamId: Id,
  staffId: Id,
  staffName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  role: TeamRole,
  startsOn: DateOnly,
  endsOn: Nullable(DateOnly),
  can: Type.Object({ end: Type.Boolean() }),
});
export type TeamMemberDto = Static<typeof TeamMember>;

const TeamRef = Type.Object({ id: Id, name: Type.String(), kind: TeamKind });

export const Coverage = Type.Object({
  id: Id,
  orgId: Nullable(Id),
  areaId: Nullable(Id),
  subjectName: Type.String(),
  startsAt: DateTime,
});

export const TeamDetail = Type.Object({
  team: Team,
  parent: Nullable(TeamRef),
  children: Type.Array(TeamRef),
  members: Type.Array(TeamMember),
  coverage: Type.Array(Coverage),
});

export const TeamDetailQuery = Type.Object(
  { includeEnded: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const CreateTeamBody = Type.Object(
  {
    kind: TeamKind,
    name: Name,
    parentTeamId: Type.Optional(Id),
    departmentId: Type.Optional(Id),
    areaId: Id,
    sortOrder: Type.Optional(SortOrder),
  },
  { additionalProperties: false },
);
export type CreateTeamInput = Static<typeof CreateTeamBody>;

export const UpdateTeamBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    departmentId: Type.Optional(Nullable(Id)),
    sortOrder: Type.Optional(SortOrder),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateTeamInput = Static<typeof UpdateTeamBody>;

export const AddMemberBody = Type.Object(
  { staffId: Id, role: TeamRole, startsOn: DateOnly },
  { additionalProperties: false },
);
export type AddMemberInput = Static<typeof AddMemberBody>;

export const EndMemberBody = Type.Object({ endsOn: DateOnly }, { additionalProperties: false });

// ── assignments ───────────────────────────────────────────────────────────────

const AssignmentKind = Type.Enum(['liaison', 'team_coverage', 'grid_worker']);

export const Assignment = Type.Object({
  id: Id,
  kind: AssignmentKind,
  staffId: Nullable(Id),
  staffName: Nullable(Type.String()),
  teamId: Nullable(Id),
  orgId: Nullable(Id),
  areaId: Nullable(Id),
  areaPath: Type.String(),
  isPrimary: Type.Boolean(),
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  reason: Nullable(Type.String()),
  active: Type.Boolean(),
  can: Type.Object({ end: Type.Boolean() }),
});
export type AssignmentDto = Static<typeof Assignment>;

export const AssignmentList = Type.Object({ items: Type.Array(Assignment) });

export const LiaisonBody = Type.Object(
  { staffId: Id, reason: Type.Optional(Reason) },
  { additionalProperties: false },
);

export const LiaisonResult = Type.Object({ current: Assignment, ended: Nullable(Assignment) });

export const WorkerBody = Type.Object({ staffId: Id }, { additionalProperties: false });

export const EndAssignmentBody = Type.Object(
  { reason: Type.Optional(Reason) },
  { additionalProperties: false },
);

export const CoverageBody = Type.Object(
  { orgId: Type.Optional(Id), areaId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const CoverageQuery = Type.Object(
  {
    limit: Type.Optional(Limit),
    enterpriseCursor: Type.Optional(Cursor),
    gridCursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const CoverageGaps = Type.Object({
  enterprises: Type.Object({
    count: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Id,
        name: Type.String(),
        address: Nullable(Type.String()),
        areaId: Id,
        areaName: Nullable(Type.String()),
        status: Type.String(),
      }),
    ),
    nextCursor: Nullable(Type.String()),
  }),
  grids: Type.Object({
    count: Type.Integer(),
    items: Type.Array(
      Type.Object({ id: Id, name: Type.String(), path: Type.String(), parentName: Nullable(Type.String()) }),
    ),
    nextCursor: Nullable(Type.String()),
  }),
  can: Type.Object({ assign: Type.Boolean() }),
});

export const BulkBody = Type.Object(
  {
    fromStaffId: Id,
    toStaffId: Id,
    kind: Type.Enum(['liaison', 'grid_worker']),
    orgIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true })),
    areaIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type BulkInput = Static<typeof BulkBody>;

export const BulkApplyBody = Type.Object(
  {
    fromStaffId: Id,
    toStaffId: Id,
    kind: Type.Enum(['liaison', 'grid_worker']),
    orgIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true })),
    areaIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true })),
    previewToken: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type BulkApplyInput = Static<typeof BulkApplyBody>;

const Change = Type.Object({
  assignmentId: Id,
  subjectType: Type.Enum(['org', 'area']),
  subjectId: Id,
  subjectName: Type.String(),
  fromStaffId: Id,
  fromStaffName: Type.String(),
  toStaffId: Id,
  toStaffName: Type.String(),
  /** reassign: end the old row, start one for the new staff; end_only: the new staff already serves it. */
  action: Type.Enum(['reassign', 'end_only']),
});

export const BulkPreview = Type.Object({
  changes: Type.Array(Change),
  previewToken: Type.String(),
});

export const BulkApplied = Type.Object({ applied: Type.Integer(), changes: Type.Array(Change) });

// ── my enterprises ────────────────────────────────────────────────────────────

export const MyEnterprises = Type.Object({
  staffId: Nullable(Id),
  items: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      address: Nullable(Type.String()),
      status: Type.String(),
      areaName: Nullable(Type.String()),
      contactName: Nullable(Type.String()),
      contactPhoneMasked: Nullable(Type.String()),
      since: DateTime,
    }),
  ),
});
