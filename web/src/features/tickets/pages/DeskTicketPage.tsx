import { Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { ArrowLeftIcon, SearchIcon } from '../../../components/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { SpecificationEditor } from '../../specifications/components/SpecificationEditor.tsx';
import { clientCardQueryOptions } from '../../workspace/api.ts';
import { ClientCardSlot } from '../../workspace/ClientCard.tsx';
import {
  ticketAttachmentsQueryOptions,
  ticketCommentsQueryOptions,
  ticketEventsQueryOptions,
  ticketQueryOptions,
  ticketWorklogsQueryOptions,
  type StaffMember,
  type Ticket,
} from '../api.ts';
import { EscalationActions, TicketLineBadge } from '../components/EscalationActions.tsx';
import { ReplyEditor } from '../components/ReplyEditor.tsx';
import { RichText } from '../components/RichText.tsx';
import { SlaBadge } from '../components/SlaCell.tsx';
import { TicketAttachments } from '../components/TicketAttachments.tsx';
import { PriorityBadge, StatusBadge } from '../components/TicketBadges.tsx';
import { TicketDetails } from '../components/TicketDetails.tsx';
import { TicketSla } from '../components/TicketSla.tsx';
import { TicketTimeline } from '../components/TicketTimeline.tsx';
import { RunningTimerBanner, TicketTimer } from '../components/TicketTimer.tsx';
import { TicketWorklogs } from '../components/TicketWorklogs.tsx';
import { TransitionActions } from '../components/TransitionActions.tsx';

// Transitions only staff take: whoever took them is a colleague who can be assigned.
const STAFF_TRANSITIONS = new Set(['evaluated', 'planned', 'done']);
const STAFF_EVENT_KINDS = new Set(['timer_started', 'timer_stopped', 'worklog_added', 'worklog_changed']);

function BackToTickets() {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to="/desk/tickets"
      size="sm"
      mb="sm"
      display="inline-flex"
      style={{ gap: 4, alignItems: 'center' }}
    >
      <ArrowLeftIcon size={14} />
      {t('tickets.back')}
    </Anchor>
  );
}

/** One request in the desk: facts, actions, timer, history and conversation, work time. */
export function DeskTicketPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useQuery(ticketQueryOptions(ticketId));
  // The client card loads beside the request, never after it: the page's first paint does not wait.
  usePrefetchQuery(clientCardQueryOptions(ticketId));

  if (ticket.isPending) {
    return <PageLoader />;
  }
  if (ticket.isError) {
    if (ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.status === 400)) {
      return (
        <>
          <BackToTickets />
          <EmptyHint
            icon={<SearchIcon size={28} />}
            title={t('tickets.missing.title')}
            description={t('tickets.missing.description')}
            action={
              <Button component={Link} to="/desk/tickets" variant="light">
                {t('tickets.back')}
              </Button>
            }
          />
        </>
      );
    }
    return (
      <>
        <BackToTickets />
        <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />
      </>
    );
  }
  return <DeskTicketView ticket={ticket.data} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function DeskTicketView({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const attachments = useQuery(ticketAttachmentsQueryOptions(ticket.id));
  const events = useQuery(ticketEventsQueryOptions(ticket.id));
  const comments = useQuery(ticketCommentsQueryOptions(ticket.id));
  const worklogs = useQuery(ticketWorklogsQueryOptions(ticket.id));
  const files = attachments.data?.items ?? null;

  // Colleagues seen on this request: the planner can assign them even without the staff directory.
  const knownStaff = useMemo(() => {
    const people = new Map<string, StaffMember>();
    const add = (id: string | null, name: string | null) => {
      if (id && name && !people.has(id)) {
        people.set(id, { id, name });
      }
    };
    for (const event of events.data?.items ?? []) {
      const to = event.data.to;
      if (
        STAFF_EVENT_KINDS.has(event.kind) ||
        (event.kind === 'transitioned' && typeof to === 'string' && STAFF_TRANSITIONS.has(to))
      ) {
        add(event.actorId, event.actorName);
      }
    }
    for (const comment of comments.data?.items ?? []) {
      if (comment.internal) {
        add(comment.authorId, comment.authorName);
      }
    }
    for (const worklog of worklogs.data?.items ?? []) {
      add(worklog.userId, worklog.userName);
    }
    return [...people.values()];
  }, [events.data, comments.data, worklogs.data]);
  const internalCommentIds = useMemo(
    () =>
      new Set(
        (comments.data?.items ?? []).filter((comment) => comment.internal).map((comment) => comment.id),
      ),
    [comments.data],
  );

  return (
    <>
      <BackToTickets />
      <RunningTimerBanner exceptTicketId={ticket.id} />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md" mb="md">
        <Stack gap={6} style={{ minWidth: 0, flex: '1 1 420px' }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-title">
            #{ticket.number} · {ticket.title}
          </Title>
          <Group gap="xs">
            <span data-testid="ticket-status">
              <StatusBadge status={ticket.status} size="lg" />
            </span>
            <PriorityBadge priority={ticket.priority} size="md" />
            <TicketLineBadge ticket={ticket} />
            {(ticket.slaState === 'breached' || ticket.slaState === 'warning') && (
              <SlaBadge state={ticket.slaState} size="md" />
            )}
            {ticket.clientName && (
              <Text size="sm" c="dimmed">
                {ticket.clientName}
              </Text>
            )}
          </Group>
        </Stack>
        <TicketTimer ticket={ticket} />
      </Group>
      <ClientCardSlot ticketId={ticket.id} place="top" />
      <Group justify="space-between" align="flex-start" gap="md" mb="lg" wrap="wrap">
        <TransitionActions ticket={ticket} knownStaff={knownStaff} />
        <EscalationActions ticket={ticket} />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Section title={t('tickets.fields.description')}>
              {ticket.description ? (
                <RichText html={ticket.description} data-testid="ticket-description" />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('tickets.noDescription')}
                </Text>
              )}
            </Section>
            <SpecificationEditor ticket={ticket} />
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('tickets.timeline.title')}
              </Title>
              <TicketTimeline ticket={ticket} attachments={files} />
            </Stack>
            <ReplyEditor ticket={ticket} canWriteInternal canAttach={files !== null} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Section title={t('tickets.sla.title')}>
              <TicketSla ticket={ticket} />
            </Section>
            <ClientCardSlot ticketId={ticket.id} place="side" />
            <Section title={t('tickets.details')}>
              <TicketDetails ticket={ticket} area="desk" />
            </Section>
            <Section title={t('tickets.worklogs.title')}>
              <TicketWorklogs ticket={ticket} />
            </Section>
            {files !== null && (
              <Section title={t('tickets.attachments.title')}>
                <TicketAttachments
                  ticketId={ticket.id}
                  attachments={files}
                  canUpload
                  internalCommentIds={internalCommentIds}
                />
              </Section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
