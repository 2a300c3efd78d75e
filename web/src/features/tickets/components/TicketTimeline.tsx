import { Anchor, Badge, Box, Group, Paper, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, STATUSES, type Channel, type Status } from '#common/tickets.ts';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { LockIcon, PaperclipIcon } from '../../../components/icons.tsx';
import { grammaticalGender, shortName } from '../../../lib/format.ts';
import { useFormatDate, useFormatDateRange } from '../../auth/useFormatDate.ts';
import { linesQueryOptions } from '../../users/api.ts';
import {
  attachmentUrl,
  ticketCommentsQueryOptions,
  ticketEventsQueryOptions,
  type Attachment,
  type Ticket,
  type TicketComment,
  type TicketEvent,
} from '../api.ts';
import { useTicketFormat } from '../useTicketFormat.ts';
import { RichText } from './RichText.tsx';

type TimelineItem =
  | { type: 'event'; at: string; order: number; event: TicketEvent; estimate: number | null }
  | { type: 'comment'; at: string; order: number; comment: TicketComment };

const isStatus = (value: unknown): value is Status =>
  typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
const numberOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/**
 * The request's history and conversation in one chronological line. Events are told as sentences; the
 * estimate an event speaks of is carried along, since an auto-approval event names only its rule.
 */
function buildItems(events: TicketEvent[], comments: TicketComment[], hiddenAttachments: Set<string>) {
  const items: TimelineItem[] = [];
  let estimate: number | null = null;
  // A plan's event names only the assignee's id; re-plans name both people, so a plan handed on since
  // still says whom it was first given to.
  const names = new Map<string, string>();
  for (const event of events.filter((e) => e.kind === 'replanned')) {
    for (const side of [recordOf(event.data.from), recordOf(event.data.to)]) {
      const [id, name] = [stringOf(side.assigneeId), stringOf(side.assigneeName)];
      if (id && name) {
        names.set(id, name);
      }
    }
  }
  events.forEach((original, index) => {
    const changes = recordOf(original.data.changes);
    const named = names.get(stringOf(changes.assigneeId) ?? '');
    const event = named ? { ...original, data: { ...original.data, assigneeName: named } } : original;
    estimate = numberOf(changes.estimateHours) ?? estimate;
    // Comments are shown from the comments themselves; files sent with a comment are shown under it.
    if (event.kind === 'commented') {
      return;
    }
    if (event.kind === 'attachment_added' && hiddenAttachments.has(stringOf(event.data.attachmentId) ?? '')) {
      return;
    }
    items.push({ type: 'event', at: event.createdAt, order: index, event, estimate });
  });
  comments.forEach((comment, index) => {
    items.push({ type: 'comment', at: comment.createdAt, order: events.length + index, comment });
  });
  // A send-back writes its transition and its comment at the same instant: the transition reads first.
  return items.sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);
}

type TicketTimelineProps = {
  ticket: Ticket;
  /** The request's files (null: the server has none yet), to show those sent with a comment under it. */
  attachments: Attachment[] | null;
};

/** History and conversation, oldest first; internal notes are marked, clients never receive them. */
export function TicketTimeline({ ticket, attachments }: TicketTimelineProps) {
  const { t } = useTranslation();
  const events = useQuery(ticketEventsQueryOptions(ticket.id));
  const comments = useQuery(ticketCommentsQueryOptions(ticket.id));

  const filesByComment = useMemo(() => {
    const byComment = new Map<string, Attachment[]>();
    for (const attachment of attachments ?? []) {
      if (attachment.commentId) {
        byComment.set(attachment.commentId, [...(byComment.get(attachment.commentId) ?? []), attachment]);
      }
    }
    return byComment;
  }, [attachments]);

  const items = useMemo(() => {
    const hidden = new Set((attachments ?? []).filter((file) => file.commentId).map((file) => file.id));
    return buildItems(events.data?.items ?? [], comments.data?.items ?? [], hidden);
  }, [events.data, comments.data, attachments]);

  if (events.isPending || comments.isPending) {
    return <PageLoader />;
  }
  if (events.isError || comments.isError) {
    return (
      <ErrorState
        error={events.error ?? comments.error}
        onRetry={() => {
          void events.refetch();
          void comments.refetch();
        }}
      />
    );
  }
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('tickets.timeline.empty')}
      </Text>
    );
  }

  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {items.map((item) =>
        item.type === 'comment' ? (
          <Timeline.Item
            key={`c-${item.comment.id}`}
            color={item.comment.internal ? 'yellow' : 'blue'}
            bullet={item.comment.internal ? <LockIcon size={9} /> : undefined}
          >
            <CommentCard comment={item.comment} files={filesByComment.get(item.comment.id) ?? []} />
          </Timeline.Item>
        ) : (
          <Timeline.Item key={`e-${item.event.id}`} color="gray" lineVariant="solid">
            <EventLine event={item.event} estimate={item.estimate} ticket={ticket} />
          </Timeline.Item>
        ),
      )}
    </Timeline>
  );
}

