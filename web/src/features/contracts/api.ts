import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import { api, ApiError, type Page } from '../../lib/api.ts';

export const CONTRACT_KINDS = ['its', 'hourly', 'subscription', 'internal'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/** GET /contracts/{id}: a contract's terms with its hour balance. */
export type Contract = {
  id: string;
  clientId: string;
  clientName: string;
  number: string;
  kind: ContractKind;
  /** A calendar day, YYYY-MM-DD. */
  startsOn: string;
  endsOn: string | null;
  hourlyRate: number | null;
  monthlyFee: number | null;
  bonusHoursPerMonth: number | null;
  /** Estimates up to this many hours are approved without the client. */
  approvalLimitHours: number | null;
  allowsOverdraft: boolean;
  /** The SLA policy of the client's requests under this contract; null: the default policy. */
  slaPolicyId: string | null;
  isActive: boolean;
  notes: string;
  /** The sum of the ledger. */
  balanceHours: number;
  createdAt: string;
};

export type ContractCreate = {
  number: string;
  kind: ContractKind;
  startsOn: string;
  endsOn?: string | null;
  hourlyRate?: number | null;
  monthlyFee?: number | null;
  bonusHoursPerMonth?: number | null;
  approvalLimitHours?: number | null;
  allowsOverdraft?: boolean;
  slaPolicyId?: string | null;
  notes?: string;
};

export type ContractPatch = Omit<Partial<ContractCreate>, 'kind' | 'startsOn'> & { isActive?: boolean };

/** GET /contracts/{id}/balance: the balance and its parts, summed from the ledger. */
export type Balance = {
  contractId: string;
  hours: number;
  granted: number;
  /** Positive: the hours taken away by work. */
  consumed: number;
  adjusted: number;
  reversed: number;
  entries: number;
  allowsOverdraft: boolean;
};

export type LedgerKind = 'grant' | 'consume' | 'adjust' | 'reverse';

export type LedgerEntry = {
  id: number;
  kind: LedgerKind;
  /** Signed: grants add, consumption subtracts. */
  hours: number;
  externalId: string | null;
  reversesId: number | null;
  ticketId: string | null;
  note: string;
  /** null: posted by the system or an exchange without a user (the demo's history, 1C jobs). */
  actorName: string | null;
  createdAt: string;
};

export type LedgerPost = { kind: 'grant' | 'adjust'; hours: number; externalId: string; note?: string };

export const contractsQueryKey = ['contracts'] as const;
const contractPath = (id: string) => `/contracts/${encodeURIComponent(id)}`;

export const clientContractsQueryOptions = (clientId: string) =>
  queryOptions({
    queryKey: [...contractsQueryKey, 'client', clientId],
    queryFn: ({ signal }) =>
      api.get<{ items: Contract[] }>(`/clients/${encodeURIComponent(clientId)}/contracts`, { signal }),
  });

export const contractBalanceQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...contractsQueryKey, 'one', id, 'balance'],
    queryFn: ({ signal }) => api.get<Balance>(`${contractPath(id)}/balance`, { signal }),
  });

export const ledgerQueryOptions = (id: string, limit = 20) =>
  infiniteQueryOptions({
    queryKey: [...contractsQueryKey, 'one', id, 'ledger', limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<LedgerEntry>>(`${contractPath(id)}/ledger`, {
        signal,
        query: { limit, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const createContract = ({
  clientId,
  body,
  idempotencyKey,
}: {
  clientId: string;
  body: ContractCreate;
  idempotencyKey: string;
}): Promise<Contract> =>
  api.post<Contract>(`/clients/${encodeURIComponent(clientId)}/contracts`, body, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });

export const updateContract = ({ id, ...body }: ContractPatch & { id: string }): Promise<Contract> =>
  api.patch<Contract>(contractPath(id), body);

/** Posts a grant or an adjustment; the same externalId twice posts once (201, then 200). */
export const postLedgerEntry = ({
  contractId,
  ...body
}: LedgerPost & { contractId: string }): Promise<LedgerEntry> =>
  api.post<LedgerEntry>(`${contractPath(contractId)}/ledger`, body);

/** Everything about contracts is refetched after a change: balances, lists and histories move together. */
export const refreshContracts = (queryClient: QueryClient): Promise<void> =>
  queryClient.invalidateQueries({ queryKey: contractsQueryKey });

/** Admin and dispatcher open contracts and post hours; agents only look. The server decides anyway. */
export const canManageContracts = (role: Role): boolean => role === 'admin' || role === 'dispatcher';

/** Staff and the client's approver see contracts and hours (DESIGN.md, capability 4). */
export const canSeeContracts = (role: Role): boolean =>
  role === 'admin' || role === 'dispatcher' || role === 'agent' || role === 'client_approver';

/**
 * The hour balance: whoever sees contracts, and every contact of a client who lets all of them see it
 * (`usersSeeBalance`). The server filters the same way; the UI only avoids offering what it would refuse.
 */
export const canSeeBalance = (user: { role: Role; client: { usersSeeBalance?: boolean } | null }): boolean =>
  canSeeContracts(user.role) || (user.role === 'client_user' && user.client?.usersSeeBalance === true);

/** The 409 of a posting that would take the balance below zero: what there is and what is missing. */
export const insufficientBalance = (error: unknown): { balance: number; missing: number } | null => {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== 'insufficient_balance') {
    return null;
  }
  const { balance, missing } = error.problem;
  return typeof balance === 'number' && typeof missing === 'number' ? { balance, missing } : null;
};

/** The contract a client mostly lives by: the first active one, preferring those with hours to watch. */
export const mainContract = (contracts: readonly Contract[]): Contract | null => {
  const active = contracts.filter((contract) => contract.isActive);
  const pool = active.length > 0 ? active : contracts;
  return pool.find((contract) => contract.kind === 'its' || contract.kind === 'hourly') ?? pool[0] ?? null;
};
