import type { TestApp, Session } from './app.ts';

export type StreamEvent = { id: string | null; event: string; data: unknown };

export type OpenStream = {
  statusCode: number;
  headers: Record<string, unknown>;
  /** The body of an error answer (problem+json); empty for a stream. */
  body: string;
  /** Every event received so far, in order. */
  events: StreamEvent[];
  /** Resolves with the first event (already received or still to come) that matches, or rejects after `ms`. */
  waitFor: (match: (event: StreamEvent) => boolean, ms?: number) => Promise<StreamEvent>;
  close: () => void;
};

/** Parses the complete frames of a text/event-stream buffer; returns them and the incomplete rest. */
export function parseFrames(buffer: string): { frames: StreamEvent[]; rest: string } {
  const parts = buffer.split('\n\n');
  const rest = parts.pop() ?? '';
  const frames: StreamEvent[] = [];
  for (const part of parts) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith(':') || line === '') {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') {
        id = value;
      } else if (field === 'event') {
        event = value;
      } else if (field === 'data') {
        data.push(value);
      }
    }
    if (data.length > 0) {
      frames.push({ id, event, data: JSON.parse(data.join('\n')) as unknown });
    }
  }
  return { frames, rest };
}

/**
 * Opens GET /api/v1/stream as a session (or a bearer token, or nobody) through app.inject: the answer
 * arrives with its headers and the body keeps streaming into `events`.
 */
export async function openStreamAs(
  app: TestApp['app'],
  who: Session | { token: string } | null,
  headers: Record<string, string> = {},
): Promise<OpenStream> {
  const auth: Record<string, string> =
    who === null ? {} : 'token' in who ? { authorization: `Bearer ${who.token}` } : { cookie: who.cookie };
  const response = await app.inject({
    method: 'GET',
    url: '/api/v1/stream',
    headers: { ...auth, ...headers },
    payloadAsStream: true,
  });
  const stream = response.stream();
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (response.statusCode !== 200) {
      body += chunk;
      return;
    }
    const parsed = parseFrames(buffer + chunk);
    buffer = parsed.rest;
    events.push(...parsed.frames);
    for (const wake of [...waiters]) {
      wake();
    }
  });
  stream.on('error', () => {});
  if (response.statusCode !== 200) {
    await new Promise((resolve) => stream.once('end', resolve));
  }
  const waitFor = (match: (event: StreamEvent) => boolean, ms = 5000) =>
    new Promise<StreamEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (found) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event within ${ms} ms; received: ${JSON.stringify(events)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    get body() {
      return body;
    },
    events,
    waitFor,
    close: () => {
      stream.destroy();
      waiters.clear();
    },
  };
}
