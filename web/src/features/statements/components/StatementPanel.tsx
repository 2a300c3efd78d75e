import {
  Anchor,
  Badge,
  Button,
  Divider,
  Flex,
  Grid,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  useMatches,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { DownloadIcon, FileTextIcon } from '../../../components/icons.tsx';
import { formatDay, todayIn } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { KIND_COLORS, useContractFormat } from '../../contracts/useContractFormat.ts';
import {
  STATEMENT_DOCUMENTS,
  isMonth,
  statementDocumentUrl,
  statementQueryOptions,
  type Statement,
  type StatementContract,
  type StatementDocument,
  type StatementRequest,
} from '../api.ts';
import { MonthPicker } from './MonthPicker.tsx';

type Area = 'desk' | 'portal';

const ticketPath = (area: Area, ticketId: string) => `/${area}/tickets/${encodeURIComponent(ticketId)}`;

/** The month in the address (`?month=2026-11`), the current one in the user's time zone by default. */
export function useStatementMonth(): { month: string; current: string; setMonth: (month: string) => void } {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const current = todayIn(user.timeZone).slice(0, 7);
  const asked = params.get('month');
  const month = isMonth(asked) ? asked : current;
  const setMonth = (next: string) =>
    setParams(
      (previous) => {
        const copy = new URLSearchParams(previous);
        if (next === current) {
          copy.delete('month');
        } else {
          copy.set('month', next);
        }
        return copy;
      },
      { replace: true, preventScrollReset: true },
    );
  return { month, current, setMonth };
}

/** A client's statement for a month: totals, balance movement, requests, and the documents to download. */
export function StatementPanel({ clientId, area }: { clientId: string; area: Area }) {
  const { t } = useTranslation();
  const { month, current, setMonth } = useStatementMonth();
  const statement = useQuery(statementQueryOptions(clientId, month));
  const refreshing = statement.isFetching && statement.isPlaceholderData;

  const renderBody = () => {
    if (statement.isPending) {
      return <PageLoader />;
    }
    if (statement.isError && !statement.data) {
      return <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />;
    }
    return (
      <div
        style={{ opacity: statement.isPlaceholderData ? 0.55 : 1, transition: 'opacity 150ms' }}
        aria-busy={statement.isPlaceholderData}
      >
        <StatementBody statement={statement.data} area={area} />
      </div>
    );
  };

  return (
    <Stack gap="md" data-testid="statement" data-month={month}>
      <Group gap="sm" wrap="wrap">
        <MonthPicker value={month} max={current} onChange={setMonth} />
        {refreshing && <Loader size="sm" aria-label={t('common.loading')} />}
      </Group>
      {renderBody()}
    </Stack>
  );
}

function StatementBody({ statement, area }: { statement: Statement; area: Area }) {
  const { t, i18n } = useTranslation();
  const { money } = useContractFormat();
  const locale = i18n.language;
  const hasWork = statement.requests.length > 0;
  const hasMoney = hasWork || statement.amountDue > 0;
  const moved = statement.contracts.filter(
    (contract) =>
      contract.openingHours !== 0 ||
      contract.grantedHours !== 0 ||
      contract.consumedHours !== 0 ||
      contract.adjustedHours !== 0 ||
      contract.reversedHours !== 0 ||
      contract.closingHours !== 0,
  );

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('statements.period', {
          from: formatDay(statement.periodStart, locale),
          to: formatDay(statement.periodEnd, locale),
        })}
      </Text>

      {hasMoney ? (
        <>
          <StatementTotals statement={statement} />
          <Downloads clientId={statement.client.id} month={statement.month} />
        </>
      ) : (
        <Paper withBorder>
          <EmptyHint
            icon={<FileTextIcon size={28} />}
            title={t('statements.empty.title')}
            description={area === 'desk' ? t('statements.empty.staff') : t('statements.empty.portal')}
          />
        </Paper>
      )}

      {moved.length > 0 && (
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('statements.movement.title')}
          </Title>
          {moved.map((contract) => (
            <ContractMovement key={contract.id} contract={contract} />
          ))}
        </Stack>
      )}

      {hasWork && (
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('statements.requests.title')}
          </Title>
          <RequestList statement={statement} area={area} />
        </Stack>
      )}

      {statement.subscriptionFees > 0 && !hasWork && (
        <Text size="sm" c="dimmed">
          {t('statements.totals.fees', { amount: money(statement.subscriptionFees) })}
        </Text>
      )}
    </Stack>
  );
}

