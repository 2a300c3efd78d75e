import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useIdempotencyKey } from '../../lib/idempotency.ts';
import { createTicket, ticketQueryKey, ticketsQueryKey, type TicketCreate } from './api.ts';

/**
 * Filing a request, the same from every form (the desk's, the portal's, a call): once per attempt even
 * if the network repeats it, the queues refreshed, a notice with its number, and its page opened.
 */
export function useCreateTicket(options: {
  area: 'desk' | 'portal';
  onCreated?: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: TicketCreate) => createTicket(body, keyFor(body)),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketQueryKey(ticket.id), ticket);
      void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
      notifications.show({ color: 'green', message: t('tickets.create.created', { number: ticket.number }) });
      options.onCreated?.();
      void navigate(`/${options.area}/tickets/${encodeURIComponent(ticket.id)}`);
    },
    onError: options.onError,
  });
}
