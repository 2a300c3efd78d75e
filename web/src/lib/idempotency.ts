import { useCallback, useRef } from 'react';

// crypto.randomUUID exists only in secure contexts (HTTPS, localhost); a desk opened over plain HTTP on
// an office network still needs keys, and getRandomValues is available everywhere.
const randomKey = (): string => {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
};

/**
 * An Idempotency-Key per distinct submission: the same body sent twice (a double click, a retry after a
 * lost answer) carries the same key, so the server creates one record; a changed body gets a new key.
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useCallback((body: unknown) => {
    const serialized = JSON.stringify(body);
    if (last.current?.body !== serialized) {
      last.current = { body: serialized, key: randomKey() };
    }
    return last.current.key;
  }, []);
}
