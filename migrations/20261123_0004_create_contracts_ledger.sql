-- Contracts and the hour ledger (seeds 001 and 003): what a client has bought, and every hour granted,
-- consumed, adjusted or reversed on it. The balance is the sum of the entries, never stored apart.
CREATE TABLE contracts (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id              uuid NOT NULL REFERENCES clients (id),
  number                 text NOT NULL,
  kind                   text NOT NULL,
  starts_on              date NOT NULL,
  ends_on                date,
  hourly_rate            numeric(12, 2),
  monthly_fee            numeric(12, 2),
  bonus_hours_per_month  numeric(8, 2),
  approval_limit_hours   numeric(6, 2),
  allows_overdraft       boolean NOT NULL DEFAULT false,
  is_active              boolean NOT NULL DEFAULT true,
  notes                  text NOT NULL DEFAULT '',
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contracts_number_key UNIQUE (client_id, number),
  CONSTRAINT contracts_kind_check CHECK (kind IN ('hourly', 'subscription', 'its', 'internal')),
  CONSTRAINT contracts_period_check CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX contracts_client_idx ON contracts (client_id, starts_on DESC);

CREATE TABLE ledger_entries (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id  uuid NOT NULL REFERENCES contracts (id),
  kind         text NOT NULL,
  hours        numeric(10, 2) NOT NULL,
  external_id  text,
  reverses_id  bigint REFERENCES ledger_entries (id),
  ticket_id    uuid REFERENCES tickets (id),
  note         text NOT NULL DEFAULT '',
  actor_id     uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('grant', 'consume', 'adjust', 'reverse')),
  -- Grants add, consumption takes away; adjustments and reversals may go either way.
  CONSTRAINT ledger_entries_sign_check CHECK (
    (kind = 'grant' AND hours > 0) OR (kind = 'consume' AND hours < 0) OR (kind IN ('adjust', 'reverse') AND hours <> 0)
  ),
  CONSTRAINT ledger_entries_external_key UNIQUE (contract_id, external_id),
  CONSTRAINT ledger_entries_reverses_key UNIQUE (reverses_id)
);
CREATE INDEX ledger_entries_contract_idx ON ledger_entries (contract_id, id);
CREATE INDEX ledger_entries_ticket_idx ON ledger_entries (ticket_id);

-- Append-only: a wrong entry is reversed by another entry, never edited or deleted.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only: post a reversal instead' USING ERRCODE = '55000';
END;
$$;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
