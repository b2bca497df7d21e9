import { describe, expect, it } from 'vitest';
import { resources } from './i18n.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe('translations', () => {
  it('English has exactly the keys Chinese has', () => {
    expect(keys(resources.en).sort()).toEqual(keys(resources.zh).sort());
  });
  it('no string is left empty', () => {
    const empty = (tree: unknown) =>
      keys(tree).filter(
        (k) =>
          k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) === '',
      );
    expect(empty(resources.zh)).toEqual([]);
    expect(empty(resources.en)).toEqual([]);
  });
});
