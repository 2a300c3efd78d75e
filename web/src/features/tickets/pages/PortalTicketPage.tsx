import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { AlertIcon, ArrowLeftIcon, InboxIcon, SearchIcon } from '../../../components/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { SpecificationSummary } from '../../specifications/components/SpecificationSummary.tsx';
import { ticketAttachmentsQueryOptions, ticketQueryOptions, type Ticket } from '../api.ts';
import { ReplyEditor } from '../components/ReplyEditor.tsx';
import { RichText } from '../components/RichText.tsx';
import { TicketAttachments } from '../components/TicketAttachments.tsx';
import { StatusBadge } from '../components/TicketBadges.tsx';
import { TicketDetails } from '../components/TicketDetails.tsx';
import { TicketTimeline } from '../components/TicketTimeline.tsx';
import { TransitionActions } from '../components/TransitionActions.tsx';
import { useStatusHint } from '../useStatusHint.ts';

function BackToTickets() {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to="/portal/tickets"
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

/** A request for the client: its status in plain words, what he may do now, and the conversation. */
export function PortalTicketPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useQuery(ticketQueryOptions(ticketId));

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
              <Button component={Link} to="/portal/tickets" variant="light">
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
  return <PortalTicketView ticket={ticket.data} />;
}

function PortalTicketView({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const hint = useStatusHint()(ticket);
  const attachments = useQuery(ticketAttachmentsQueryOptions(ticket.id));
  const files = attachments.data?.items ?? null;

  return (
    <>
      <BackToTickets />
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-title">
            #{ticket.number} · {ticket.title}
          </Title>
          <span data-testid="ticket-status">
            <StatusBadge status={ticket.status} size="lg" />
          </span>
        </Stack>

        <Alert
          color={hint.needsYou ? 'orange' : 'blue'}
          variant="light"
          icon={hint.needsYou ? <AlertIcon /> : <InboxIcon />}
          title={hint.needsYou ? t('tickets.portal.needsYou') : undefined}
          data-testid="status-hint"
        >
          <Stack gap="sm">
            <Text size="sm">{hint.text}</Text>
            <TransitionActions ticket={ticket} fullWidth />
          </Stack>
        </Alert>

        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">
            {t('tickets.fields.description')}
          </Title>
          {ticket.description ? (
            <RichText html={ticket.description} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('tickets.noDescription')}
            </Text>
          )}
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">
            {t('tickets.details')}
          </Title>
          <TicketDetails ticket={ticket} area="portal" />
        </Paper>

        <SpecificationSummary ticketId={ticket.id} />

        {files !== null && files.length > 0 && (
          <Paper withBorder p="md">
            <Title order={2} size="h5" mb="sm">
              {t('tickets.attachments.title')}
            </Title>
            <TicketAttachments ticketId={ticket.id} attachments={files} canUpload={false} />
          </Paper>
        )}

        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('tickets.portal.conversation')}
          </Title>
          <TicketTimeline ticket={ticket} attachments={files} />
        </Stack>
        <ReplyEditor ticket={ticket} canWriteInternal={false} canAttach={files !== null} />
      </Stack>
    </>
  );
}
