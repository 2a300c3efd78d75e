import { Badge, Button, Group, Select, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TARIFF_MODES } from '#common/billing.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { ListTreeIcon, PlusIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import {
  buildTree,
  flattenTree,
  servicesQueryKey,
  servicesQueryOptions,
  updateService,
  type Service,
  type ServicePatch,
} from './api.ts';
import { ServiceFormModal } from './ServiceFormModal.tsx';
import { TARIFF_COLORS, useTariffLabel } from './useTariffLabel.ts';

type Dialog = { service: Service | null; parentId: string | null };

/** Admin: the catalog of products and their services, each service with how its hours are billed. */
export function CatalogPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const tariffLabel = useTariffLabel();
  const [showRetired, setShowRetired] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const services = useQuery(servicesQueryOptions(showRetired));
  const rows = useMemo(() => flattenTree(buildTree(services.data?.items ?? [])), [services.data]);

  const patch = useMutation({
    mutationFn: (request: ServicePatch & { id: string }) => updateService(request),
    onSuccess: (saved, request) => {
      void queryClient.invalidateQueries({ queryKey: servicesQueryKey });
      const message =
        request.isActive === false
          ? t('catalog.retired', { name: saved.name })
          : request.isActive === true
            ? t('catalog.restored', { name: saved.name })
            : t('catalog.tariffChanged', { name: saved.name, tariff: tariffLabel(saved.tariffMode) });
      notifications.show({ color: 'green', message });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) }),
  });

  const addButton = (
    <Button leftSection={<PlusIcon />} onClick={() => setDialog({ service: null, parentId: null })}>
      {t('catalog.new')}
    </Button>
  );

  const renderBody = () => {
    if (services.isPending) {
      return <PageLoader />;
    }
    if (services.isError) {
      return <ErrorState error={services.error} onRetry={() => void services.refetch()} />;
    }
    if (rows.length === 0) {
      return (
        <EmptyHint
          icon={<ListTreeIcon size={28} />}
          title={t('catalog.emptyTitle')}
          description={t('catalog.emptyText')}
          action={addButton}
        />
      );
    }
    return (
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="xs" highlightOnHover data-testid="catalog-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalog.fields.name')}</Table.Th>
              <Table.Th>{t('catalog.fields.code')}</Table.Th>
              <Table.Th>{t('catalog.fields.tariff')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ service, depth }) => {
              const isGroup = service.kind !== 'service';
              const isPending = patch.isPending && patch.variables.id === service.id;
              return (
                <Table.Tr
                  key={service.id}
                  data-service-code={service.code ?? undefined}
                  c={service.isActive ? undefined : 'dimmed'}
                  bg={service.kind === 'product' ? 'var(--mantine-color-default-hover)' : undefined}
                >
                  <Table.Td style={{ paddingLeft: `calc(var(--mantine-spacing-sm) + ${depth * 24}px)` }}>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={isGroup ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
                        {service.name}
                      </Text>
                      {service.kind !== 'service' && (
                        <Badge size="xs" variant="outline" color="gray" tt="none">
                          {t(`catalog.kinds.${service.kind}`)}
                        </Badge>
                      )}
                      {!service.isActive && (
                        <Badge size="xs" variant="light" color="gray" tt="none">
                          {t('catalog.retiredBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {service.code ?? '—'}
                  </Table.Td>
                  <Table.Td w={200}>
                    {isGroup ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : (
                      <Select
                        size="xs"
                        aria-label={t('catalog.tariffOf', { name: service.name })}
                        data={TARIFF_MODES.map((value) => ({ value, label: tariffLabel(value) }))}
                        value={service.tariffMode}
                        onChange={(value) => {
                          if (value && value !== service.tariffMode) {
                            patch.mutate({ id: service.id, tariffMode: value });
                          }
                        }}
                        allowDeselect={false}
                        disabled={isPending || !service.isActive}
                        leftSection={
                          <Badge circle size="8" color={TARIFF_COLORS[service.tariffMode]} p={0} />
                        }
                        comboboxProps={{ withinPortal: true }}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {isGroup && service.isActive && (
                        <Button
                          size="xs"
                          variant="subtle"
                          leftSection={<PlusIcon size={14} />}
                          onClick={() => setDialog({ service: null, parentId: service.id })}
                        >
                          {t('catalog.addService')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={t('catalog.editNamed', { name: service.name })}
                        onClick={() => setDialog({ service, parentId: service.parentId })}
                      >
                        {t('catalog.rename')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color={service.isActive ? 'red' : 'green'}
                        loading={isPending && patch.variables.isActive !== undefined}
                        aria-label={t(service.isActive ? 'catalog.retireNamed' : 'catalog.restoreNamed', {
                          name: service.name,
                        })}
                        onClick={() => patch.mutate({ id: service.id, isActive: !service.isActive })}
                      >
                        {service.isActive ? t('catalog.retire') : t('catalog.restore')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <PageHeader title={t('catalog.title')} description={t('catalog.description')} actions={addButton} />
      <Switch
        label={t('catalog.showRetired')}
        checked={showRetired}
        onChange={(event) => setShowRetired(event.currentTarget.checked)}
        mb="md"
      />
      {renderBody()}
      {dialog && (
        <ServiceFormModal
          service={dialog.service}
          parentId={dialog.parentId}
          catalog={services.data?.items ?? []}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
