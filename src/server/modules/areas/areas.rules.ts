import { AREA_KINDS, CHILD_LEVELS, type AreaLevel } from '../../../shared/areas.ts';
import type { LocalisedFieldError } from '../../core/errors.ts';

export function childPath(parentPath: string, code: string): string {
  return `${parentPath}.${code}`;
}

export function depthOf(path: string): number {
  return path.split('.').length - 1;
}

/** Every proper ancestor path of a path, root first: 330482.03.12 → [330482, 330482.03]. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

export function isSameOrDescendant(path: string, of: string): boolean {
  return path === of || path.startsWith(`${of}.`);
}

/** The new path of a row in a moved subtree. */
export function rewritePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!isSameOrDescendant(path, oldPrefix)) return path;
  return newPrefix + path.slice(oldPrefix.length);
}

export function checkPlacement(
  parentLevel: AreaLevel,
  level: AreaLevel,
  kind: string,
): LocalisedFieldError | null {
  if (!CHILD_LEVELS[parentLevel].includes(level)) {
    return {
      field: 'level',
      reason: {
        zh: `${LEVEL_NAMES_ZH[parentLevel]}下不能直接设立${LEVEL_NAMES_ZH[level]}`,
        en: `a ${level} cannot be placed directly under a ${parentLevel}`,
      },
    };
  }
  if (!AREA_KINDS[level].includes(kind)) return kindError(level);
  return null;
}

export function kindError(level: AreaLevel): LocalisedFieldError {
  const allowed = AREA_KINDS[level].join(', ');
  return { field: 'kind', reason: { zh: `类型无效（可选：${allowed}）`, en: `must be one of: ${allowed}` } };
}

export function checkMove(
  area: { path: string; level: AreaLevel },
  newParent: { path: string; level: AreaLevel },
): LocalisedFieldError | null {
  if (isSameOrDescendant(newParent.path, area.path)) {
    return {
      field: 'newParentId',
      reason: {
        zh: '不能移动到自身或其下级区域之下',
        en: 'cannot move an area under itself or one of its descendants',
      },
    };
  }
  if (!CHILD_LEVELS[newParent.level].includes(area.level)) {
    return {
      field: 'newParentId',
      reason: {
        zh: `${LEVEL_NAMES_ZH[newParent.level]}下不能设立${LEVEL_NAMES_ZH[area.level]}`,
        en: `a ${area.level} cannot be placed under a ${newParent.level}`,
      },
    };
  }
  return null;
}

const LEVEL_NAMES_ZH: Record<AreaLevel, string> = {
  city: '市',
  town: '镇（街道）',
  community: '社区（村）',
  grid: '网格',
  place: '场所',
};
