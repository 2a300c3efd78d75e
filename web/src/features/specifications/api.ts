import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ServiceKind, TariffMode } from '#common/billing.ts';
import type { Role } from '#common/roles.ts';
import type { Status } from '#common/tickets.ts';
import { api } from '../../lib/api.ts';
import { contractsQueryKey } from '../contracts/api.ts';
import { ticketQueryKey, ticketsQueryKey } from '../tickets/api.ts';

export { TARIFF_MODES, type TariffMode } from '#common/billing.ts';

/** GET /services: one node of the catalog (products and modules group the services a request is for). */
export type Service = {
  id: string;
  parentId: string | null;
  kind: ServiceKind;
  code: string | null;
  name: string;
  description: string;
  tariffMode: TariffMode;
  isActive: boolean;
  createdAt: string;
};

/** How the hours of a line (or of many) split by tariff, and the money for the paid part. */
export type Totals = {
  hours: number;
  balanceHours: number;
  paidHours: number;
  freeHours: number;
  amount: number;
};

export type SpecificationLine = Totals & {
  id: string;
  position: number;
  serviceId: string | null;
  serviceName: string | null;
  description: string;
  tariffMode: TariffMode;
  performerId: string | null;
  performerName: string | null;
  /** Posted lines are facts; drafts show what posting now would do. */
  posted: boolean;
  postedAt: string | null;
  contractNumber: string | null;
  rate: number | null;
};

/** Recorded work no line accounts for yet, per performer (staff only). */
export type ProposedLine = {
  serviceId: string | null;
  description: string;
  hours: number;
  tariffMode: TariffMode;
  performerId: string;
  performerName: string;
};

export type SpecificationContract = {
  id: string;
  number: string;
  kind: string;
  balanceHours: number;
  hourlyRate: number | null;
  allowsOverdraft: boolean;
};

/** GET /tickets/{id}/specification. */
export type Specification = {
  ticketId: string;
  status: Status;
  lines: SpecificationLine[];
  proposal: ProposedLine[];
  workedHours: number;
  contract: SpecificationContract | null;
  draftTotals: Totals & { balanceAfter: number | null };
  postedTotals: Totals;
  canEdit: boolean;
  canPost: boolean;
};

/** One draft line as PUT sends it. */
export type DraftLineInput = {
  serviceId?: string | null;
  description?: string;
  hours: number;
  tariffMode: TariffMode;
  performerId?: string | null;
};

/** Statuses in which the server posts a specification (else 409 `not_postable`). */
export const POSTABLE_STATUSES: readonly Status[] = ['done', 'completed'];
/** Requests closed without work keep no specification (PUT answers 409 `not_specifiable`). */
export const UNSPECIFIABLE_STATUSES: readonly Status[] = ['rejected', 'irrelevant'];

/** Money is for staff and the client's approver; a client_user sees the work, not its price. */
export const canSeeMoney = (role: Role): boolean =>
  role === 'admin' || role === 'dispatcher' || role === 'agent' || role === 'client_approver';

const specificationPath = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}/specification`;

/** Under the request's key: whatever refreshes the request (a worklog, a transition) refreshes this too. */
export const specificationQueryKey = (ticketId: string) =>
  [...ticketQueryKey(ticketId), 'specification'] as const;

export const specificationQueryOptions = (ticketId: string) =>
  queryOptions({
    queryKey: specificationQueryKey(ticketId),
    queryFn: ({ signal }) => api.get<Specification>(specificationPath(ticketId), { signal }),
  });

export const servicesQueryOptions = queryOptions({
  queryKey: ['services'],
  queryFn: ({ signal }) => api.get<{ items: Service[] }>('/services', { signal }),
  staleTime: 10 * 60_000,
});

export const saveSpecification = ({
  ticketId,
  lines,
}: {
  ticketId: string;
  lines: DraftLineInput[];
}): Promise<Specification> => api.put<Specification>(specificationPath(ticketId), { lines });

export const postSpecification = (ticketId: string): Promise<Specification> =>
  api.post<Specification>(`${specificationPath(ticketId)}/post`);

export const statementsQueryKey = ['statements'] as const;

/**
 * After a posting the money moved: the specification, the request (its history), the lists, the
 * balances and the statements are all read again.
 */
export const refreshAfterPosting = (queryClient: QueryClient, specification: Specification): void => {
  queryClient.setQueryData(specificationQueryKey(specification.ticketId), specification);
  void queryClient.invalidateQueries({ queryKey: ticketQueryKey(specification.ticketId) });
  void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
  void queryClient.invalidateQueries({ queryKey: contractsQueryKey });
  void queryClient.invalidateQueries({ queryKey: statementsQueryKey });
};
