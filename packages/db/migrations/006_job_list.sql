-- GET /jobs lists a tenant's jobs newest first and pages by (created_at, id): one index serves the order and
-- the keyset condition, with or without a status filter.
CREATE INDEX job_tenant_created ON job (tenant_id, created_at DESC, id DESC);
