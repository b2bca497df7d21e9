// Compliance arithmetic: rates, per-child-area roll-ups, day ranges and shift completion. Pure.
import type { ExpectedSubjectSet, RecordSubjectKind } from '../../../shared/record-forms.ts';
import type { LocalisedFieldError } from '../../core/errors.ts';

/** The longest period the rates chart asks for at once (two months of days). */
export const MAX_RATE_DAYS = 62;

/** The kind of subject each expected set is made of. */
export const SUBJECT_KIND_OF: Record<ExpectedSubjectSet, RecordSubjectKind> = {
  resumed_enterprises: 'org',
  screened_residents: 'person',
  checkpoints: 'place',
  venues: 'place',
};

/** Place kinds whose active places are expected to report a form of each place set. */
export const PLACE_KINDS_OF: Partial<Record<ExpectedSubjectSet, readonly string[]>> = {
  checkpoints: ['checkpoint'],
  venues: ['market', 'supermarket', 'venue'],
};

export type ShiftStatus = 'missing' | 'partly' | 'reported';

/**
 * A subject's state for a day given how many current records it has: a checkpoint expected twice a day
 * with one shift logged is `partly`, still on the not-yet-reported list.
 */
export function shiftStatus(count: number, perDay: number): ShiftStatus {
  const expected = Math.max(1, perDay);
  if (count >= expected) return 'reported';
  return count > 0 ? 'partly' : 'missing';
}

/** reported / expected to four decimals; null when nobody was expected (no rate, not 0 %). */
export function rate(expected: number, reported: number): number | null {
  if (expected <= 0) return null;
  return Math.round((Math.min(reported, expected) / expected) * 10_000) / 10_000;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written YYYY-MM-DD (2020-02-30 is not). */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The reasons a rates period is refused: from after to, or longer than MAX_RATE_DAYS. */
export function dayRangeError(from: string, to: string): LocalisedFieldError | null {
  if (from > to)
    return { field: 'from', reason: { zh: '开始日期不能晚于结束日期', en: 'must not be after to' } };
  if (daysBetween(from, to).length > MAX_RATE_DAYS) {
    return {
      field: 'to',
      reason: {
        zh: `统计区间最多 ${MAX_RATE_DAYS} 天`,
        en: `the period may span at most ${MAX_RATE_DAYS} days`,
      },
    };
  }
  return null;
}

/**
 * The child of `rootPath` whose subtree holds `path`, as that child's path; `rootPath` itself for a
 * subject filed directly at the root (an enterprise registered at town level when a town is viewed);
 * null when the path lies outside the root. A null root is "everywhere": its children are the cities.
 */
export function childPathOf(path: string, rootPath: string | null): string | null {
  if (rootPath === null) return path.split('.')[0] ?? null;
  if (path === rootPath) return rootPath;
  if (!path.startsWith(`${rootPath}.`)) return null;
  const next = path.slice(rootPath.length + 1).split('.')[0];
  return next ? `${rootPath}.${next}` : null;
}

export interface AreaCount {
  /** The subject's area path (a grid, a compound, an enterprise's area …). */
  areaPath: string;
  expected: number;
  reported: number;
  /** Subjects with some but not all records of the day (checkpoints' shifts). */
  partly: number;
}

export interface Tally {
  expected: number;
  reported: number;
  partly: number;
}

/**
 * Rolls per-area counts up to the children of the root (plus the root itself for subjects filed on it).
 * Rows outside the root are ignored. Returns the tally per child path and the total.
 */
export function rollUpToChildren(
  rows: readonly AreaCount[],
  rootPath: string | null,
): { byChild: Map<string, Tally>; total: Tally } {
  const byChild = new Map<string, Tally>();
  const total: Tally = { expected: 0, reported: 0, partly: 0 };
  for (const row of rows) {
    const child = childPathOf(row.areaPath, rootPath);
    if (child === null) continue;
    const tally = byChild.get(child) ?? { expected: 0, reported: 0, partly: 0 };
    tally.expected += row.expected;
    tally.reported += row.reported;
    tally.partly += row.partly;
    byChild.set(child, tally);
    total.expected += row.expected;
    total.reported += row.reported;
    total.partly += row.partly;
  }
  return { byChild, total };
}

/**
 * The path range [lo, hi) holding exactly a subtree in byte order, for a prefix scan on a
 * text_pattern_ops index: area codes are [0-9A-Za-z] and '.' (0x2E) is followed by '/' (0x2F), so
 * `root` itself, `root.…` and nothing else fall between `root` and `root/`.
 */
export function subtreeRange(rootPath: string): { lo: string; hi: string } {
  return { lo: rootPath, hi: `${rootPath}/` };
}

export interface ReminderTarget {
  subjectId: string;
  subjectName: string;
  userId: string;
}

/**
 * Groups the subjects a click reminded by the user who hears about them, so each user gets one
 * message per click however many of their subjects are missing; names sorted for a stable message.
 */
export function remindersByUser(targets: readonly ReminderTarget[]): Map<string, string[]> {
  const byUser = new Map<string, Map<string, string>>();
  for (const t of targets) {
    const subjects = byUser.get(t.userId) ?? new Map<string, string>();
    subjects.set(t.subjectId, t.subjectName);
    byUser.set(t.userId, subjects);
  }
  return new Map(
    [...byUser].map(([userId, subjects]) => [
      userId,
      [...subjects.values()].sort((a, b) => a.localeCompare(b)),
    ]),
  );
}

/** The inbox message of a reminder: the form, the day, and up to `shown` names. */
export function reminderMessage(
  formName: string,
  day: string,
  names: readonly string[],
  shown = 10,
): { title: string; body: string } {
  const listed = names.slice(0, shown).join('、');
  const more = names.length > shown ? ` 等 ${names.length} 个` : '';
  return {
    title: `催报：${day}「${formName}」尚有 ${names.length} 个未报`,
    body: `${listed}${more}尚未填报 ${day} 的「${formName}」，请尽快填报。`,
  };
}
