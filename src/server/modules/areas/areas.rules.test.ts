import { describe, expect, it } from 'vitest';
import { ancestorPaths, checkMove, checkPlacement, rewritePath } from './areas.rules.ts';

describe('ancestorPaths', () => {
  it('lists proper ancestors root first', () => {
    expect(ancestorPaths('330482.003.002.0001')).toEqual(['330482', '330482.003', '330482.003.002']);
  });

  it('has none for a root', () => {
    expect(ancestorPaths('330482')).toEqual([]);
  });
});

describe('rewritePath', () => {
  it('moves the subtree root and its descendants to the new prefix', () => {
    expect(rewritePath('330482.001.002', '330482.001.002', '330482.003.009')).toBe('330482.003.009');
    expect(rewritePath('330482.001.002.0001.P001', '330482.001.002', '330482.003.009')).toBe(
      '330482.003.009.0001.P001',
    );
  });

  it('leaves rows outside the subtree alone, including a sibling sharing a code prefix', () => {
    expect(rewritePath('330482.001.003', '330482.001.002', '330482.003.009')).toBe('330482.001.003');
    expect(rewritePath('330482.001.0021', '330482.001.002', '330482.003.009')).toBe('330482.001.0021');
  });
});

describe('checkPlacement', () => {
  it('accepts a valid level and kind', () => {
    expect(checkPlacement('town', 'community', 'village')).toBeNull();
    expect(checkPlacement('grid', 'place', 'checkpoint')).toBeNull();
    expect(checkPlacement('town', 'place', 'market')).toBeNull();
  });

  it('refuses a level that cannot sit under the parent, on the level field', () => {
    const error = checkPlacement('city', 'grid', 'grid');
    expect(error?.field).toBe('level');
    expect(error?.reason.zh).toBe('市下不能直接设立网格');
    expect(error?.reason.en).toContain('grid');
  });

  it('refuses a kind that does not belong to the level, on the kind field', () => {
    const error = checkPlacement('town', 'community', 'supermarket');
    expect(error?.field).toBe('kind');
    expect(error?.reason.en).toContain('community, village');
  });

  it('refuses anything under a place', () => {
    expect(checkPlacement('place', 'place', 'checkpoint')?.field).toBe('level');
  });
});

describe('checkMove', () => {
  const community = { path: '330482.001.002', level: 'community' as const };

  it('refuses a move under itself', () => {
    expect(checkMove(community, community)?.field).toBe('newParentId');
  });

  it('refuses a move under a descendant', () => {
    const error = checkMove(community, { path: '330482.001.002.0001', level: 'grid' });
    expect(error?.field).toBe('newParentId');
    expect(error?.reason.en).toContain('descendants');
  });

  it('refuses a parent of the wrong level', () => {
    const error = checkMove(community, { path: '330482', level: 'city' });
    expect(error?.field).toBe('newParentId');
    expect(error?.reason.zh).toBe('市下不能设立社区（村）');
  });

  it('accepts a town of another branch, even one whose code starts like the area’s own path', () => {
    expect(checkMove(community, { path: '330482.003', level: 'town' })).toBeNull();
    expect(checkMove(community, { path: '330482.001.0021', level: 'town' })).toBeNull();
  });
});
