import { eq, like, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** Escapes LIKE's wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The column's materialised path lies in the subtree rooted at path (the root included). */
export function pathInSubtree(column: AnyPgColumn, path: string): SQL {
  return or(eq(column, path), like(column, `${escapeLike(path)}.%`)) as SQL;
}

/** pathInSubtree for an actor's scope; undefined (no condition) for a null scope, i.e. everywhere. */
export function withinScope(column: AnyPgColumn, scopePath: string | null): SQL | undefined {
  return scopePath === null ? undefined : pathInSubtree(column, scopePath);
}

/** True for a unique-index violation (23505) as either driver reports it, optionally of one index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (candidate.code === '23505') {
      if (!constraint) return true;
      return `${String(candidate.constraint ?? '')} ${String(candidate.message ?? '')}`.includes(constraint);
    }
  }
  return false;
}