function Figure({
  label,
  children,
  note,
  testId,
  strong = false,
}: {
  label: string;
  children: ReactNode;
  note?: ReactNode;
  testId: string;
  strong?: boolean;
}) {
  return (
    <Paper withBorder p="sm" h="100%" bg={strong ? 'var(--mantine-color-blue-light)' : undefined}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text
        fz={strong ? 24 : 20}
        fw={700}
        lh={1.2}
        style={{ fontVariantNumeric: 'tabular-nums' }}
        data-testid={testId}
      >
        {children}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

function StatementTotals({ statement }: { statement: Statement }) {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  const { totals } = statement;
  return (
    <Grid columns={10} gap="sm" data-testid="statement-totals">
      <Grid.Col span={{ base: 5, sm: 2 }}>
        <Figure label={t('statements.totals.hours')} testId="statement-hours">
          {hours(totals.hours)}
        </Figure>
      </Grid.Col>
      <Grid.Col span={{ base: 5, sm: 2 }}>
        <Figure label={t('statements.totals.balance')} testId="statement-balance">
          {hours(totals.balanceHours)}
        </Figure>
      </Grid.Col>
      <Grid.Col span={{ base: 5, sm: 2 }}>
        <Figure
          label={t('statements.totals.paid')}
          testId="statement-paid"
          note={totals.amount > 0 ? money(totals.amount) : undefined}
        >
          {hours(totals.paidHours)}
        </Figure>
      </Grid.Col>
      <Grid.Col span={{ base: 5, sm: 2 }}>
        <Figure label={t('statements.totals.free')} testId="statement-free">
          {hours(totals.freeHours)}
        </Figure>
      </Grid.Col>
      <Grid.Col span={{ base: 10, sm: 2 }}>
        <Figure
          label={t('statements.totals.amountDue')}
          testId="statement-amount-due"
          strong
          note={
            statement.subscriptionFees > 0
              ? t('statements.totals.fees', { amount: money(statement.subscriptionFees) })
              : undefined
          }
        >
          <span data-amount={statement.amountDue}>{money(statement.amountDue)}</span>
        </Figure>
      </Grid.Col>
    </Grid>
  );
}

const DOCUMENT_LABELS = {
  'statement.pdf': 'statements.downloads.statementPdf',
  'statement.xlsx': 'statements.downloads.statementXlsx',
  'act.pdf': 'statements.downloads.actPdf',
} as const satisfies Record<StatementDocument, string>;

const DOCUMENT_TEST_IDS: Record<StatementDocument, string> = {
  'statement.pdf': 'download-statement-pdf',
  'statement.xlsx': 'download-statement-xlsx',
  'act.pdf': 'download-act-pdf',
};

/** Plain links: the browser downloads with the session cookie; the server names the file. */
function Downloads({ clientId, month }: { clientId: string; month: string }) {
  const { t, i18n } = useTranslation();
  return (
    // A column of full-width buttons on a phone, a row from there on.
    <Flex
      gap="xs"
      direction={{ base: 'column', xs: 'row' }}
      align={{ base: 'stretch', xs: 'center' }}
      wrap="wrap"
      data-testid="statement-downloads"
    >
      {STATEMENT_DOCUMENTS.map((document) => (
        <Button
          key={document}
          component="a"
          href={statementDocumentUrl(clientId, month, document, i18n.language)}
          download
          variant="light"
          size="sm"
          leftSection={<DownloadIcon size={16} />}
          data-testid={DOCUMENT_TEST_IDS[document]}
        >
          {t(DOCUMENT_LABELS[document])}
        </Button>
      ))}
    </Flex>
  );
}

function ContractMovement({ contract }: { contract: StatementContract }) {
  const { t } = useTranslation();
  const { hours, signedHours, kindLabel } = useContractFormat();
  const items: { label: string; value: string; strong?: boolean }[] = [
    { label: t('statements.movement.opening'), value: hours(contract.openingHours) },
    { label: t('statements.movement.granted'), value: signedHours(contract.grantedHours) },
    { label: t('statements.movement.consumed'), value: signedHours(-contract.consumedHours) },
  ];
  if (contract.adjustedHours !== 0) {
    items.push({ label: t('statements.movement.adjusted'), value: signedHours(contract.adjustedHours) });
  }
  if (contract.reversedHours !== 0) {
    items.push({ label: t('statements.movement.reversed'), value: signedHours(contract.reversedHours) });
  }
  items.push({ label: t('statements.movement.closing'), value: hours(contract.closingHours), strong: true });

  return (
    <Paper withBorder p="sm" data-testid="statement-contract" data-contract-number={contract.number}>
      <Group gap="xs" mb="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {t('statements.movement.contract', { number: contract.number })}
        </Text>
        <Badge variant="light" color={KIND_COLORS[contract.kind]} tt="none" size="sm">
          {kindLabel(contract.kind)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, xs: 3, md: items.length }} spacing="xs" verticalSpacing="xs">
        {items.map((item) => (
          <Stack gap={0} key={item.label}>
            <Text size="xs" c="dimmed">
              {item.label}
            </Text>
            <Text
              size="sm"
              fw={item.strong ? 700 : 500}
              style={{ fontVariantNumeric: 'tabular-nums' }}
              data-testid={item.strong ? 'statement-closing' : undefined}
            >
              {item.value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** The services a request's lines name, once each, for a line under its title. */
const servicesOf = (request: StatementRequest): string =>
  [...new Set(request.lines.map((line) => line.serviceName).filter((name): name is string => !!name))].join(
    ', ',
  );

function RequestList({ statement, area }: { statement: Statement; area: Area }) {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  const wide = useMatches({ base: false, sm: true });
  const dash = (value: number, format: (value: number) => string) => (value === 0 ? '—' : format(value));

  const title = (request: StatementRequest) => (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Anchor
        component={Link}
        to={ticketPath(area, request.ticketId)}
        size="sm"
        fw={500}
        style={{ overflowWrap: 'anywhere' }}
      >
        #{request.number} · {request.title}
      </Anchor>
      {servicesOf(request) && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {servicesOf(request)}
        </Text>
      )}
    </Stack>
  );

  if (!wide) {
    return (
      <Paper withBorder p="sm" data-testid="statement-requests">
        <Stack gap="xs">
          {statement.requests.map((request, index) => {
            const parts = [
              request.totals.balanceHours > 0 &&
                `${t('statements.requests.balance')} ${hours(request.totals.balanceHours)}`,
              request.totals.paidHours > 0 &&
                `${t('statements.requests.paid')} ${hours(request.totals.paidHours)} (${money(request.totals.amount)})`,
              request.totals.freeHours > 0 &&
                `${t('statements.requests.free')} ${hours(request.totals.freeHours)}`,
            ].filter((part): part is string => typeof part === 'string');
            return (
              <Fragment key={request.ticketId}>
                {index > 0 && <Divider />}
                <Stack gap={2} data-testid="statement-request" data-ticket-id={request.ticketId}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                    {title(request)}
                    <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums', flexShrink: 0 }}>
                      {hours(request.totals.hours)}
                    </Text>
                  </Group>
                  {parts.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {parts.join(' · ')}
                    </Text>
                  )}
                </Stack>
              </Fragment>
            );
          })}
        </Stack>
      </Paper>
    );
  }

  const numeric = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;
  return (
    <Paper withBorder data-testid="statement-requests">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('statements.requests.request')}</Table.Th>
              <Table.Th style={numeric}>{t('statements.requests.hours')}</Table.Th>
              <Table.Th style={numeric}>{t('statements.requests.balance')}</Table.Th>
              <Table.Th style={numeric}>{t('statements.requests.paid')}</Table.Th>
              <Table.Th style={numeric}>{t('statements.requests.free')}</Table.Th>
              <Table.Th style={numeric}>{t('statements.requests.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {statement.requests.map((request) => (
              <Table.Tr
                key={request.ticketId}
                data-testid="statement-request"
                data-ticket-id={request.ticketId}
              >
                <Table.Td>{title(request)}</Table.Td>
                <Table.Td style={numeric}>{hours(request.totals.hours)}</Table.Td>
                <Table.Td style={numeric}>{dash(request.totals.balanceHours, hours)}</Table.Td>
                <Table.Td style={numeric}>{dash(request.totals.paidHours, hours)}</Table.Td>
                <Table.Td style={numeric}>{dash(request.totals.freeHours, hours)}</Table.Td>
                <Table.Td style={numeric}>{dash(request.totals.amount, money)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Td>{t('statements.requests.total')}</Table.Td>
              <Table.Td style={numeric}>{hours(statement.totals.hours)}</Table.Td>
              <Table.Td style={numeric}>{hours(statement.totals.balanceHours)}</Table.Td>
              <Table.Td style={numeric}>{hours(statement.totals.paidHours)}</Table.Td>
              <Table.Td style={numeric}>{hours(statement.totals.freeHours)}</Table.Td>
              <Table.Td style={numeric}>{money(statement.totals.amount)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
