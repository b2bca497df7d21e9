import { createHash } from 'node:crypto';
import type { LocalisedFieldError } from '../../core/errors.ts';
import { isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';
import type { TeamKind, TeamRole } from '../../../shared/registries.ts';

/** Half-width, no spaces or dashes: the form phone numbers are hashed in, so any spelling finds the row. */
export function normalisePhone(raw: string): string {
  return normaliseIdentifier(raw).replace(/-/g, '');
}

export function phoneError(raw: string): LocalisedFieldError | null {
  const value = normaliseIdentifier(raw);
  if (isValidPhone(value)) return null;
  return {
    field: 'phone',
    reason: {
      zh: '电话号码格式不正确（手机 11 位，或带区号的固定电话）',
      en: 'is not a valid phone number (11-digit mobile, or a landline with its area code)',
    },
  };
}

/** A search text that could only be a phone number is looked up by hash, never by fragment. */
export function looksLikePhone(q: string): boolean {
  return /^[\d\s\-\uFF10-\uFF19]{7,}$/.test(q.trim());
}

/** The 友邻 network is a strict three-level chain; other teams may nest under a team of the same kind. */
const NEIGHBOUR_PARENT: Partial<Record<TeamKind, TeamKind | null>> = {
  neighbour_centre: null,
  neighbour_station: 'neighbour_centre',
  neighbour_point: 'neighbour_station',
};

const KIND_ZH: Record<TeamKind, string> = {
  enterprise_guidance: '企业指导组',
  service_guidance: '服务业指导组',
  supervision: '督导组',
  grid_team: '网格队伍',
  neighbour_centre: '友邻中心',
  neighbour_station: '友邻站',
  neighbour_point: '友邻点',
};

export function teamParentError(kind: TeamKind, parentKind: TeamKind | null): LocalisedFieldError | null {
  const required = NEIGHBOUR_PARENT[kind];
  if (required === undefined) {
    if (parentKind === null || parentKind === kind) return null;
    return {
      field: 'parentTeamId',
      reason: {
        zh: `${KIND_ZH[kind]}只能挂在同类队伍下`,
        en: `a ${kind} team can only sit under a team of the same kind`,
      },
    };
  }
  if (required === null) {
    if (parentKind === null) return null;
    return {
      field: 'parentTeamId',
      reason: {
        zh: '友邻中心是顶层，不能有上级',
        en: 'a neighbour centre is the top level and has no parent',
      },
    };
  }
  if (parentKind === required) return null;
  return {
    field: 'parentTeamId',
    reason: {
      zh: `${KIND_ZH[kind]}必须挂在${KIND_ZH[required]}下`,
      en: `a ${kind} must sit under a ${required}`,
    },
  };
}

const NEIGHBOUR_KINDS: readonly TeamKind[] = ['neighbour_centre', 'neighbour_station', 'neighbour_point'];

/** Roles that only make sense in some kinds of team; the rest fit anywhere. */
export function memberRoleError(kind: TeamKind, role: TeamRole): LocalisedFieldError | null {
  if (role === 'neighbour_envoy' && !NEIGHBOUR_KINDS.includes(kind)) {
    return {
      field: 'role',
      reason: { zh: '友邻使者只能加入友邻队伍', en: 'a neighbour envoy belongs to a neighbour team only' },
    };
  }
  if (role === 'grid_worker' && kind !== 'grid_team') {
    return {
      field: 'role',
      reason: { zh: '网格员只能加入网格队伍', en: 'a grid worker belongs to a grid team only' },
    };
  }
  return null;
}

/** Dates as YYYY-MM-DD compare correctly as text. */
export function endDateError(startsOn: string, endsOn: string): LocalisedFieldError | null {
  if (endsOn >= startsOn) return null;
  return {
    field: 'endsOn',
    reason: {
      zh: `结束日期不能早于开始日期（${startsOn}）`,
      en: `cannot be before the start date (${startsOn})`,
    },
  };
}

export function coverageTargetError(input: { orgId?: string; areaId?: string }): LocalisedFieldError | null {
  if ((input.orgId === undefined) !== (input.areaId === undefined)) return null;
  return {
    field: 'orgId',
    reason: { zh: '请指定一个企业或一个区域（二选一）', en: 'give either an orgId or an areaId, not both' },
  };
}

// ── bulk reassignment ─────────────────────────────────────────────────────────

export interface ActiveAssignment {
  id: string;
  subjectId: string;
  subjectName: string;
}

export interface Change {
  assignmentId: string;
  subjectType: 'org' | 'area';
  subjectId: string;
  subjectName: string;
  fromStaffId: string;
  fromStaffName: string;
  toStaffId: string;
  toStaffName: string;
  action: 'reassign' | 'end_only';
}

export interface ChangeSetInput {
  kind: 'liaison' | 'grid_worker';
  from: { id: string; name: string };
  to: { id: string; name: string };
  /** The from-staff's active assignments of this kind that the caller may touch. */
  active: ActiveAssignment[];
  /** Subjects asked for; undefined means all of the active ones. */
  selection: string[] | undefined;
  /** Subjects the to-staff already serves in this kind (active). */
  toServes: ReadonlySet<string>;
}

export type ChangeSetResult = { changes: Change[] } | { error: LocalisedFieldError };

/**
 * What a bulk reassignment would do: one change per selected subject, ordered by subject id so the
 * same data always yields the same list (and token). A subject the to-staff already serves as a grid
 * worker only loses the from-staff; a liaison is always handed over, which makes the to-staff primary.
 */
export function computeChangeSet(input: ChangeSetInput): ChangeSetResult {
  const field = input.kind === 'liaison' ? 'orgIds' : 'areaIds';
  if (input.from.id === input.to.id) {
    return {
      error: {
        field: 'toStaffId',
        reason: { zh: '移交对象不能是原人员本人', en: 'must differ from fromStaffId' },
      },
    };
  }
  const bySubject = new Map(input.active.map((a) => [a.subjectId, a]));
  let chosen: ActiveAssignment[];
  if (input.selection === undefined) {
    chosen = input.active;
  } else {
    const missing = input.selection.filter((id) => !bySubject.has(id));
    if (missing.length > 0) {
      return {
        error: {
          field,
          reason: {
            zh: `以下对象不在原人员当前负责范围内：${missing.join('、')}`,
            en: `not currently served by fromStaffId: ${missing.join(', ')}`,
          },
        },
      };
    }
    chosen = input.selection.map((id) => bySubject.get(id) as ActiveAssignment);
  }
  const changes = [...chosen]
    .sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0))
    .map((a): Change => ({
      assignmentId: a.id,
      subjectType: input.kind === 'liaison' ? 'org' : 'area',
      subjectId: a.subjectId,
      subjectName: a.subjectName,
      fromStaffId: input.from.id,
      fromStaffName: input.from.name,
      toStaffId: input.to.id,
      toStaffName: input.to.name,
      action: input.kind === 'grid_worker' && input.toServes.has(a.subjectId) ? 'end_only' : 'reassign',
    }));
  return { changes };
}

/**
 * The token names the exact change set: the rows to end, their subjects, the people and the actions.
 * Display names are left out so a rename alone does not invalidate a preview.
 */
export function changeSetToken(kind: string, changes: Change[]): string {
  const canonical = JSON.stringify([
    kind,
    changes.map((c) => [c.assignmentId, c.subjectId, c.fromStaffId, c.toStaffId, c.action]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
