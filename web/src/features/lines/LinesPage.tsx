import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import {
  AlertIcon,
  ArrowDownIcon,
  EditIcon,
  LayersIcon,
  PlusIcon,
  TrashIcon,
} from '../../components/icons.tsx';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import {
  changeMembership,
  deleteGroup,
  deleteLine,
  linesQueryKey,
  staffMembershipsQueryOptions,
  supportLinesQueryOptions,
  type LineMember,
  type Membership,
  type StaffMembership,
  type SupportGroup,
  type SupportLine,
} from './api.ts';
import { GroupFormModal } from './GroupFormModal.tsx';
import { LineFormModal } from './LineFormModal.tsx';
import { useLinesErrorMessage } from './useLinesErrors.ts';

type LineDialog = { line: SupportLine | null };
type GroupDialog = { group: SupportGroup | null; lineId: string };
type Deleting = { kind: 'line' | 'group'; id: string; name: string };
type MembershipChange = {
  member: { id: string; name: string };
  target: Membership & { name: string };
  change: 'add' | 'remove';
};

/**
 * Support lines in escalation order, each with its groups and the people on them. Every staff member
 * may look; only the admin changes the structure and who belongs where.
 */
export function LinesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canEdit = user.role === 'admin';
  const queryClient = useQueryClient();
  const describe = useLinesErrorMessage();
  const lines = useQuery(supportLinesQueryOptions);
  const staff = useQuery({ ...staffMembershipsQueryOptions, enabled: canEdit });
  const [lineDialog, setLineDialog] = useState<LineDialog | null>(null);
  const [groupDialog, setGroupDialog] = useState<GroupDialog | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);

  const membership = useMutation({
    mutationFn: ({ member, target, change }: MembershipChange) => changeMembership(member.id, target, change),
    onSuccess: (_, { member, target, change }) => {
      notifications.show({
        color: 'green',
        message: t(change === 'add' ? 'lines.memberAdded' : 'lines.memberRemoved', {
          member: member.name,
          name: target.name,
        }),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: linesQueryKey }),
        queryClient.invalidateQueries({ queryKey: ['staff'] }),
        queryClient.invalidateQueries({ queryKey: ['users'] }),
      ]),
  });

  const remove = useMutation({
    mutationFn: ({ kind, id }: Deleting) => (kind === 'line' ? deleteLine(id) : deleteGroup(id)),
    onSuccess: (_, { name }) => {
      void queryClient.invalidateQueries({ queryKey: linesQueryKey });
      notifications.show({ color: 'green', message: t('lines.deleted', { name }) });
      setDeleting(null);
    },
  });

  const newLineButton = canEdit ? (
    <Button leftSection={<PlusIcon />} onClick={() => setLineDialog({ line: null })}>
      {t('lines.newLine')}
    </Button>
  ) : undefined;

  const renderBody = () => {
    if (lines.isPending) {
      return <PageLoader />;
    }
    if (lines.isError) {
      return <ErrorState error={lines.error} onRetry={() => void lines.refetch()} />;
    }
    const items = lines.data.items;
    if (items.length === 0) {
      return (
        <EmptyHint
          icon={<LayersIcon size={28} />}
          title={t('lines.emptyTitle')}
          description={canEdit ? t('lines.emptyText') : t('lines.emptyTextReadOnly')}
          action={newLineButton}
        />
      );
    }
    return (
      <Stack gap="xs" data-testid="lines">
        {items.map((line, index) => (
          <Fragment key={line.id}>
            {index > 0 && (
              <Group gap={6} justify="center" c="dimmed" aria-hidden="true">
                <ArrowDownIcon size={14} />
                <Text size="xs">{t('lines.escalatesTo', { name: line.name })}</Text>
              </Group>
            )}
            <LineCard
              line={line}
              isFirst={index === 0}
              canEdit={canEdit}
              staff={staff.data ?? []}
              pending={membership.isPending ? membership.variables : undefined}
              onMembership={(change) => membership.mutate(change)}
              onEdit={() => setLineDialog({ line })}
              onAddGroup={() => setGroupDialog({ group: null, lineId: line.id })}
              onEditGroup={(group) => setGroupDialog({ group, lineId: line.id })}
              onDelete={(target) => {
                remove.reset();
                setDeleting(target);
              }}
            />
          </Fragment>
        ))}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title={t('lines.title')}
        description={canEdit ? t('lines.description') : t('lines.descriptionReadOnly')}
        actions={lines.data && lines.data.items.length > 0 ? newLineButton : undefined}
      />
      {renderBody()}
      {lineDialog && (
        <LineFormModal
          line={lineDialog.line}
          lines={lines.data?.items ?? []}
          onClose={() => setLineDialog(null)}
        />
      )}
      {groupDialog && (
        <GroupFormModal
          group={groupDialog.group}
          lineId={groupDialog.lineId}
          lines={lines.data?.items ?? []}
          onClose={() => setGroupDialog(null)}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={
          deleting
            ? t(deleting.kind === 'line' ? 'lines.deleteLineTitle' : 'lines.deleteGroupTitle', {
                name: deleting.name,
              })
            : ''
        }
        confirmLabel={t('lines.delete')}
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
        {deleting?.kind === 'line' ? t('lines.deleteLineText') : t('lines.deleteGroupText')}
      </ConfirmModal>
    </>
  );
}

type LineCardProps = {
  line: SupportLine;
  isFirst: boolean;
  canEdit: boolean;
  staff: readonly StaffMembership[];
  pending: MembershipChange | undefined;
  onMembership: (change: MembershipChange) => void;
  onEdit: () => void;
  onAddGroup: () => void;
  onEditGroup: (group: SupportGroup) => void;
  onDelete: (target: Deleting) => void;
};

function LineCard({
  line,
  isFirst,
  canEdit,
  staff,
  pending,
  onMembership,
  onEdit,
  onAddGroup,
  onEditGroup,
  onDelete,
}: LineCardProps) {
  const { t } = useTranslation();
  const lineTarget = { kind: 'line' as const, id: line.id, name: line.name };
  return (
    <Paper withBorder p="lg" data-testid="line-card" data-line-code={line.code}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4}>
            <Group gap="sm" wrap="wrap">
              <Badge variant="light" size="lg" tt="none">
                {t('lines.level', { level: line.level })}
              </Badge>
              <Title order={2} size="h3">
                {line.name}
              </Title>
              <Text ff="monospace" c="dimmed" size="sm">
                {line.code}
              </Text>
            </Group>
            {isFirst && (
              <Text size="sm" c="dimmed">
                {t('lines.firstLineHint')}
              </Text>
            )}
          </Stack>
          {canEdit && (
            <Group gap={4}>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<EditIcon size={14} />}
                aria-label={t('lines.editNamed', { name: line.name })}
                onClick={onEdit}
              >
                {t('lines.edit')}
              </Button>
              <Button size="xs" variant="subtle" leftSection={<PlusIcon size={14} />} onClick={onAddGroup}>
                {t('lines.addGroup')}
              </Button>
              <Tooltip label={t('lines.deleteNamed', { name: line.name })}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('lines.deleteNamed', { name: line.name })}
                  onClick={() => onDelete({ kind: 'line', id: line.id, name: line.name })}
                >
                  <TrashIcon size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>

        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('lines.lineMembers')}
          </Text>
          <MemberList
            members={line.members}
            target={lineTarget}
            emptyText={t('lines.noLineMembers')}
            canEdit={canEdit}
            staff={staff}
            pending={pending}
            onMembership={onMembership}
          />
        </Stack>

        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('lines.groups')}
          </Text>
          {line.groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              {canEdit ? t('lines.noGroups') : t('lines.noGroupsReadOnly')}
            </Text>
          ) : (
            <Stack gap="xs" data-testid="groups">
              {line.groups.map((group) => (
                <Paper key={group.id} withBorder radius="sm" p="sm" data-group-code={group.code}>
                  <Stack gap="xs">
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Group gap="xs" wrap="wrap">
                        <Text size="sm" fw={600}>
                          {group.name}
                        </Text>
                        <Text size="xs" ff="monospace" c="dimmed">
                          {group.code}
                        </Text>
                      </Group>
                      {canEdit && (
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label={t('lines.editNamed', { name: group.name })}>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('lines.editNamed', { name: group.name })}
                              onClick={() => onEditGroup(group)}
                            >
                              <EditIcon size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('lines.deleteNamed', { name: group.name })}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('lines.deleteNamed', { name: group.name })}
                              onClick={() => onDelete({ kind: 'group', id: group.id, name: group.name })}
                            >
                              <TrashIcon size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      )}
                    </Group>
                    <MemberList
                      members={group.members}
                      target={{ kind: 'group', id: group.id, name: group.name }}
                      emptyText={t('lines.noGroupMembers')}
                      canEdit={canEdit}
                      staff={staff}
                      pending={pending}
                      onMembership={onMembership}
                    />
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

type MemberListProps = {
  members: readonly LineMember[];
  target: Membership & { name: string };
  emptyText: string;
  canEdit: boolean;
  staff: readonly StaffMembership[];
  pending: MembershipChange | undefined;
  onMembership: (change: MembershipChange) => void;
};

/** The people on a line or in a group; the admin adds staff from a searchable list and removes them. */
function MemberList({ members, target, emptyText, canEdit, staff, pending, onMembership }: MemberListProps) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const isBusy = pending?.target.id === target.id;
  const [search, setSearch] = useState('');
  const candidates = staff
    .filter((person) => !members.some((member) => member.id === person.id))
    .map((person) => ({
      value: person.id,
      label: person.role === 'agent' ? person.name : `${person.name} · ${roleLabel(person.role)}`,
    }));
  const describeMember = (member: LineMember) =>
    [member.role !== 'agent' ? roleLabel(member.role) : null, member.isActive ? null : t('lines.inactive')]
      .filter(Boolean)
      .join(', ');

  return (
    <Group gap="xs" wrap="wrap" align="center" data-testid="members" data-target={target.id}>
      {members.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {members.map((member) => {
        const note = describeMember(member);
        return (
          <Badge
            key={member.id}
            size="lg"
            variant="light"
            color={member.isActive ? 'gray' : 'red'}
            tt="none"
            fw={500}
            pr={canEdit ? 4 : undefined}
            style={{ overflow: 'visible' }}
            rightSection={
              canEdit ? (
                <CloseButton
                  size="xs"
                  radius="xl"
                  aria-label={t('lines.removeMember', { member: member.name, name: target.name })}
                  disabled={isBusy}
                  onClick={() =>
                    onMembership({ member: { id: member.id, name: member.name }, target, change: 'remove' })
                  }
                />
              ) : undefined
            }
          >
            {member.name}
            {note && ` (${note})`}
          </Badge>
        );
      })}
      {canEdit && (
        <Select
          size="xs"
          w={240}
          placeholder={t('lines.addMember')}
          aria-label={t('lines.addMemberTo', { name: target.name })}
          data={candidates}
          value={null}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          clearable={false}
          disabled={isBusy}
          nothingFoundMessage={t('lines.noStaffLeft')}
          onChange={(id) => {
            const person = staff.find((candidate) => candidate.id === id);
            setSearch('');
            if (person) {
              onMembership({ member: { id: person.id, name: person.name }, target, change: 'add' });
            }
          }}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </Group>
  );
}
