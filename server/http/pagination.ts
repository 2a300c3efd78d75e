import { Type } from 'typebox';
import { LIMITS } from '#common/limits.ts';
import { FieldValidationError } from './problem.ts';

// Keyset pagination: the cursor is the last row's sort key, opaque to clients.
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageMax, default: LIMITS.pageDefault })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) {
    return null;
  }
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => typeof part === 'string' || typeof part === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new FieldValidationError('cursor', 'is not a cursor this list gave out');
}

/** Cuts one extra row off a page fetched with limit + 1, and makes the cursor to the next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
