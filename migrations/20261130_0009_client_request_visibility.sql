-- Who of a client's contacts sees what (seed 004, DESIGN.md capability 4): by default every contact sees
-- his company's requests; a client may keep each contact to the requests he filed himself.
ALTER TABLE clients ADD COLUMN users_see_company_requests boolean NOT NULL DEFAULT true;
