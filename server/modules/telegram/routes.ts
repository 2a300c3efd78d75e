import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { Nullable, Timestamp, problemResponses } from '#server/http/schemas.ts';
import { createLinkCode, getLinkStatus, unlinkTelegram } from './link.ts';

const LinkStatusView = Type.Object({
  botConfigured: Type.Boolean({ description: 'Whether this installation runs a Telegram bot at all' }),
  botUsername: Nullable(Type.String({ description: 'The bot to write to, once it has started' })),
  linked: Type.Boolean(),
  username: Nullable(Type.String({ description: 'The linked Telegram user’s @username, if he has one' })),
  linkedAt: Nullable(Timestamp),
});

const LinkCodeView = Type.Object({
  code: Type.String({ description: 'Send `/start <code>` to the bot; works once, for 15 minutes' }),
  expiresAt: Timestamp,
  botUsername: Nullable(Type.String()),
  deepLink: Nullable(
    Type.String({ description: 'https://t.me/<bot>?start=<code>: opens the bot with the code' }),
  ),
});

// Anyone signed in may link his own account: contacts to file and follow requests, staff for alerts.
export function telegramRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/telegram/link',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['telegram'],
          summary: 'Whether the caller’s account is linked to a Telegram chat',
          response: { 200: LinkStatusView, ...problemResponses(401) },
        },
      },
      async (request) => getLinkStatus(deps, actorOf(request)),
    );

    app.post(
      '/telegram/link-code',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['telegram'],
          summary: 'A one-time code to link the caller’s Telegram chat (earlier codes stop working)',
          response: { 201: LinkCodeView, ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createLinkCode(deps, actorOf(request))),
    );

    app.delete(
      '/telegram/link',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['telegram'],
          summary: 'Unlink the caller’s Telegram chat: the bot stops writing and acting for him',
          response: { 204: Type.Null(), ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        await unlinkTelegram(deps.db, actorOf(request).id);
        return reply.code(204).send(null);
      },
    );
  };
}
