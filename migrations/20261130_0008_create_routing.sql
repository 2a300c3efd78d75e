-- Routing through support lines (seeds 002 and 004): who may request a service, where a new request
-- lands, and every escalation between lines, recorded so that first-line resolution can be reported.

-- A catalog node's audience: every client, only the listed clients, or the organization's own employees.
ALTER TABLE services
  ADD COLUMN audience text NOT NULL DEFAULT 'clients',
  ADD COLUMN line_id uuid REFERENCES support_lines (id),
  ADD COLUMN group_id uuid REFERENCES support_groups (id),
  ADD CONSTRAINT services_audience_check CHECK (audience IN ('clients', 'listed', 'internal'));

CREATE TABLE service_clients (
  service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  client_id   uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  PRIMARY KEY (service_id, client_id)
);
CREATE INDEX service_clients_client_idx ON service_clients (client_id);

-- Types of requests as an editable dictionary; the codes are what requests store.
CREATE TABLE ticket_types (
  code       text PRIMARY KEY,
  name       text NOT NULL,
  name_en    text NOT NULL,
  position   integer NOT NULL DEFAULT 0,
  is_active  boolean NOT NULL DEFAULT true,
  CONSTRAINT ticket_types_code_check CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$')
);
INSERT INTO ticket_types (code, name, name_en, position) VALUES
  ('incident', 'Ошибка', 'Incident', 1),
  ('question', 'Вопрос', 'Question', 2),
  ('consultation', 'Консультация', 'Consultation', 3),
  ('change', 'Доработка', 'Change', 4);

-- Rules tried in order; the first whose every given criterion matches places the request. A request no
-- rule places goes where its service routes, and otherwise to the first line.
CREATE TABLE routing_rules (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  position    integer NOT NULL,
  name        text NOT NULL,
  service_id  uuid REFERENCES services (id),
  type        text REFERENCES ticket_types (code),
  priority    text,
  client_id   uuid REFERENCES clients (id),
  line_id     uuid NOT NULL REFERENCES support_lines (id),
  group_id    uuid REFERENCES support_groups (id),
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT routing_rules_priority_check CHECK (priority IS NULL OR priority IN ('low', 'normal', 'high', 'critical'))
);
CREATE INDEX routing_rules_order_idx ON routing_rules (position, id) WHERE is_active;

-- Requests that were ever escalated, for "closed on the first line" without reading the history.
ALTER TABLE tickets ADD COLUMN escalations integer NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD CONSTRAINT tickets_type_fk FOREIGN KEY (type) REFERENCES ticket_types (code);
