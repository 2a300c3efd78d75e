import {
  Anchor,
  Badge,
  Box,
  Collapse,
  Divider,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
  useMantineTheme,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../components/States.tsx';
import { BuildingIcon, ChevronDownIcon } from '../../components/icons.tsx';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { KIND_COLORS, useContractFormat } from '../contracts/useContractFormat.ts';
import { useSlaAdminFormat } from '../sla/useSlaAdminFormat.ts';
import { SlaBadge } from '../tickets/components/SlaCell.tsx';
import { StatusBadge } from '../tickets/components/TicketBadges.tsx';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import { clientCardQueryOptions, type ClientCard as Card } from './api.ts';
import { KnowledgeCard } from './KnowledgeCard.tsx';

function Part({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function ClientSection({ card }: { card: Card }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const { client, requester } = card;
  return (
    <Stack gap="xs">
      {client ? (
        <Stack gap={0}>
          <Anchor component={Link} to={`/desk/clients/${client.id}`} fw={600} data-testid="client-card-name">
            {client.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t('clientCard.innAndContacts', { inn: client.inn, count: client.contactCount })}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('clientCard.internal')}
        </Text>
      )}
      {requester && (
        <Part label={t('clientCard.requester')}>
          <Text size="sm" fw={500}>
            {requester.name}
          </Text>
          <Text size="xs" c="dimmed">
            {roleLabel(requester.role)}
          </Text>
          <Group gap="xs" wrap="wrap">
            {requester.phone && (
              <Anchor href={`tel:${requester.phone.replace(/[^\d+]/g, '')}`} size="sm">
                {requester.phone}
              </Anchor>
            )}
            <Anchor href={`mailto:${requester.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {requester.email}
            </Anchor>
          </Group>
        </Part>
      )}
    </Stack>
  );
}

function ContractSection({ card }: { card: Card }) {
  const { t } = useTranslation();
  const { kindLabel, hours, period } = useContractFormat();
  const { contract } = card;
  if (!card.client) {
    return null;
  }
  if (!contract) {
    return (
      <Part label={t('clientCard.contract')} testId="client-card-contract">
        <Text size="sm" c="dimmed">
          {t('clientCard.noContract')}
        </Text>
      </Part>
    );
  }
  // Below zero is always news; an empty ITS package means the next hours will be paid.
  const isShort =
    contract.balanceHours < 0 ||
    (contract.balanceHours <= 0 && contract.kind === 'its' && !contract.allowsOverdraft);
  return (
    <Part label={t('clientCard.contract')} testId="client-card-contract">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          № {contract.number}
        </Text>
        <Badge color={KIND_COLORS[contract.kind]} variant="light" size="sm" tt="none">
          {kindLabel(contract.kind)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {period(contract)}
      </Text>
      <Group gap="xs" align="baseline" wrap="wrap" mt={4}>
        <Text size="xs" c="dimmed">
          {t('clientCard.balance')}
        </Text>
        <Text size="lg" fw={700} c={isShort ? 'red.8' : undefined} data-testid="client-card-balance">
          {hours(contract.balanceHours)}
        </Text>
      </Group>
      {(contract.bonusHoursPerMonth !== null || contract.allowsOverdraft) && (
        <Text size="xs" c="dimmed">
          {[
            contract.bonusHoursPerMonth !== null
              ? t('clientCard.bonusPerMonth', { hours: hours(contract.bonusHoursPerMonth) })
              : null,
            contract.allowsOverdraft ? t('clientCard.overdraft') : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
    </Part>
  );
}

function SlaSection({ card }: { card: Card }) {
  const { t } = useTranslation();
  const { workingTime, week } = useSlaAdminFormat();
  const { priorityLabel } = useTicketFormat();
  const { policy, calendar } = card.sla;
  return (
    <Part label={t('clientCard.sla')} testId="client-card-sla">
      {policy ? (
        <>
          <Text size="sm" fw={500}>
            {policy.name}
          </Text>
          {policy.reactionMinutes !== null && policy.resolutionMinutes !== null && (
            <Text size="xs">
              {t('clientCard.targets', {
                priority: priorityLabel(policy.priority),
                reaction: workingTime(policy.reactionMinutes),
                resolution: workingTime(policy.resolutionMinutes),
              })}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('clientCard.noPolicy')}
        </Text>
      )}
      {calendar && (
        <Text size="xs" c="dimmed">
          {calendar.name}
          {' · '}
          {week(calendar.week)}
          {calendar.productionCalendar ? ` · ${t('clientCard.productionCalendar')}` : ''}
        </Text>
      )}
    </Part>
  );
}

// Five are a glance; the rest (up to what the server sends) open on demand.
const OPEN_AT_FIRST = 5;

function OpenTicketsSection({ card }: { card: Card }) {
  const { t } = useTranslation();
  const [isAll, { toggle }] = useDisclosure(false);
  const { total } = card.openTickets;
  if (!card.client) {
    return null;
  }
  const items = isAll ? card.openTickets.items : card.openTickets.items.slice(0, OPEN_AT_FIRST);
  const hidden = card.openTickets.items.length - items.length;
  return (
    <Part label={t('clientCard.openTickets', { count: total })} testId="client-card-open">
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('clientCard.noOpenTickets')}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((item) => (
            <li key={item.id}>
              <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
                <Anchor
                  component={Link}
                  to={`/desk/tickets/${item.id}`}
                  size="sm"
                  lineClamp={2}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  #{item.number} · {item.title}
                </Anchor>
                <Stack gap={2} align="flex-end">
                  <StatusBadge status={item.status} size="xs" />
                  {(item.slaState === 'breached' || item.slaState === 'warning') && (
                    <SlaBadge state={item.slaState} size="xs" />
                  )}
                </Stack>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {hidden > 0 ? (
        <Anchor component="button" type="button" size="xs" onClick={toggle} ta="left">
          {t('clientCard.showMore', { count: hidden })}
        </Anchor>
      ) : (
        total > items.length && (
          <Text size="xs" c="dimmed">
            {t('clientCard.moreOpen', { count: total - items.length })}
          </Text>
        )
      )}
    </Part>
  );
}

function CardBody({ card }: { card: Card }) {
  return (
    <Stack gap="sm">
      <ClientSection card={card} />
      {card.client && <Divider />}
      <ContractSection card={card} />
      <SlaSection card={card} />
      {card.client && <Divider />}
      <OpenTicketsSection card={card} />
      {card.knowledge && (
        <>
          <Divider />
          <KnowledgeCard card={card.knowledge} />
        </>
      )}
    </Stack>
  );
}

function CardLoader() {
  return (
    <Stack gap="xs" aria-hidden="true">
      <Skeleton height={14} width="70%" />
      <Skeleton height={10} width="50%" />
      <Skeleton height={40} mt="sm" />
      <Skeleton height={40} />
    </Stack>
  );
}

/** The client beside a request: who, under which contract and balance, which SLA, what else is open. */
function ClientCardPanel({ ticketId, isCollapsible }: { ticketId: string; isCollapsible: boolean }) {
  const { t } = useTranslation();
  const { hours } = useContractFormat();
  const card = useQuery(clientCardQueryOptions(ticketId));
  const [opened, { toggle }] = useDisclosure(false);

  const body = card.isPending ? (
    <CardLoader />
  ) : card.isError ? (
    <ErrorState error={card.error} onRetry={() => void card.refetch()} title={t('clientCard.failed')} />
  ) : (
    <CardBody card={card.data} />
  );

  if (!isCollapsible) {
    return (
      <Paper
        withBorder
        p="md"
        data-testid="client-card"
        component="section"
        aria-labelledby="client-card-title"
      >
        <Group gap={6} mb="sm">
          <BuildingIcon size={16} />
          <Title order={2} size="h5" id="client-card-title">
            {t('clientCard.title')}
          </Title>
        </Group>
        {body}
      </Paper>
    );
  }
  // On a phone the card folds to one line under the request's header: the request comes first.
  const name = card.data ? (card.data.client?.name ?? t('clientCard.internal')) : null;
  const balance = card.data?.contract ? hours(card.data.contract.balanceHours) : null;
  return (
    <Paper withBorder data-testid="client-card" component="section" mb="md">
      <UnstyledButton
        onClick={toggle}
        aria-expanded={opened}
        aria-controls="client-card-body"
        p="sm"
        w="100%"
        data-testid="client-card-toggle"
      >
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <BuildingIcon size={16} style={{ flexShrink: 0 }} />
            <Text size="sm" fw={600}>
              {t('clientCard.title')}
            </Text>
            {name && (
              <Text size="sm" c="dimmed" truncate>
                {name}
              </Text>
            )}
          </Group>
          <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
            {balance && (
              <Badge variant="light" color="gray" tt="none" size="md">
                {balance}
              </Badge>
            )}
            <ChevronDownIcon
              size={16}
              style={{ transform: opened ? 'rotate(180deg)' : undefined, transition: 'transform 150ms' }}
            />
          </Group>
        </Group>
      </UnstyledButton>
      <Collapse expanded={opened}>
        <Box id="client-card-body" px="sm" pb="sm">
          {body}
        </Box>
      </Collapse>
    </Paper>
  );
}

/**
 * Where the client card goes on the request page: `side` in the right-hand column on wide screens, `top`
 * folded under the request's header on narrow ones. The page renders both slots; one of them shows.
 */
export function ClientCardSlot({ ticketId, place }: { ticketId: string; place: 'top' | 'side' }) {
  const theme = useMantineTheme();
  const isWide = useMediaQuery(`(min-width: ${theme.breakpoints.md})`, true, {
    getInitialValueInEffect: false,
  });
  if ((place === 'side') !== isWide) {
    return null;
  }
  return <ClientCardPanel ticketId={ticketId} isCollapsible={!isWide} />;
}
