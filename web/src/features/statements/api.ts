import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { statementsQueryKey } from '../specifications/api.ts';

export type { Statement, StatementContract, StatementLine, StatementRequest } from '#common/statement.ts';
import type { Statement } from '#common/statement.ts';

export const STATEMENT_DOCUMENTS = ['statement.pdf', 'statement.xlsx', 'act.pdf'] as const;
export type StatementDocument = (typeof STATEMENT_DOCUMENTS)[number];

const statementPath = (clientId: string, month: string) =>
  `/clients/${encodeURIComponent(clientId)}/statements/${encodeURIComponent(month)}`;

export const statementQueryOptions = (clientId: string, month: string) =>
  queryOptions({
    queryKey: [...statementsQueryKey, clientId, month],
    queryFn: ({ signal }) => api.get<Statement>(statementPath(clientId, month), { signal }),
    // Flipping months keeps the client's last statement on screen until the next one arrives (never
    // another client's).
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === clientId ? keepPreviousData(previous) : undefined,
  });

/** A plain link to a document: the session cookie authenticates the GET, the server names the file. */
export const statementDocumentUrl = (
  clientId: string,
  month: string,
  document: StatementDocument,
  locale: string,
): string => `/api/v1${statementPath(clientId, month)}/${document}?locale=${locale === 'en' ? 'en' : 'ru'}`;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a `YYYY-MM` month. */
export const isMonth = (value: string | null | undefined): value is string => !!value && MONTH.test(value);

/** The month `delta` months from `month` (`2026-01`, -1 → `2025-12`). */
export const shiftMonth = (month: string, delta: number): string => {
  const [year = 1970, mon = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, mon - 1 + delta, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
};
