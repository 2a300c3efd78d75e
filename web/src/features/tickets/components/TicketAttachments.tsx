import { Anchor, Badge, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DownloadIcon, LockIcon, PaperclipIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import {
  ATTACHMENT_MAX_BYTES,
  attachmentUrl,
  ticketQueryKey,
  uploadAttachment,
  type Attachment,
} from '../api.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

type TicketAttachmentsProps = {
  ticketId: string;
  attachments: Attachment[];
  canUpload: boolean;
  /** Comments that are internal notes: their files are marked, as the notes are. */
  internalCommentIds?: ReadonlySet<string>;
};

/** The request's files, newest last, each a download link; and an upload button. */
export function TicketAttachments({
  ticketId,
  attachments,
  canUpload,
  internalCommentIds,
}: TicketAttachmentsProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const formatDate = useFormatDate();
  const { fileSize } = useTicketFormat();

  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const failed: string[] = [];
      for (const file of files) {
        if (file.size > ATTACHMENT_MAX_BYTES) {
          failed.push(t('tickets.reply.tooBig', { names: file.name }));
          continue;
        }
        try {
          await uploadAttachment({ ticketId, file });
        } catch (error) {
          failed.push(`${file.name}: ${describe(error)}`);
        }
      }
      return { failed, uploaded: files.length - failed.length };
    },
    onSuccess: ({ failed, uploaded }) => {
      void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticketId) });
      if (uploaded > 0) {
        notifications.show({ color: 'green', message: t('tickets.attachments.uploaded', { n: uploaded }) });
      }
      for (const message of failed) {
        notifications.show({ color: 'red', title: t('tickets.reply.uploadFailed'), message });
      }
    },
  });

  return (
    <Stack gap="xs" data-testid="attachments">
      {attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tickets.attachments.empty')}
        </Text>
      ) : (
        attachments.map((file) => (
          <Group key={file.id} gap="xs" wrap="nowrap" align="flex-start">
            <PaperclipIcon size={16} style={{ flexShrink: 0, marginTop: 2 }} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor
                href={attachmentUrl(file.id)}
                download={file.fileName}
                size="sm"
                style={{ overflowWrap: 'anywhere' }}
              >
                {file.fileName}
              </Anchor>
              <Text size="xs" c="dimmed">
                {[fileSize(file.size), file.uploaderName, formatDate(file.createdAt)]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {file.commentId && internalCommentIds?.has(file.commentId) && (
                <Badge
                  color="yellow"
                  variant="light"
                  size="xs"
                  tt="none"
                  leftSection={<LockIcon size={10} />}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('tickets.reply.internalBadge')}
                </Badge>
              )}
            </Stack>
          </Group>
        ))
      )}
      {canUpload && (
        <FileButton onChange={(files) => upload.mutate(files)} multiple>
          {(props) => (
            <Button
              {...props}
              variant="default"
              size="xs"
              leftSection={<DownloadIcon size={14} style={{ transform: 'rotate(180deg)' }} />}
              loading={upload.isPending}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('tickets.attachments.upload')}
            </Button>
          )}
        </FileButton>
      )}
      {canUpload && (
        <Text size="xs" c="dimmed">
          {t('tickets.attachments.limit')}
        </Text>
      )}
    </Stack>
  );
}
