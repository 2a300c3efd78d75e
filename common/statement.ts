// What a monthly statement of a client says: the one shape the API answers with and the PDF, the act
// and the XLSX are rendered from, so the documents cannot disagree with the screen.
import type { ContractKind, TariffMode } from './billing.ts';

/** Hours split by how they are billed; `amount` is money for the paid hours (rubles, two decimals). */
export type StatementTotals = {
  hours: number;
  balanceHours: number;
  paidHours: number;
  freeHours: number;
  amount: number;
};

export type StatementLine = StatementTotals & {
  id: string;
  serviceCode: string | null;
  serviceName: string | null;
  description: string;
  performerName: string | null;
  tariffMode: TariffMode;
  /** The rate the paid hours were priced at (null when the contract has none). */
  rate: number | null;
  postedAt: string;
  contractNumber: string | null;
};

export type StatementRequest = {
  ticketId: string;
  number: number;
  title: string;
  requesterName: string | null;
  completedAt: string | null;
  lines: StatementLine[];
  totals: StatementTotals;
};

/** The movement of one contract's hour balance over the month, summed from its ledger entries. */
export type StatementContract = {
  id: string;
  number: string;
  kind: ContractKind;
  hourlyRate: number | null;
  monthlyFee: number | null;
  openingHours: number;
  grantedHours: number;
  consumedHours: number;
  adjustedHours: number;
  reversedHours: number;
  closingHours: number;
};

export type Statement = {
  /** `2026-11` */
  month: string;
  /** First and last day of the month, as dates (`2026-11-01`, `2026-11-30`), in the client's time zone. */
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  provider: { name: string; inn: string | null; kpp: string | null; address: string; signatory: string };
  client: { id: string; name: string; inn: string; kpp: string | null };
  contracts: StatementContract[];
  requests: StatementRequest[];
  totals: StatementTotals;
  /** Monthly fees of subscriptions in force in the month. */
  subscriptionFees: number;
  /** What the client owes for the month: paid hours' amount plus subscription fees. */
  amountDue: number;
  issuedAt: string;
};
