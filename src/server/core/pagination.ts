import { AppError } from './errors.ts';

/**
 * Keyset pagination: the cursor is the last row's sort key and id, opaque to clients (base64url JSON).
 * Lists ask for limit + 1 rows; the extra one only says whether a next page exists.
 */
export function encodeCursor(sortValue: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: string | number | null; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [sortValue, id] = parsed as [unknown, string];
      if (sortValue === null || typeof sortValue === 'string' || typeof sortValue === 'number')
        return { sortValue, id };
    }
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', [
    { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
  ]);
}

export function pageOf<Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => [string | number | null, string],
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null };
}
