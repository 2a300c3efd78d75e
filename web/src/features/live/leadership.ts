// One tab of the browser does what must happen once: holds the server's event stream (browsers allow
// about six connections to a server over HTTP/1.1, and every open stream keeps one), and speaks the alert
// (two tabs would speak over each other). The Web Locks API elects it; when that tab closes, the next one
// takes over. Without the API (an insecure http:// address) every tab does it alone.

type LockManagerLike = {
  request: (
    name: string,
    options: { signal: AbortSignal },
    callback: () => Promise<void>,
  ) => Promise<unknown>;
};

const lockManager = (): LockManagerLike | null => {
  const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
  return locks && typeof locks.request === 'function' ? locks : null;
};

/**
 * Runs `start` while this tab holds the lock `name` (at once when no other tab holds it) and its cleanup
 * when the tab gives it up. Returns the function that gives it up (or stops waiting for it).
 */
export function whileLeader(name: string, start: () => () => void): () => void {
  const locks = lockManager();
  if (!locks) {
    return start();
  }
  const resign = new AbortController();
  void locks
    .request(
      name,
      { signal: resign.signal },
      () =>
        new Promise<void>((release) => {
          if (resign.signal.aborted) {
            release();
            return;
          }
          const stop = start();
          resign.signal.addEventListener('abort', () => {
            stop();
            release();
          });
        }),
    )
    // Aborted while still waiting in line: nothing was started.
    .catch(() => {});
  return () => resign.abort();
}
