// The drill-down trail (city → town → community → grid) and where a click may lead. Pure.
import type { AreaRefDto } from '../../../shared/dashboard.ts';

export interface Crumb {
  id: string;
  name: string;
  level: string;
  /** The area on screen now (not a link). */
  current: boolean;
  /** Outside the viewer's scope: shown for context, not clickable (the API would answer 404). */
  locked: boolean;
}

/** True when path lies in the subtree rooted at scope (scope itself included); null scope = everywhere. */
export function pathWithin(path: string, scope: string | null): boolean {
  return scope === null || path === scope || path.startsWith(`${scope}.`);
}

/** The breadcrumb: the area's ancestors root first, then the area itself. */
export function drillTrail(
  summary: { area: AreaRefDto; trail: readonly AreaRefDto[] },
  scopePath: string | null,
): Crumb[] {
  const ancestors = summary.trail.filter((a) => a.id !== summary.area.id);
  return [
    ...ancestors.map((a) => ({
      id: a.id,
      name: a.name,
      level: a.level,
      current: false,
      locked: !pathWithin(a.path, scopePath),
    })),
    { id: summary.area.id, name: summary.area.name, level: summary.area.level, current: true, locked: false },
  ];
}

/** The level one can drill into: down to the grid; places are what the rows list, not an area view. */
export function canDrillInto(level: string): boolean {
  return level === 'town' || level === 'community' || level === 'grid';
}

/** The clickable parent of the area on screen, if the viewer may see it. */
export function parentCrumb(crumbs: readonly Crumb[]): Crumb | null {
  const parent = crumbs.length >= 2 ? crumbs[crumbs.length - 2] : undefined;
  return parent && !parent.locked ? parent : null;
}
