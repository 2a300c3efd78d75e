import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketEventForChannels } from '#server/jobs/ticket-events.ts';
import {
  signWebhookBody,
  subscriptionWants,
  verifyWebhookSignature,
  webhookEventOf,
  webhookUrlProblem,
} from './rules.ts';

const event = (kind: string, extra: Partial<TicketEventForChannels> = {}): TicketEventForChannels => ({
  id: 1,
  kind,
  data: {},
  internal: false,
  actorId: null,
  createdAt: new Date('2026-03-02T07:00:00Z'),
  ticket: {
    id: 't',
    number: 1,
    title: 'x',
    status: 'new',
    priority: 'normal',
    channel: 'portal',
    clientId: null,
    requesterId: null,
    assigneeId: null,
    lineId: null,
    groupId: null,
  },
  ...extra,
});

describe('webhookEventOf', () => {
  it.each([
    ['created', 'request.created'],
    ['transitioned', 'request.status_changed'],
    ['commented', 'comment.added'],
    ['sla_breached', 'sla.breached'],
    ['sla_warning', null],
    ['escalated', null],
    ['specification_posted', null],
  ])('%s → %s', (kind, name) => {
    expect(webhookEventOf(kind)).toBe(name);
  });
});

describe('subscriptionWants', () => {
  const all = ['request.created', 'request.status_changed', 'comment.added', 'sla.breached'];
  const note = event('commented', { internal: true, data: { internal: true } });
  it.each([
    [
      'an event of a kind it subscribed to',
      { events: all, includeInternal: false, isActive: true },
      event('created'),
      true,
    ],
    [
      'an event of another kind',
      { events: ['sla.breached'], includeInternal: false, isActive: true },
      event('created'),
      false,
    ],
    [
      'anything, when disabled',
      { events: all, includeInternal: true, isActive: false },
      event('created'),
      false,
    ],
    ['a public comment', { events: all, includeInternal: false, isActive: true }, event('commented'), true],
    ['an internal note, not asked for', { events: all, includeInternal: false, isActive: true }, note, false],
    ['an internal note, asked for', { events: all, includeInternal: true, isActive: true }, note, true],
    [
      'an SLA breach (an internal event)',
      { events: all, includeInternal: false, isActive: true },
      event('sla_breached', { internal: true }),
      true,
    ],
  ])('%s: %s', (_what, subscription, ticketEvent, wanted) => {
    expect(subscriptionWants(subscription, ticketEvent)).toBe(wanted);
  });
});

describe('signatures', () => {
  it('are the hex HMAC-SHA256 of the raw body, and any change of body or secret breaks them', () => {
    const body = '{"event":"ping","текст":"ё"}';
    const expected = createHmac('sha256', 'whsec_x').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signWebhookBody('whsec_x', body)).toBe(`sha256=${expected}`);
    expect(verifyWebhookSignature('whsec_x', body, `sha256=${expected}`)).toBe(true);
    expect(verifyWebhookSignature('whsec_x', `${body} `, `sha256=${expected}`)).toBe(false);
    expect(verifyWebhookSignature('whsec_y', body, `sha256=${expected}`)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', body, undefined)).toBe(false);
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://crm.example.test/hooks/zayavka', null],
    ['http://127.0.0.1:8080/hook', null],
    ['ftp://example.test/x', 'must start with http:// or https://'],
    ['javascript:alert(1)', 'must start with http:// or https://'],
    ['file:///etc/passwd', 'must start with http:// or https://'],
    ['example.test/hook', 'is not a URL'],
    ['https://user:secret@example.test/', expect.stringContaining('user name or password')],
  ])('%s', (url, problem) => {
    expect(webhookUrlProblem(url)).toEqual(problem);
  });
});
