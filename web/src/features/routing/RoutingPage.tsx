import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Switch,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import {
  AlertIcon,
  ArrowDownIcon,
  ArrowUpIcon,
  EditIcon,
  PlusIcon,
  RouteIcon,
  TrashIcon,
} from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { supportLinesQueryOptions } from '../lines/api.ts';
import { PriorityBadge } from '../tickets/components/TicketBadges.tsx';
import {
  deleteRule,
  movedOrder,
  positionsFor,
  rulesQueryKey,
  rulesQueryOptions,
  ticketTypesQueryOptions,
  updateRule,
  type RoutingRule,
} from './api.ts';
import { RuleFormModal } from './RuleFormModal.tsx';

/**
 * Routing rules in the order they are tried, with what each matches and where it sends a new request.
 * Every staff member may read them (to know why a request landed where it did); only the admin edits.
 */
export function RoutingPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const canEdit = user.role === 'admin';
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const rules = useQuery(rulesQueryOptions);
  const lines = useQuery(supportLinesQueryOptions);
  const types = useQuery(ticketTypesQueryOptions);
  const [dialog, setDialog] = useState<{ rule: RoutingRule | null } | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);

  const failed = (error: unknown) =>
    notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: rulesQueryKey });

  const toggle = useMutation({
    mutationFn: (rule: RoutingRule) => updateRule({ id: rule.id, isActive: !rule.isActive }),
    onSuccess: (saved) =>
      notifications.show({
        color: 'green',
        message: t(saved.isActive ? 'routing.activated' : 'routing.deactivated', { name: saved.name }),
      }),
    onError: failed,
    onSettled: refresh,
  });

  // One PATCH per rule whose position changes (two for neighbours), one after another.
  const move = useMutation({
    mutationFn: async ({ id, step }: { id: string; step: -1 | 1 }) => {
      const current = rules.data?.items ?? [];
      for (const change of positionsFor(current, movedOrder(current, id, step))) {
        await updateRule(change);
      }
    },
    onError: failed,
    onSettled: refresh,
  });

  const remove = useMutation({
    mutationFn: (rule: RoutingRule) => deleteRule(rule.id),
    onSuccess: (_, rule) => {
      notifications.show({ color: 'green', message: t('routing.deleted', { name: rule.name }) });
      setDeleting(null);
      void refresh();
    },
  });

  const firstLine = lines.data?.items[0]?.name;
  const typeName = (code: string) => {
    const found = types.data?.items.find((item) => item.code === code);
    return found ? (i18n.language === 'en' ? found.nameEn : found.name) : code;
  };
  const any = (text: string) => (
    <Text size="sm" c="dimmed" fs="italic">
      {text}
    </Text>
  );

  const addButton = canEdit ? (
    <Button
      leftSection={<PlusIcon />}
      onClick={() => setDialog({ rule: null })}
      disabled={lines.data?.items.length === 0}
    >
      {t('routing.new')}
    </Button>
  ) : undefined;

  const renderBody = () => {
    if (rules.isPending) {
      return <PageLoader />;
    }
    if (rules.isError) {
      return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
    }
    const items = rules.data.items;
    if (items.length === 0) {
      return (
        <EmptyHint
          icon={<RouteIcon size={28} />}
          title={t('routing.emptyTitle')}
          description={canEdit ? t('routing.emptyText') : t('routing.emptyTextReadOnly')}
          action={addButton}
        />
      );
    }
    return (
      <Table.ScrollContainer minWidth={1000}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="rules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={48}>{t('routing.columns.order')}</Table.Th>
              <Table.Th>{t('routing.columns.name')}</Table.Th>
              <Table.Th>{t('routing.fields.service')}</Table.Th>
              <Table.Th>{t('routing.fields.client')}</Table.Th>
              <Table.Th>{t('routing.fields.type')}</Table.Th>
              <Table.Th>{t('routing.fields.priority')}</Table.Th>
              <Table.Th>{t('routing.columns.target')}</Table.Th>
              <Table.Th>{t('routing.columns.active')}</Table.Th>
              {canEdit && (
                <Table.Th w={1}>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((rule, index) => (
              <Table.Tr
                key={rule.id}
                data-rule-name={rule.name}
                data-active={rule.isActive}
                c={rule.isActive ? undefined : 'dimmed'}
              >
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {index + 1}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {rule.name}
                  </Text>
                </Table.Td>
                <Table.Td>{rule.serviceName ?? any(t('routing.any.service'))}</Table.Td>
                <Table.Td>{rule.clientName ?? any(t('routing.any.client'))}</Table.Td>
                <Table.Td>{rule.type ? typeName(rule.type) : any(t('routing.any.type'))}</Table.Td>
                <Table.Td>
                  {rule.priority ? (
                    <PriorityBadge priority={rule.priority} />
                  ) : (
                    any(t('routing.any.priority'))
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {rule.lineName}
                  </Text>
                  {rule.groupName && (
                    <Text size="xs" c="dimmed">
                      {rule.groupName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {canEdit ? (
                    <Switch
                      checked={rule.isActive}
                      aria-label={t('routing.activeNamed', { name: rule.name })}
                      disabled={toggle.isPending && toggle.variables.id === rule.id}
                      onChange={() => toggle.mutate(rule)}
                    />
                  ) : (
                    <Badge variant="light" color={rule.isActive ? 'green' : 'gray'} tt="none">
                      {rule.isActive ? t('routing.activeBadge') : t('routing.inactiveBadge')}
                    </Badge>
                  )}
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={2} wrap="nowrap" justify="flex-end">
                      <IconButton
                        label={t('routing.moveUp', { name: rule.name })}
                        disabled={index === 0 || move.isPending}
                        onClick={() => move.mutate({ id: rule.id, step: -1 })}
                      >
                        <ArrowUpIcon size={16} />
                      </IconButton>
                      <IconButton
                        label={t('routing.moveDown', { name: rule.name })}
                        disabled={index === items.length - 1 || move.isPending}
                        onClick={() => move.mutate({ id: rule.id, step: 1 })}
                      >
                        <ArrowDownIcon size={16} />
                      </IconButton>
                      <IconButton
                        label={t('routing.editNamed', { name: rule.name })}
                        onClick={() => setDialog({ rule })}
                      >
                        <EditIcon size={16} />
                      </IconButton>
                      <IconButton
                        label={t('routing.deleteNamed', { name: rule.name })}
                        color="red"
                        onClick={() => {
                          remove.reset();
                          setDeleting(rule);
                        }}
                      >
                        <TrashIcon size={16} />
                      </IconButton>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <PageHeader
        title={t('routing.title')}
        description={canEdit ? t('routing.description') : t('routing.descriptionReadOnly')}
        actions={rules.data && rules.data.items.length > 0 ? addButton : undefined}
      />
      <Alert variant="light" color="blue" title={t('routing.howTitle')} mb="lg" data-testid="routing-how">
        <List size="sm" spacing={4}>
          <List.Item>{t('routing.howOrder')}</List.Item>
          <List.Item>{t('routing.howAny')}</List.Item>
          <List.Item>
            {firstLine ? t('routing.howFallback', { line: firstLine }) : t('routing.howFallbackNoLines')}{' '}
            <Anchor component={Link} to="/desk/settings/lines" size="sm">
              {t('routing.toLines')}
            </Anchor>
          </List.Item>
        </List>
      </Alert>
      {lines.data?.items.length === 0 && canEdit && (
        <Alert color="yellow" variant="light" icon={<AlertIcon />} mb="lg">
          {t('routing.noLines')}
        </Alert>
      )}
      {renderBody()}
      {dialog && lines.data && (
        <RuleFormModal rule={dialog.rule} lines={lines.data.items} onClose={() => setDialog(null)} />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('routing.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('routing.delete')}
        isPending={remove.isPending}
        error={
          remove.isError ? (
            <Alert color="red" variant="light" icon={<AlertIcon />} role="alert">
              {describe(remove.error)}
            </Alert>
          ) : undefined
        }
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        {t('routing.deleteText')}
      </ConfirmModal>
    </>
  );
}

function IconButton({
  label,
  color,
  disabled,
  onClick,
  children,
}: {
  label: string;
  color?: string;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color={color} aria-label={label} disabled={disabled} onClick={onClick}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
