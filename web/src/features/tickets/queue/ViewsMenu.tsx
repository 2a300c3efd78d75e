import { Alert, Badge, Button, Group, Menu, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { ChevronDownIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { supportLinesQueryOptions } from '../../lines/api.ts';
import {
  createView,
  deleteView,
  updateView,
  viewsQueryKey,
  type QueueView,
  type ViewDefinition,
} from './queueApi.ts';

type ViewsMenuProps = {
  views: QueueView[];
  active: QueueView | null;
  /** The queue differs from what the active view defines. */
  modified: boolean;
  current: ViewDefinition;
  onPick: (view: QueueView | null) => void;
};

type Editing = { mode: 'create' } | { mode: 'edit'; view: QueueView };

/** Saved views at the top of the queue: pick one, save the queue as one, rename, share with a line, delete. */
export function ViewsMenu({ views, active, modified, current, onPick }: ViewsMenuProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<QueueView | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: viewsQueryKey });

  const saveChanges = useMutation({
    mutationFn: (view: QueueView) => updateView({ id: view.id, definition: current }),
    onSuccess: () => refresh(),
  });
  const remove = useMutation({
    mutationFn: (view: QueueView) => deleteView(view.id),
    onSuccess: async (_, view) => {
      setDeleting(null);
      if (active?.id === view.id) {
        onPick(null);
      }
      await refresh();
    },
  });

  const own = views.filter((view) => view.ownerId === user.id && view.lineId === null);
  const shared = views.filter((view) => !own.includes(view));
  const item = (view: QueueView) => (
    <Menu.Item
      key={view.id}
      onClick={() => onPick(view)}
      fw={view.id === active?.id ? 700 : undefined}
      rightSection={
        view.lineName ? (
          <Badge size="xs" variant="light">
            {view.lineName}
          </Badge>
        ) : undefined
      }
      data-view-name={view.name}
    >
      {view.name}
    </Menu.Item>
  );

  return (
    <Group gap="xs" wrap="wrap">
      <Menu position="bottom-start" shadow="md" width={300} withinPortal>
        <Menu.Target>
          <Button variant="light" rightSection={<ChevronDownIcon size={14} />} data-testid="views-menu">
            {active ? active.name : t('queue.views.all')}
            {modified && active ? ' *' : ''}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onPick(null)} fw={active ? undefined : 700}>
            {t('queue.views.all')}
          </Menu.Item>
          {own.length > 0 && <Menu.Label>{t('queue.views.personal')}</Menu.Label>}
          {own.map(item)}
          {shared.length > 0 && <Menu.Label>{t('queue.views.shared')}</Menu.Label>}
          {shared.map(item)}
          {views.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('queue.views.none')}
            </Text>
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => setEditing({ mode: 'create' })} data-testid="view-save-as">
            {t('queue.views.saveAs')}
          </Menu.Item>
          {active?.canEdit && (
            <>
              <Menu.Item disabled={!modified} onClick={() => saveChanges.mutate(active)}>
                {t('queue.views.saveChanges')}
              </Menu.Item>
              <Menu.Item onClick={() => setEditing({ mode: 'edit', view: active })}>
                {t('queue.views.renameShare')}
              </Menu.Item>
              <Menu.Item color="red" onClick={() => setDeleting(active)}>
                {t('queue.views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {modified && active?.canEdit && (
        <Button
          size="xs"
          variant="subtle"
          loading={saveChanges.isPending}
          onClick={() => saveChanges.mutate(active)}
        >
          {t('queue.views.saveChanges')}
        </Button>
      )}
      {saveChanges.isError && (
        <Text size="xs" c="red">
          {errorMessage(saveChanges.error)}
        </Text>
      )}
      {editing && (
        <ViewModal
          editing={editing}
          definition={current}
          onClose={() => setEditing(null)}
          onSaved={async (view) => {
            setEditing(null);
            await refresh();
            onPick(view);
          }}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('queue.views.deleteTitle')}
        confirmLabel={t('queue.views.delete')}
        isPending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        {t('queue.views.deleteText', { name: deleting?.name ?? '' })}
      </ConfirmModal>
    </Group>
  );
}

function ViewModal({
  editing,
  definition,
  onClose,
  onSaved,
}: {
  editing: Editing;
  definition: ViewDefinition;
  onClose: () => void;
  onSaved: (view: QueueView) => Promise<void>;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const lines = useQuery(supportLinesQueryOptions).data?.items ?? [];
  const initial = editing.mode === 'edit' ? editing.view : null;
  const [name, setName] = useState(initial?.name ?? '');
  const [lineId, setLineId] = useState<string | null>(initial?.lineId ?? null);
  // An agent shares with his own lines; a dispatcher or admin with any (the server checks the same).
  const manager = user.role === 'admin' || user.role === 'dispatcher';
  const shareable = manager ? lines : lines.filter((line) => user.lines.some((own) => own.id === line.id));
  const save = useMutation({
    mutationFn: () =>
      initial ? updateView({ id: initial.id, name, lineId }) : createView({ name, lineId, definition }),
    onSuccess: (view) => onSaved(view),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={initial ? t('queue.views.renameShare') : t('queue.views.saveAs')}
      centered
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('queue.views.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            required
            data-autofocus
            data-testid="view-name"
          />
          <Select
            label={t('queue.views.shareWith')}
            description={t('queue.views.shareHint')}
            placeholder={t('queue.views.onlyMe')}
            data={shareable.map((line) => ({ value: line.id, label: line.name }))}
            value={lineId}
            onChange={setLineId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="view-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
