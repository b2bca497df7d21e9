import { describe, expect, it } from 'vitest';
import type { AreaRefDto } from '../../../shared/dashboard.ts';
import { canDrillInto, drillTrail, parentCrumb, pathWithin } from './drill.ts';

const city: AreaRefDto = { id: 'c', name: '平湖市', path: 'ph', level: 'city' };
const town: AreaRefDto = { id: 't', name: '当湖街道', path: 'ph.dh', level: 'town' };
const community: AreaRefDto = { id: 'm', name: '水洧埭社区', path: 'ph.dh.swd', level: 'community' };

describe('drillTrail', () => {
  it('lists the ancestors root first, then the area itself as current', () => {
    const crumbs = drillTrail({ area: community, trail: [city, town] }, null);
    expect(crumbs.map((c) => [c.name, c.current, c.locked])).toEqual([
      ['平湖市', false, false],
      ['当湖街道', false, false],
      ['水洧埭社区', true, false],
    ]);
  });
  it('locks the ancestors above the viewer scope', () => {
    const crumbs = drillTrail({ area: community, trail: [city, town] }, 'ph.dh');
    expect(crumbs.map((c) => c.locked)).toEqual([true, false, false]);
    expect(parentCrumb(crumbs)?.id).toBe('t');
  });
  it('does not repeat the area when the trail already ends with it', () => {
    const crumbs = drillTrail({ area: town, trail: [city, town] }, null);
    expect(crumbs.map((c) => c.id)).toEqual(['c', 't']);
  });
  it('has no parent at the root or above the scope', () => {
    expect(parentCrumb(drillTrail({ area: city, trail: [] }, null))).toBeNull();
    expect(parentCrumb(drillTrail({ area: town, trail: [city] }, 'ph.dh'))).toBeNull();
  });
});

describe('canDrillInto and pathWithin', () => {
  it('drills down to the grid, not into places', () => {
    expect(['town', 'community', 'grid'].every(canDrillInto)).toBe(true);
    expect(canDrillInto('place')).toBe(false);
    expect(canDrillInto('city')).toBe(false);
  });
  it('matches a subtree by whole path segments', () => {
    expect(pathWithin('ph.dh.swd', 'ph.dh')).toBe(true);
    expect(pathWithin('ph.dh', 'ph.dh')).toBe(true);
    expect(pathWithin('ph.dhx', 'ph.dh')).toBe(false);
    expect(pathWithin('ph', null)).toBe(true);
  });
});
