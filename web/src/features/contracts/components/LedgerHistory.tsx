import {
  Anchor,
  Badge,
  Button,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
  useMatches,
  type MantineColor,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/States.tsx';
import { shortName } from '../../../lib/format.ts';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import { ledgerQueryOptions, type LedgerEntry, type LedgerKind } from '../api.ts';
import { useContractFormat } from '../useContractFormat.ts';

const OPERATION_COLORS: Record<LedgerKind, MantineColor> = {
  grant: 'green',
  consume: 'orange',
  adjust: 'blue',
  reverse: 'gray',
};

// Postings made by hand in this UI carry a generated id (`ui-<uuid>`) that means nothing to an accountant.
const isGeneratedId = (externalId: string): boolean => externalId.startsWith('ui-');

type LedgerHistoryProps = {
  contractId: string;
  /** Where a request of a consumption opens: the desk or the portal. */
  ticketPath: (ticketId: string) => string;
};

/** A contract's ledger, newest first, a page at a time: what was granted, consumed and corrected, by whom. */
export function LedgerHistory({ contractId, ticketPath }: LedgerHistoryProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { operationLabel, signedHours } = useContractFormat();
  const ledger = useInfiniteQuery(ledgerQueryOptions(contractId));
  // A six-column table on a phone is read sideways: there each entry becomes a short block instead.
  const isCompact = useMatches({ base: true, sm: false });

  if (ledger.isPending) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {t('common.loading')}
      </Text>
    );
  }
  if (ledger.isError) {
    return <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />;
  }
  const items = ledger.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {t('contracts.ledger.empty')}
      </Text>
    );
  }

  const operation = (entry: LedgerEntry) => (
    <Badge
      variant="light"
      color={OPERATION_COLORS[entry.kind]}
      tt="none"
      // The word is short: the column gives way, never the label.
      styles={{ label: { overflow: 'visible' } }}
    >
      {operationLabel(entry.kind)}
    </Badge>
  );
  const hours = (entry: LedgerEntry) => (
    <Text
      size="sm"
      fw={600}
      c={entry.hours < 0 ? 'red.7' : 'green.7'}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {signedHours(entry.hours)}
    </Text>
  );
  const note = (entry: LedgerEntry) =>
    entry.note || entry.ticketId ? (
      <Stack gap={2}>
        {entry.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {entry.note}
          </Text>
        )}
        {entry.ticketId && (
          <Anchor component={Link} to={ticketPath(entry.ticketId)} size="sm">
            {t('contracts.ledger.ticket')}
          </Anchor>
        )}
      </Stack>
    ) : (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const actor = (entry: LedgerEntry) => (
    <Text inherit c={entry.actorName ? undefined : 'dimmed'} title={entry.actorName ?? undefined} span>
      {entry.actorName ? shortName(entry.actorName) : t('contracts.ledger.system')}
    </Text>
  );
  const externalId = (entry: LedgerEntry) =>
    !entry.externalId ? (
      <Text inherit c="dimmed" span>
        —
      </Text>
    ) : isGeneratedId(entry.externalId) ? (
      <Tooltip label={entry.externalId}>
        <Text inherit c="dimmed" span>
          {t('contracts.ledger.manual')}
        </Text>
      </Tooltip>
    ) : (
      <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }} span>
        {entry.externalId}
      </Text>
    );

  return (
    <Stack gap="sm">
      {isCompact ? (
        <Stack gap={0} data-testid="ledger-table">
          {items.map((entry) => (
            <Stack
              key={entry.id}
              gap={4}
              py="xs"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              data-testid="ledger-row"
            >
              <Group justify="space-between" wrap="nowrap">
                {operation(entry)}
                {hours(entry)}
              </Group>
              <Text size="xs" c="dimmed">
                {formatDate(entry.createdAt)} · {actor(entry)}
              </Text>
              {note(entry)}
              {entry.externalId && (
                <Text size="xs" c="dimmed">
                  {t('contracts.ledger.columns.externalId')}: {externalId(entry)}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped data-testid="ledger-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('contracts.ledger.columns.date')}</Table.Th>
                <Table.Th>{t('contracts.ledger.columns.operation')}</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>{t('contracts.ledger.columns.hours')}</Table.Th>
                <Table.Th>{t('contracts.ledger.columns.note')}</Table.Th>
                <Table.Th>{t('contracts.ledger.columns.actor')}</Table.Th>
                <Table.Th>{t('contracts.ledger.columns.externalId')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entry) => (
                <Table.Tr key={entry.id} data-testid="ledger-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{formatDate(entry.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>{operation(entry)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{hours(entry)}</Table.Td>
                  <Table.Td>{note(entry)}</Table.Td>
                  <Table.Td>{actor(entry)}</Table.Td>
                  <Table.Td>{externalId(entry)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('common.shown', { n: items.length })}
        </Text>
        {ledger.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            loading={ledger.isFetchingNextPage}
            onClick={() => void ledger.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
