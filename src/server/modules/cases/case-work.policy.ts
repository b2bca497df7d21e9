// Who may hand over, open and finish tasks, write guides and see attachments. Case visibility and the
// owner/supervisor/requester tests come from cases.policy.ts, so both files answer the same way.
import { can, inScope, pathWithin, type Actor } from '../../core/access/policy.ts';
import { isOpenStatus } from './cases.rules.ts';
import {
  canSeeCase,
  isHandler,
  isOwner,
  supervises,
  type CaseAccessContext,
  type CasePolicyRow,
} from './cases.policy.ts';

/** Accepted or in progress: someone owns it and works on it (submitted cases have no owner yet). */
export function isWorking(row: Pick<CasePolicyRow, 'status'>): boolean {
  return isOpenStatus(row.status) && row.status !== 'submitted';
}

// ── handovers ─────────────────────────────────────────────────────────────────

/** The owner asks someone to take the case over (a pending handover). */
export function mayRequestHandover(actor: Actor, row: CasePolicyRow): boolean {
  return isHandler(actor) && isOwner(actor, row);
}

/** A supervisor whose area contains the case moves it at once. */
export function mayOrderHandover(actor: Actor, row: CasePolicyRow): boolean {
  return isHandler(actor) && supervises(actor, row);
}

/** Only the user a handover goes to accepts or declines it, and only while it is pending. */
export function handoverActions(actor: Actor, handover: { toUserId: string; status: string }) {
  const mine = handover.status === 'pending' && handover.toUserId === actor.id && isHandler(actor);
  return { accept: mine, decline: mine };
}

// ── coordination tasks ────────────────────────────────────────────────────────

/** The owner (or a supervisor of the area) opens tasks on a case being worked. */
export function mayOpenTask(actor: Actor, row: CasePolicyRow): boolean {
  return isHandler(actor) && (isOwner(actor, row) || supervises(actor, row));
}

export interface TaskPolicyRow {
  status: string;
  assigneeKind: string;
  departmentCode: string | null;
}

/** The assignee department's staff see a task (and its case through canSeeCase while it is open). */
export function canSeeTask(
  actor: Actor,
  row: CasePolicyRow,
  context: CaseAccessContext,
  task: TaskPolicyRow,
): boolean {
  if (canSeeCase(actor, row, context)) return true;
  return isHandler(actor) && actor.department !== null && task.departmentCode === actor.department;
}

/**
 * Completing needs a result: a department task is completed by that department's staff; a region
 * task (another district's contact, who has no account here) by the owner, recording their answer.
 * Closing without a result is the owner's (or a supervisor's) decision.
 */
export function taskActions(actor: Actor, row: CasePolicyRow, task: TaskPolicyRow) {
  const open = task.status === 'open' && isHandler(actor);
  const assignee =
    task.assigneeKind === 'department'
      ? actor.department !== null && task.departmentCode === actor.department
      : isOwner(actor, row);
  return {
    complete: open && assignee,
    close: open && (isOwner(actor, row) || supervises(actor, row)),
  };
}

// ── guides ────────────────────────────────────────────────────────────────────

/**
 * Guides are read by staff who see cases and by enterprise users (cases:submit): a guide written once
 * for 隔离衣备案 answers the next enterprise with the same question before it files a case. So the
 * route is 'authenticated' and this check keeps out roles with neither (volunteers).
 */
export function mayReadGuides(actor: Actor): boolean {
  return can(actor, 'cases:read') || can(actor, 'cases:submit');
}

/** A guide applies in its area and below; a guide for a wider area (the city) reaches the towns in it. */
export function canSeeGuide(actor: Actor, guide: { areaPath: string }): boolean {
  return (
    mayReadGuides(actor) &&
    (inScope(actor, guide.areaPath) ||
      (actor.scopePath !== null && pathWithin(actor.scopePath, guide.areaPath)))
  );
}

/** Its author edits a guide; so does a cases:admin whose area contains it. */
export function canUpdateGuide(actor: Actor, guide: { areaPath: string; createdBy: string | null }): boolean {
  if (can(actor, 'cases:admin') && inScope(actor, guide.areaPath)) return true;
  return isHandler(actor) && guide.createdBy === actor.id;
}

// ── attachments ───────────────────────────────────────────────────────────────

/** Staff who work cases attach to cases they see; requesters attach to their own (public only). */
export function mayAttach(actor: Actor, row: CasePolicyRow, context: CaseAccessContext): boolean {
  return canSeeCase(actor, row, context) && row.status !== 'merged';
}

/** Staff who see the case see every file; requesters and enterprise users only public ones. */
export function seesInternalFiles(actor: Actor): boolean {
  return can(actor, 'cases:read');
}
