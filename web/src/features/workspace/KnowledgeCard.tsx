import {
  Alert,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type CSSProperties, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { knowledgeMarkupToHtml } from '#common/knowledge-markup.ts';
import { LIMITS } from '#common/limits.ts';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { ErrorState } from '../../components/States.tsx';
import { AlertIcon, EditIcon, LockIcon } from '../../components/icons.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { RichText } from '../tickets/components/RichText.tsx';
import {
  knowledgeConflict,
  knowledgeQueryOptions,
  rememberKnowledge,
  saveKnowledge,
  type KnowledgeCard as Card,
} from './api.ts';
import { knowledgeHtmlToMarkup } from './knowledgeMarkup.ts';

type Draft = { text: string; version: number };

// A card is notes beside the work, not a document: its headings stay near the body text's size.
const COMPACT_HEADINGS = {
  overflowWrap: 'anywhere',
  '--mantine-h1-font-size': 'var(--mantine-font-size-xl)',
  '--mantine-h2-font-size': 'var(--mantine-font-size-lg)',
  '--mantine-h3-font-size': 'var(--mantine-font-size-md)',
  '--mantine-h4-font-size': 'var(--mantine-font-size-sm)',
} as CSSProperties;

type KnowledgeCardProps = {
  card: Card;
  /** The heading's level and size: a section of the client card, or of the client page. */
  headingOrder?: 2 | 3;
};

/**
 * The client's knowledge card (seed 001): what the team knows about his processes, accounting and
 * customizations. Read as formatted text, edited in place as plain text; a colleague's save in the
 * meantime is shown beside the edit instead of being overwritten.
 */
export function KnowledgeCard({ card, headingOrder = 3 }: KnowledgeCardProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDate = useFormatDate();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [theirs, setTheirs] = useState<Card | null>(null);
  const [isAskingToClear, setAskingToClear] = useState(false);

  const save = useMutation({
    mutationFn: (input: Draft) =>
      saveKnowledge({
        clientId: card.clientId,
        body: knowledgeMarkupToHtml(input.text),
        version: input.version,
      }),
    onSuccess: (saved) => {
      rememberKnowledge(queryClient, saved);
      setDraft(null);
      setTheirs(null);
      notifications.show({ color: 'green', message: t('knowledge.saved') });
    },
    onError: (error) => {
      const current = knowledgeConflict(error);
      if (current) {
        // Keep the user's text; the next save deliberately replaces the colleague's version.
        setTheirs(current);
        setDraft((previous) => (previous ? { ...previous, version: current.version } : previous));
        rememberKnowledge(queryClient, current);
      }
    },
  });

  const startEditing = () => {
    save.reset();
    setTheirs(null);
    setAskingToClear(false);
    setDraft({ text: knowledgeHtmlToMarkup(card.body), version: card.version });
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft) {
      return;
    }
    // Clearing a written card is allowed but must be meant: the first empty save asks again.
    if (!draft.text.trim() && card.body && !isAskingToClear) {
      setAskingToClear(true);
      return;
    }
    save.mutate(draft);
  };

  const stamp =
    card.updatedAt && card.updatedBy
      ? t('knowledge.updated', { name: card.updatedBy.name, date: formatDate(card.updatedAt) })
      : null;
  const tooLong = draft !== null && knowledgeMarkupToHtml(draft.text).length > LIMITS.knowledgeCardMax;

  return (
    <Stack gap="xs" data-testid="knowledge-card">
      <Group justify="space-between" align="center" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Title
            order={headingOrder}
            size={headingOrder === 2 ? 'h4' : 'h6'}
            style={{ whiteSpace: 'nowrap' }}
          >
            {t('knowledge.title')}
          </Title>
          <Tooltip label={t('knowledge.internal')}>
            <Box
              component="span"
              c="dimmed"
              display="inline-flex"
              tabIndex={0}
              aria-label={t('knowledge.internal')}
            >
              <LockIcon size={14} />
            </Box>
          </Tooltip>
        </Group>
        {!draft && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<EditIcon size={14} />}
            onClick={startEditing}
            data-testid="knowledge-edit"
          >
            {card.body ? t('knowledge.edit') : t('knowledge.write')}
          </Button>
        )}
      </Group>

      {draft ? (
        <Box component="form" onSubmit={handleSubmit} noValidate>
          <Stack gap="xs">
            {theirs && (
              <Alert color="orange" variant="light" icon={<AlertIcon />} title={t('knowledge.conflictTitle')}>
                <Stack gap="xs">
                  <Text size="sm">
                    {t('knowledge.conflict', {
                      name: theirs.updatedBy?.name ?? t('knowledge.someone'),
                      date: formatDate(theirs.updatedAt) ?? '',
                    })}
                  </Text>
                  <Paper withBorder p="xs" data-testid="knowledge-theirs">
                    {theirs.body ? (
                      <RichText html={theirs.body} style={COMPACT_HEADINGS} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('knowledge.emptyShort')}
                      </Text>
                    )}
                  </Paper>
                </Stack>
              </Alert>
            )}
            <Textarea
              aria-label={t('knowledge.title')}
              autosize
              minRows={6}
              maxRows={24}
              autoFocus
              value={draft.text}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setDraft((previous) => (previous ? { ...previous, text } : previous));
                setAskingToClear(false);
              }}
              placeholder={t('knowledge.placeholder')}
              description={t('knowledge.syntax')}
              error={
                tooLong ? t('knowledge.tooLong') : isAskingToClear ? t('knowledge.confirmEmpty') : undefined
              }
              data-testid="knowledge-text"
            />
            <FormErrorAlert error={theirs ? null : save.error} fields={['body']} />
            <Group justify="flex-end" gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  setDraft(null);
                  setTheirs(null);
                  setAskingToClear(false);
                }}
              >
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={tooLong} data-testid="knowledge-save">
                {theirs ? t('knowledge.saveOver') : t('common.save')}
              </Button>
            </Group>
          </Stack>
        </Box>
      ) : card.body ? (
        <>
          <RichText html={card.body} data-testid="knowledge-body" style={COMPACT_HEADINGS} />
          {stamp && (
            <Text size="xs" c="dimmed">
              {stamp}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed" data-testid="knowledge-empty">
          {t('knowledge.empty')}
        </Text>
      )}
    </Stack>
  );
}

/** The knowledge card as a section of the client's page. */
export function ClientKnowledgeSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const card = useQuery(knowledgeQueryOptions(clientId));
  return (
    <Paper withBorder p="lg" component="section">
      {card.isPending ? (
        <Stack gap="xs" aria-label={t('common.loading')}>
          <Skeleton height={18} width={180} />
          <Skeleton height={12} />
          <Skeleton height={12} width="80%" />
        </Stack>
      ) : card.isError ? (
        <ErrorState error={card.error} onRetry={() => void card.refetch()} />
      ) : (
        <KnowledgeCard card={card.data} headingOrder={2} />
      )}
    </Paper>
  );
}
