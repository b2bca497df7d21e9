import { can, inScope, type Actor } from '../../core/access/policy.ts';
import { isCaseStatus, isOpenStatus, nextStatus, type CaseAction } from './cases.rules.ts';

/** The columns of a case the policy reads. */
export interface CasePolicyRow {
  status: string;
  areaPath: string;
  ownerUserId: string | null;
  handlingDepartmentCode: string | null;
  requesterUserId: string | null;
  requesterOrgId: string | null;
  subjectOrgId: string | null;
  rating?: number | null;
}

/** Facts about a case outside its row that widen who sees it or what they may do. */
export interface CaseAccessContext {
  /** Departments with an open coordination task on the case. */
  openTaskDepartments: readonly string[];
  /** The user a pending handover goes to, if any. */
  pendingHandoverToUserId: string | null;
}

export const NO_CASE_CONTEXT: CaseAccessContext = { openTaskDepartments: [], pendingHandoverToUserId: null };

/**
 * Who sees a case (the code twin of caseVisibilityCondition in cases.repo.ts). Staff with cases:read:
 * the case lies in their area, they own it, it is routed to their department, it has a task open to
 * their department, or it is being handed over to them. An enterprise user: its organisation requested
 * it or is its subject. A requester sees what they filed. Everyone else: not found.
 */
export function canSeeCase(actor: Actor, row: CasePolicyRow, context: CaseAccessContext): boolean {
  if (can(actor, 'cases:read')) {
    if (inScope(actor, row.areaPath)) return true;
    if (row.ownerUserId === actor.id) return true;
    if (context.pendingHandoverToUserId === actor.id) return true;
    if (actor.department !== null) {
      if (row.handlingDepartmentCode === actor.department) return true;
      if (context.openTaskDepartments.includes(actor.department)) return true;
    }
    return false;
  }
  if (!can(actor, 'cases:submit')) return false;
  return isRequester(actor, row) || (actor.orgId !== null && row.subjectOrgId === actor.orgId);
}

/** The person or organisation that filed the case (an enterprise user acts for its organisation). */
export function isRequester(actor: Actor, row: CasePolicyRow): boolean {
  if (row.requesterUserId !== null && row.requesterUserId === actor.id) return true;
  return actor.orgId !== null && row.requesterOrgId === actor.orgId;
}

export function isOwner(actor: Actor, row: CasePolicyRow): boolean {
  return row.ownerUserId !== null && row.ownerUserId === actor.id;
}

/** A supervisor whose area contains the case. */
export function supervises(actor: Actor, row: CasePolicyRow): boolean {
  return can(actor, 'cases:supervise') && inScope(actor, row.areaPath);
}

/** A staff member who works cases (not a requester acting from outside). */
export function isHandler(actor: Actor): boolean {
  return can(actor, 'cases:handle');
}

export interface CaseActionFlags {
  accept: boolean;
  start: boolean;
  resolve: boolean;
  close: boolean;
  confirm: boolean;
  reject: boolean;
  withdraw: boolean;
  merge: boolean;
  reopen: boolean;
  comment: boolean;
  commentInternal: boolean;
  handover: boolean;
  orderHandover: boolean;
  openTask: boolean;
  rate: boolean;
  attach: boolean;
}

/** Who may take a lifecycle action, before asking whether the lifecycle allows it from here. */
function actorMay(actor: Actor, row: CasePolicyRow, action: CaseAction): boolean {
  const owner = isOwner(actor, row);
  const supervisor = supervises(actor, row);
  switch (action) {
    case 'accept':
      return isHandler(actor) && row.ownerUserId === null;
    case 'start':
    case 'resolve':
    case 'reject':
    case 'merge':
    case 'close':
      return (owner && isHandler(actor)) || supervisor;
    case 'confirm':
      return isRequester(actor, row);
    case 'withdraw':
      return isRequester(actor, row) || (owner && isHandler(actor));
    case 'reopen':
      return (owner && isHandler(actor)) || supervisor || isRequester(actor, row);
  }
}

/** One action: visible, allowed by the lifecycle from the current status, and allowed to this actor. */
export function mayTakeAction(
  actor: Actor,
  row: CasePolicyRow,
  context: CaseAccessContext,
  action: CaseAction,
): boolean {
  if (!canSeeCase(actor, row, context)) return false;
  if (!isCaseStatus(row.status) || nextStatus(row.status, action) === null) return false;
  return actorMay(actor, row, action);
}

/** The `can` flags of a case for the SPA. */
export function allowedCaseActions(
  actor: Actor,
  row: CasePolicyRow,
  context: CaseAccessContext,
): CaseActionFlags {
  const visible = canSeeCase(actor, row, context);
  const flag = (action: CaseAction) => visible && mayTakeAction(actor, row, context, action);
  const open = isOpenStatus(row.status);
  const owner = isOwner(actor, row);
  const supervisor = supervises(actor, row);
  const requester = isRequester(actor, row);
  const handler = visible && isHandler(actor);
  const working = open && row.status !== 'submitted';
  const rateable = (row.status === 'resolved' || row.status === 'closed') && (row.rating ?? null) === null;
  return {
    accept: flag('accept'),
    start: flag('start'),
    resolve: flag('resolve'),
    close: flag('close'),
    confirm: flag('confirm'),
    reject: flag('reject'),
    withdraw: flag('withdraw'),
    merge: flag('merge'),
    reopen: flag('reopen'),
    comment: visible && (handler || requester) && row.status !== 'merged',
    commentInternal: handler && row.status !== 'merged',
    handover: handler && owner && working && context.pendingHandoverToUserId === null,
    orderHandover: visible && supervisor && open,
    openTask: handler && working && (owner || supervisor),
    rate: visible && requester && rateable,
    attach: visible && (handler || requester) && row.status !== 'merged',
  };
}

/** The actions this actor may take now, for the illegal_transition and forbidden answers. */
export function allowedActionList(
  actor: Actor,
  row: CasePolicyRow,
  context: CaseAccessContext,
): CaseAction[] {
  const flags = allowedCaseActions(actor, row, context);
  return (Object.keys(flags) as (keyof CaseActionFlags)[]).filter(
    (k): k is CaseAction & keyof CaseActionFlags =>
      flags[k] &&
      ['accept', 'start', 'resolve', 'close', 'confirm', 'reject', 'withdraw', 'merge', 'reopen'].includes(k),
  );
}
