import { can, type Actor } from '../../core/access/policy.ts';
import type { ImportJobRow } from './imports.repo.ts';

/** A job holds a file's contents: only the person who uploaded it sees it. */
export function canSeeJob(actor: Actor, job: Pick<ImportJobRow, 'createdBy'>): boolean {
  return job.createdBy === actor.id && can(actor, 'imports:run');
}

export function allowedActions(
  actor: Actor,
  job: Pick<ImportJobRow, 'createdBy' | 'status'>,
  blockingProblems: { missingFields: number },
) {
  const mine = canSeeJob(actor, job);
  const open = job.status === 'previewed';
  return {
    remap: mine && open,
    apply: mine && open && blockingProblems.missingFields === 0,
    report: mine,
  };
}
