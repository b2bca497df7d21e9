import { can, inScope, type Actor } from '../../core/access/policy.ts';
import type { RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';

export interface SubjectInScope {
  kind: RecordSubjectKind;
  id: string;
  areaPath: string;
}

/**
 * Whether the actor may see records of a subject: an enterprise user its own organisation only, a
 * volunteer places only (a checkpoint or a market it staffs), everyone else what lies in their area.
 */
export function maySeeSubject(actor: Actor, subject: SubjectInScope): boolean {
  if (actor.role === 'enterprise_user') return subject.kind === 'org' && subject.id === actor.orgId;
  if (actor.role === 'volunteer' && subject.kind !== 'place') return false;
  return inScope(actor, subject.areaPath);
}

/** Whether the actor may submit (or correct) a record about the subject. */
export function mayRecordFor(actor: Actor, subject: SubjectInScope): boolean {
  return can(actor, 'records:submit') && maySeeSubject(actor, subject);
}

/** Whether the actor may read a stored record (a volunteer submits but does not browse). */
export function mayReadRecord(actor: Actor, subject: SubjectInScope): boolean {
  return can(actor, 'records:read') && maySeeSubject(actor, subject);
}

/** How a signed-in submission arrived: an enterprise reports for itself; staff and gates as asked. */
export function channelOf(actor: Actor, requested: 'staff' | 'ingest' | undefined): RecordChannel {
  if (actor.role === 'enterprise_user') return 'subject';
  return requested ?? 'staff';
}
