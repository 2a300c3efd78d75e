-- Services with their tariff, the specification of each request, and who we are on the documents
-- (seeds 001 and 003: one request mixes hours from the balance, paid hours and free but counted hours).

-- The provider: the service company itself, as named on statements and acts. One row.
CREATE TABLE organization (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  name        text NOT NULL,
  inn         varchar(12),
  kpp         varchar(9),
  address     text NOT NULL DEFAULT '',
  signatory   text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO organization (name) VALUES ('Сервисная компания');

-- Money is for the client's approver; a client may let all his contacts see the hour balance too.
ALTER TABLE clients ADD COLUMN users_see_balance boolean NOT NULL DEFAULT false;

-- The catalog's leaves carry the tariff; products and modules group them (the catalog issue adds
-- audiences and routes to the same rows).
CREATE TABLE services (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id    uuid REFERENCES services (id),
  kind         text NOT NULL DEFAULT 'service',
  code         text,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  tariff_mode  text NOT NULL DEFAULT 'balance',
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT services_code_key UNIQUE (code),
  CONSTRAINT services_kind_check CHECK (kind IN ('product', 'module', 'service')),
  CONSTRAINT services_tariff_check CHECK (tariff_mode IN ('balance', 'paid', 'free')),
  CONSTRAINT services_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX services_parent_idx ON services (parent_id, name);

ALTER TABLE tickets ADD CONSTRAINT tickets_service_fk FOREIGN KEY (service_id) REFERENCES services (id);

-- A line of a request's specification: a draft the agent edits until it is posted; posted lines are
-- the record the statement, the act and 1C read, and never change again (a reversal is a new fact).
CREATE TABLE specification_lines (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id          uuid NOT NULL REFERENCES tickets (id),
  position           integer NOT NULL,
  service_id         uuid REFERENCES services (id),
  description        text NOT NULL DEFAULT '',
  hours              numeric(8, 2) NOT NULL,
  tariff_mode        text NOT NULL,
  performer_id       uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- Set once, when the line is posted.
  posted_at          timestamptz,
  posted_by          uuid REFERENCES users (id),
  contract_id        uuid REFERENCES contracts (id),
  balance_hours      numeric(8, 2),
  paid_hours         numeric(8, 2),
  free_hours         numeric(8, 2),
  rate               numeric(12, 2),
  amount             numeric(14, 2),
  ledger_entry_id    bigint REFERENCES ledger_entries (id),
  -- Set once, when a posted line is reversed (its hours go back to the balance by a reversal entry).
  reversed_at        timestamptz,
  reversal_entry_id  bigint REFERENCES ledger_entries (id),
  CONSTRAINT specification_lines_hours_check CHECK (hours > 0),
  CONSTRAINT specification_lines_tariff_check CHECK (tariff_mode IN ('balance', 'paid', 'free')),
  -- A posted line accounts for every one of its hours exactly once.
  CONSTRAINT specification_lines_posted_check CHECK (
    posted_at IS NULL
    OR (balance_hours >= 0 AND paid_hours >= 0 AND free_hours >= 0
        AND balance_hours + paid_hours + free_hours = hours AND amount >= 0)
  ),
  CONSTRAINT specification_lines_reversed_check CHECK (reversed_at IS NULL OR posted_at IS NOT NULL)
);
CREATE INDEX specification_lines_ticket_idx ON specification_lines (ticket_id, position);
-- Statements read a contract's month; the 1C export reads all posted lines of a period by keyset.
CREATE INDEX specification_lines_contract_posted_idx ON specification_lines (contract_id, posted_at)
  WHERE posted_at IS NOT NULL;
CREATE INDEX specification_lines_posted_idx ON specification_lines (posted_at, id) WHERE posted_at IS NOT NULL;

-- Posted lines are facts: only the reversal marks may be set on them, once.
CREATE FUNCTION specification_lines_posted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.posted_at IS NULL THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.reversed_at IS NULL AND NEW.reversed_at IS NOT NULL
     AND (to_jsonb(NEW) - 'reversed_at' - 'reversal_entry_id') = (to_jsonb(OLD) - 'reversed_at' - 'reversal_entry_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'posted specification lines do not change: reverse the line instead' USING ERRCODE = '55000';
END;
$$;
CREATE TRIGGER specification_lines_posted_guard BEFORE UPDATE OR DELETE ON specification_lines
  FOR EACH ROW EXECUTE FUNCTION specification_lines_posted_immutable();