function FileLinks({ files }: { files: Attachment[] }) {
  const { fileSize } = useTicketFormat();
  if (files.length === 0) {
    return null;
  }
  return (
    <Stack gap={2} mt="xs">
      {files.map((file) => (
        <Group key={file.id} gap={6} wrap="nowrap">
          <PaperclipIcon size={14} />
          <Anchor
            href={attachmentUrl(file.id)}
            size="sm"
            download={file.fileName}
            style={{ overflowWrap: 'anywhere' }}
          >
            {file.fileName}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {fileSize(file.size)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function CommentCard({ comment, files }: { comment: TicketComment; files: Attachment[] }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Paper
      withBorder
      p="sm"
      data-testid={comment.internal ? 'internal-note' : 'comment'}
      style={
        comment.internal
          ? {
              background: 'var(--mantine-color-yellow-light)',
              borderColor: 'var(--mantine-color-yellow-light-color)',
            }
          : undefined
      }
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {comment.authorName ?? t('tickets.timeline.system')}
          </Text>
          {comment.internal && (
            <Badge color="yellow" variant="filled" size="sm" tt="none" leftSection={<LockIcon size={10} />}>
              {t('tickets.reply.internalBadge')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {formatDate(comment.createdAt)}
        </Text>
      </Group>
      <RichText html={comment.body} />
      <FileLinks files={files} />
    </Paper>
  );
}

function EventLine({
  event,
  estimate,
  ticket,
}: {
  event: TicketEvent;
  estimate: number | null;
  ticket: Ticket;
}) {
  const formatDate = useFormatDate();
  const sentence = useEventSentence();
  return (
    <Box>
      <Text size="sm">{sentence(event, estimate, ticket)}</Text>
      <Text size="xs" c="dimmed">
        {formatDate(event.createdAt)}
      </Text>
    </Box>
  );
}

/** Tells one history event as a sentence in the UI language («Дмитрий Морозов перевёл заявку: …»). */
function useEventSentence() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const formatRange = useFormatDateRange();
  const { statusLabel, hours, duration, channelLabel } = useTicketFormat();
  // Group names, when the desk has the lines already: never fetched here, since clients may not read them
  // (and never see escalations, which are internal events).
  const lines = useQuery({ ...linesQueryOptions, enabled: false }).data?.items;

  return (event: TicketEvent, estimate: number | null, ticket: Ticket): ReactNode => {
    const actor = event.actorName ? shortName(event.actorName) : t('tickets.timeline.system');
    const context = event.actorName ? grammaticalGender(event.actorName) : undefined;
    const data = event.data;
    const hoursText = estimate !== null ? hours(estimate) : '—';
    switch (event.kind) {
      case 'created': {
        const channel = data.channel;
        const text = t('tickets.timeline.created', { actor, context });
        return isChannel(channel) ? `${text} · ${channelLabel(channel)}` : text;
      }
      case 'transitioned': {
        const from = data.from;
        const to = data.to;
        if (!isStatus(from) || !isStatus(to)) {
          return t('tickets.timeline.other', { actor, kind: event.kind });
        }
        if (data.reason === 'auto_approved') {
          const rule = stringOf(data.rule);
          const ruleText =
            rule === 'under_one_hour' || rule === 'within_client_limit' || rule === 'internal_request'
              ? t(`tickets.timeline.rules.${rule}`)
              : (rule ?? '');
          return t('tickets.timeline.autoApproved', { hours: hoursText, rule: ruleText });
        }
        if (event.actorName === null) {
          return to === 'stale'
            ? t('tickets.timeline.becameStale')
            : t('tickets.timeline.movedBySystem', { from: statusLabel(from), to: statusLabel(to) });
        }
        const changes = recordOf(data.changes);
        if (to === 'evaluated') {
          return t('tickets.timeline.evaluated', { actor, context, hours: hoursText });
        }
        if (to === 'approved' && from === 'evaluated') {
          return t('tickets.timeline.approved', { actor, context, hours: hoursText });
        }
        if (to === 'rejected') {
          return t('tickets.timeline.rejected', { actor, context, hours: hoursText });
        }
        if (to === 'planned') {
          const assigneeId = stringOf(changes.assigneeId);
          return t('tickets.timeline.planned', {
            actor,
            context,
            assignee: stringOf(data.assigneeName)
              ? shortName(stringOf(data.assigneeName) ?? '')
              : assigneeId && assigneeId === ticket.assigneeId && ticket.assigneeName
                ? shortName(ticket.assigneeName)
                : t('tickets.timeline.someone'),
            period: formatRange(stringOf(changes.plannedStart), stringOf(changes.plannedEnd)) ?? '—',
          });
        }
        if (to === 'completed') {
          return t('tickets.timeline.completed', { actor, context });
        }
        if (to === 'in_progress' && from === 'done') {
          return t('tickets.timeline.sentBack', { actor, context });
        }
        const moved = t('tickets.timeline.moved', {
          actor,
          context,
          from: statusLabel(from),
          to: statusLabel(to),
        });
        return data.via === 'timer' ? `${moved} ${t('tickets.timeline.viaTimer')}` : moved;
      }
      case 'timer_started':
        return t('tickets.timeline.timerStarted', { actor, context });
      case 'timer_stopped':
        return t('tickets.timeline.timerStopped', {
          actor,
          context,
          duration: duration(numberOf(data.minutes) ?? 0),
        });
      case 'worklog_added':
        return t('tickets.timeline.worklogAdded', {
          actor,
          context,
          duration: duration(numberOf(data.minutes) ?? 0),
        });
      case 'worklog_changed':
        return t('tickets.timeline.worklogChanged', {
          actor,
          context,
          before: duration(numberOf(recordOf(data.before).minutes) ?? 0),
          after: duration(numberOf(recordOf(data.after).minutes) ?? 0),
        });
      case 'attachment_added': {
        const id = stringOf(data.attachmentId);
        const name = stringOf(data.fileName) ?? '';
        return (
          <>
            {t('tickets.timeline.attachmentAdded', { actor, context })}{' '}
            {id ? (
              <Anchor href={attachmentUrl(id)} download={name} size="sm">
                {name}
              </Anchor>
            ) : (
              name
            )}
          </>
        );
      }
      case 'escalated':
      case 'de_escalated': {
        const lineName = (value: unknown) => stringOf(recordOf(value).name) ?? '—';
        const to = recordOf(data.to);
        const groupId = stringOf(data.groupId);
        const groupName = groupId
          ? lines?.find((line) => line.id === stringOf(to.lineId))?.groups.find((g) => g.id === groupId)?.name
          : undefined;
        const reason = stringOf(data.reason);
        return (
          <>
            {t(`tickets.timeline.${event.kind === 'escalated' ? 'escalated' : 'deEscalated'}`, {
              actor,
              context,
              from: data.from ? lineName(data.from) : t('tickets.escalation.noLine'),
              to: groupName ? `${lineName(to)} · ${groupName}` : lineName(to),
            })}
            {data.unassigned ? ` ${t('tickets.timeline.unassignedByMove')}` : ''}
            {reason && (
              <Text span display="block" size="sm" c="dimmed" data-testid="escalation-reason">
                {t('tickets.timeline.reason', { reason })}
              </Text>
            )}
          </>
        );
      }
      case 'replanned': {
        // The planning board's move: both plans are in the event, names included.
        const before = recordOf(data.from);
        const after = recordOf(data.to);
        const parts: string[] = [];
        const fromName = stringOf(before.assigneeName);
        const toName = stringOf(after.assigneeName);
        if (stringOf(before.assigneeId) !== stringOf(after.assigneeId)) {
          parts.push(
            t('tickets.timeline.replanAssignee', {
              from: fromName ? shortName(fromName) : '—',
              to: toName ? shortName(toName) : '—',
            }),
          );
        }
        const fromPeriod = formatRange(stringOf(before.plannedStart), stringOf(before.plannedEnd));
        const toPeriod = formatRange(stringOf(after.plannedStart), stringOf(after.plannedEnd));
        if (fromPeriod !== toPeriod) {
          parts.push(t('tickets.timeline.replanPeriod', { from: fromPeriod ?? '—', to: toPeriod ?? '—' }));
        }
        return t('tickets.timeline.replanned', { actor, context, change: parts.join('; ') || '—' });
      }
      case 'specification_posted': {
        const posted = numberOf(data.hours);
        return posted !== null
          ? t('tickets.timeline.specificationPosted', { actor, context, hours: hours(posted) })
          : t('tickets.timeline.specificationPostedPlain', { actor, context });
      }
      case 'sla_warning':
      case 'sla_breached': {
        const dueAt = formatDate(stringOf(data.dueAt));
        const key = event.kind === 'sla_warning' ? 'slaWarning' : 'slaBreached';
        return dueAt ? t(`tickets.timeline.${key}`, { date: dueAt }) : t(`tickets.timeline.${key}NoDate`);
      }
      default:
        return t('tickets.timeline.other', { actor, kind: event.kind });
    }
  };
}
