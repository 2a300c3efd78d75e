import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { AppError } from '#server/http/problem.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { pollMailbox } from './imap.ts';
import { recentInbound } from './intake.ts';
import {
  ConnectionTestView,
  DomainBody,
  DomainParams,
  DomainView,
  InboundView,
  MailboxCreateBody,
  MailboxPatchBody,
  MailboxView,
  PollView,
  SettingsBody,
  SettingsView,
  TemplateBody,
  TemplateParams,
  TemplateView,
} from './schema.ts';
import {
  createMailbox,
  deleteDomain,
  deleteMailbox,
  getSettings,
  listDomains,
  listMailboxes,
  putDomain,
  requireMailbox,
  resetTemplate,
  saveSettings,
  saveTemplate,
  testMailbox,
  updateMailbox,
} from './service.ts';
import { listTemplates } from './templates.ts';

// The mail channel's settings are the admin's alone: they hold mailbox passwords and decide what
// every client receives.
const ADMIN = ['admin'] as const;
const tags = ['mail'];

export function mailRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/mail/mailboxes',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Support mailboxes polled over IMAP (passwords are never returned)',
          response: { 200: Type.Object({ items: Type.Array(MailboxView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listMailboxes(deps.db) }),
    );

    app.post(
      '/mail/mailboxes',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Add a support mailbox',
          body: MailboxCreateBody,
          response: { 201: MailboxView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createMailbox(deps, request.body)),
    );

    app.patch(
      '/mail/mailboxes/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Change a mailbox; another host, user or folder starts its UIDs over',
          params: IdParams,
          body: MailboxPatchBody,
          response: { 200: MailboxView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateMailbox(deps, request.params.id, request.body),
    );

    app.delete(
      '/mail/mailboxes/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Remove a mailbox (the letters it brought stay)',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteMailbox(deps.db, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/mail/mailboxes/:id/test',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Log in to the mailbox and open its folder: the answer says whether it works',
          params: IdParams,
          response: { 200: ConnectionTestView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => testMailbox(deps.db, request.params.id),
    );

    app.post(
      '/mail/mailboxes/:id/poll',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Fetch new letters now instead of waiting for the next minute',
          params: IdParams,
          response: { 200: PollView, ...problemResponses(400, 401, 403, 404, 502) },
        },
      },
      async (request) => {
        await requireMailbox(deps.db, request.params.id);
        try {
          return await pollMailbox(deps, request.params.id);
        } catch (error) {
          throw new AppError(
            502,
            'Bad Gateway',
            `The mail server failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    );

    app.get(
      '/mail/domains',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: "Clients' mail domains: an unknown address of one becomes a contact of its client",
          response: { 200: Type.Object({ items: Type.Array(DomainView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listDomains(deps.db) }),
    );

    app.put(
      '/mail/domains/:domain',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Map a mail domain to a client (one client per domain)',
          params: DomainParams,
          body: DomainBody,
          response: { 200: DomainView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => putDomain(deps.db, request.params.domain, request.body.clientId),
    );

    app.delete(
      '/mail/domains/:domain',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Forget a mail domain',
          params: DomainParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteDomain(deps.db, request.params.domain);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/mail/templates',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'The letters sent to clients, each kind in Russian and English',
          response: { 200: Type.Object({ items: Type.Array(TemplateView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listTemplates(deps.db) }),
    );

    app.put(
      '/mail/templates/:kind/:locale',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary:
            'Edit a letter; placeholders {{number}}, {{title}}, {{comment}}, {{estimate}}, {{subject}}',
          params: TemplateParams,
          body: TemplateBody,
          response: { 200: TemplateView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) =>
        saveTemplate(deps, actorOf(request), request.params.kind, request.params.locale, request.body),
    );

    app.delete(
      '/mail/templates/:kind/:locale',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Return a letter to the text built into Zayavka',
          params: TemplateParams,
          response: { 200: TemplateView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => resetTemplate(deps.db, request.params.kind, request.params.locale),
    );

    app.get(
      '/mail/settings',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Outgoing mail: the SMTP server and the sender address (no password returned)',
          response: { 200: SettingsView, ...problemResponses(401, 403) },
        },
      },
      async () => getSettings(deps),
    );

    app.put(
      '/mail/settings',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Set the SMTP server for outgoing mail; null falls back to SMTP_URL of the environment',
          body: SettingsBody,
          response: { 200: SettingsView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveSettings(deps, request.body),
    );

    app.get(
      '/mail/inbound',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'The latest letters received and what became of each (request, reply, ignored and why)',
          response: { 200: Type.Object({ items: Type.Array(InboundView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await recentInbound(deps.db) }),
    );
  };
}
