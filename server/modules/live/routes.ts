import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { SESSION_COOKIE, actorOf } from '#server/http/access.ts';
import { problemResponses } from '#server/http/schemas.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { authenticateSession, authenticateToken } from '#server/modules/auth/service.ts';
import { ChangeHub, type Subscriber } from './hub.ts';

/**
 * A comment line every so often keeps proxies and load balancers from closing an idle stream, and is
 * when the caller's session is checked again (a logout or a deactivation ends the stream within it).
 */
export const HEARTBEAT_MS = 25_000;
/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 3_000;
// A client that stopped reading: rather than buffer without end, drop it (it reconnects and resyncs).
const MAX_BUFFERED_BYTES = 1024 * 1024;

const STREAM_DESCRIPTION = `Server-sent events (text/event-stream) about the requests the caller may see, through the same
visibility filter as GET /tickets. Events:
- \`ready\`: the subscription is live;
- \`ticket\`: \`{"ticketId", "kind", "version"}\` — kind \`created\`, \`changed\`, \`opened\` (first opened by staff) or
  \`sla\` (its SLA state moved); the event carries no content: read the request to see what changed;
- \`resync\`: changes may have been missed (a reconnect after others happened, a bulk change): refetch what you show;
- \`end\`: the session is over; do not reconnect with it.
Comment lines (\`: ping\`) come every ${HEARTBEAT_MS / 1000} s. Every event has an id: a client that reconnects with
\`Last-Event-ID\` gets \`resync\` unless nothing happened since.`;

/** Re-reads the caller by the credential this request came with: bearer token first, as access.ts does. */
function credentialOf(request: FastifyRequest): (deps: AppDeps) => Promise<Actor | null> {
  const authorization = request.headers.authorization;
  const authDeps = (deps: AppDeps) => ({
    db: deps.db,
    clock: deps.clock,
    sessionTtlHours: deps.config.sessionTtlHours,
  });
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = authorization.slice(7).trim();
    return (deps) => authenticateToken(authDeps(deps), token);
  }
  const session = request.cookies[SESSION_COOKIE] ?? '';
  return (deps) => authenticateSession(authDeps(deps), session);
}

const frame = (event: string, data: unknown, id?: string): string =>
  `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const openStreams = new WeakMap<AppDeps, Set<() => void>>();

/** How many streams the application built with these deps holds open (a closed connection must let go). */
export const openStreamCount = (deps: AppDeps): number => openStreams.get(deps)?.size ?? 0;

export function liveRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const hub = new ChangeHub({ db: deps.db, listen: deps.listen, log: app.log });
    const streams = new Set<() => void>();
    openStreams.set(deps, streams);

    // Open streams would keep the server from closing: they end first, then the hub stops listening.
    app.addHook('preClose', async () => {
      for (const end of [...streams]) {
        end();
      }
      await hub.close();
    });

    app.get(
      '/stream',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['live'],
          summary: 'Live changes of the requests the caller may see (server-sent events)',
          description: STREAM_DESCRIPTION,
          response: {
            200: {
              description: 'An endless text/event-stream',
              content: { 'text/event-stream': { schema: Type.String() } },
            },
            ...problemResponses(401),
          },
        },
      },
      async (request, reply) => {
        const reauthenticate = credentialOf(request);
        const raw = reply.raw;
        let open = true;
        const send = (text: string) => {
          if (!open) {
            return;
          }
          raw.write(text);
          if (raw.writableLength > MAX_BUFFERED_BYTES) {
            end();
          }
        };
        const subscriber: Subscriber = {
          actor: actorOf(request),
          onChange: (change, eventId) => send(frame('ticket', change, eventId)),
          onResync: (eventId) => send(frame('resync', {}, eventId)),
        };
        // Subscribing first: when the database cannot be heard, the caller gets a problem, not a silent stream.
        const unsubscribe = await hub.subscribe(subscriber);

        reply.hijack();
        raw.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          // nginx and the like would otherwise hold events back to fill their buffers.
          'X-Accel-Buffering': 'no',
          'X-Request-Id': request.id,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'same-origin',
          'X-Frame-Options': 'DENY',
        });
        const lastSeen = request.headers['last-event-id'];
        const current = hub.lastEventId;
        send(`retry: ${RETRY_MS}\n`);
        send(frame('ready', {}, current));
        if (typeof lastSeen === 'string' && lastSeen !== current) {
          send(frame('resync', {}, current));
        }

        let checking = false;
        const heartbeat = setInterval(() => {
          send(': ping\n\n');
          if (checking) {
            return;
          }
          checking = true;
          reauthenticate(deps)
            .then((actor) => {
              if (!actor) {
                send(frame('end', { reason: 'unauthorized' }));
                end();
              } else {
                // Lines and groups may have changed since the stream opened: the filter follows them.
                subscriber.actor = actor;
              }
            })
            .catch((error: unknown) => request.log.warn({ err: error }, 'stream: the session check failed'))
            .finally(() => {
              checking = false;
            });
        }, HEARTBEAT_MS);

        function end() {
          if (!open) {
            return;
          }
          open = false;
          clearInterval(heartbeat);
          unsubscribe();
          streams.delete(end);
          raw.end();
        }
        streams.add(end);
        // The response's close, not the request's: the request is over once its (empty) body is read.
        raw.on('close', end);
        return reply;
      },
    );
  };
}
