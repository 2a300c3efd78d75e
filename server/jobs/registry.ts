import type { JobHandlers } from './queue.ts';
import { type TicketEventConsumer, fanOutTicketEvent } from './ticket-events.ts';
import { WEBHOOK_DELIVER_JOB, deliverWebhook, webhookConsumer } from '#server/modules/webhooks/delivery.ts';
import { telegramConsumer } from '#server/modules/telegram/notify.ts';
import { TELEGRAM_SEND_JOB, sendTelegramMessage } from '#server/modules/telegram/send.ts';
import { MAIL_SEND_JOB, mailConsumer, sendMailJob } from '#server/modules/mail/outbound.ts';

// Every channel registers here: the consumers that turn a request's events into deliveries, and the
// handlers that run each kind of job. One list, so the worker, the tests and the admin log agree.

export const TICKET_EVENT_CONSUMERS: TicketEventConsumer[] = [
  webhookConsumer,
  telegramConsumer,
  mailConsumer,
];

export const JOB_HANDLERS: JobHandlers = {
  'ticket-event': (deps, job) => fanOutTicketEvent(deps, job, TICKET_EVENT_CONSUMERS),
  [WEBHOOK_DELIVER_JOB]: (deps, job) => deliverWebhook(deps, job),
  [TELEGRAM_SEND_JOB]: sendTelegramMessage,
  [MAIL_SEND_JOB]: sendMailJob,
};
