import {
  Box,
  Button,
  CloseButton,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { LockIcon, PaperclipIcon, SendIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { useIdempotencyKey } from '../../../lib/idempotency.ts';
import { fieldErrorsFrom } from '../../../lib/forms.ts';
import {
  addComment,
  ATTACHMENT_MAX_BYTES,
  ticketQueryKey,
  ticketsQueryKey,
  uploadAttachment,
  type Ticket,
} from '../api.ts';
import { plainTextToHtml } from '../richText.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

type Mode = 'public' | 'internal';

type ReplyEditorProps = {
  ticket: Ticket;
  /** Staff may write internal notes; clients only reply. */
  canWriteInternal: boolean;
  /** False while the server has no attachments: the editor then offers no files. */
  canAttach: boolean;
};

/** A reply to the client or an internal note, with files sent along. */
export function ReplyEditor({ ticket, canWriteInternal, canAttach }: ReplyEditorProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const { fileSize } = useTicketFormat();
  const keyFor = useIdempotencyKey();
  const [mode, setMode] = useState<Mode>('public');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const internal = canWriteInternal && mode === 'internal';

  const send = useMutation({
    mutationFn: async (input: { body: string; internal: boolean; files: File[] }) => {
      const comment = await addComment({
        ticketId: ticket.id,
        body: input.body,
        internal: input.internal,
        idempotencyKey: keyFor({ ticketId: ticket.id, body: input.body, internal: input.internal }),
      });
      // The message is saved; a file that fails is reported by name, and the rest still go.
      const failed: string[] = [];
      for (const file of input.files) {
        try {
          await uploadAttachment({ ticketId: ticket.id, file, commentId: comment.id });
        } catch (uploadError) {
          failed.push(`${file.name}: ${describe(uploadError)}`);
        }
      }
      return { comment, failed };
    },
    onSuccess: ({ failed }) => {
      void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticket.id) });
      void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
      setText('');
      setFiles([]);
      notifications.show({
        color: 'green',
        message: internal ? t('tickets.reply.noteSaved') : t('tickets.reply.sent'),
      });
      for (const message of failed) {
        notifications.show({ color: 'red', title: t('tickets.reply.uploadFailed'), message });
      }
    },
  });

  const addFiles = (picked: File[]) => {
    const tooBig = picked.filter((file) => file.size > ATTACHMENT_MAX_BYTES);
    setError(
      tooBig.length ? t('tickets.reply.tooBig', { names: tooBig.map((file) => file.name).join(', ') }) : null,
    );
    setFiles((previous) => [...previous, ...picked.filter((file) => file.size <= ATTACHMENT_MAX_BYTES)]);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) {
      setError(t('tickets.reply.required'));
      return;
    }
    setError(null);
    send.mutate({ body: plainTextToHtml(text), internal, files });
  };

  const serverFieldError = fieldErrorsFrom(send.error, ['body']).body;

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={handleSubmit}
      noValidate
      data-testid="reply-editor"
      style={
        internal
          ? {
              background: 'var(--mantine-color-yellow-light)',
              borderColor: 'var(--mantine-color-yellow-light-color)',
            }
          : undefined
      }
    >
      <Stack gap="sm">
        {canWriteInternal && (
          <SegmentedControl
            value={mode}
            onChange={(value) => setMode(value === 'internal' ? 'internal' : 'public')}
            data={[
              { value: 'public', label: t('tickets.reply.public') },
              { value: 'internal', label: t('tickets.reply.internal') },
            ]}
            color={internal ? 'yellow' : 'blue'}
            aria-label={t('tickets.reply.modeLabel')}
            data-testid="reply-mode"
            style={{ alignSelf: 'flex-start' }}
          />
        )}
        <Textarea
          aria-label={internal ? t('tickets.reply.internal') : t('tickets.reply.label')}
          placeholder={
            internal
              ? t('tickets.reply.placeholderInternal')
              : canWriteInternal
                ? t('tickets.reply.placeholderPublic')
                : t('tickets.reply.placeholderClient')
          }
          autosize
          minRows={3}
          maxRows={14}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setError(null);
          }}
          error={error ?? serverFieldError}
          data-testid="reply-text"
        />
        {internal && (
          <Group gap={6}>
            <LockIcon size={14} />
            <Text size="xs">{t('tickets.reply.internalHint')}</Text>
          </Group>
        )}
        {files.length > 0 && (
          <Stack gap={4}>
            {files.map((file, index) => (
              <Group key={`${file.name}-${index}`} gap="xs" wrap="nowrap">
                <PaperclipIcon size={14} />
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {file.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {fileSize(file.size)}
                </Text>
                <CloseButton
                  size="sm"
                  aria-label={t('tickets.reply.removeFile', { name: file.name })}
                  onClick={() => setFiles((previous) => previous.filter((_, i) => i !== index))}
                />
              </Group>
            ))}
          </Stack>
        )}
        <FormErrorAlert error={send.error} fields={['body']} />
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Box>
            {canAttach && (
              <FileButton onChange={addFiles} multiple>
                {(props) => (
                  <Button {...props} variant="subtle" leftSection={<PaperclipIcon size={16} />}>
                    {t('tickets.reply.attach')}
                  </Button>
                )}
              </FileButton>
            )}
          </Box>
          <Button
            type="submit"
            loading={send.isPending}
            color={internal ? 'yellow' : 'blue'}
            leftSection={<SendIcon size={16} />}
            data-testid="reply-send"
          >
            {internal ? t('tickets.reply.sendNote') : t('tickets.reply.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
