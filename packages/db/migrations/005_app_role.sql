-- Row-level security that applies. The API (and anything acting for one tenant) runs its transactions as
-- kuduso_app, a role that owns nothing, with the tenant set (withTenant(): set_config('role') and
-- set_config('kuduso.tenant_id'), both transaction-local). The policies are FORCEd, so the tables' owner obeys
-- them too, through an explicit owner policy. kuduso_app without a tenant setting sees nothing.
--
-- Roles are cluster-wide: several databases of one server (tests, staging) share kuduso_app, and two
-- migrators may create it at once, hence the tolerated duplicate.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kuduso_app') THEN
    CREATE ROLE kuduso_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;

-- The connecting (owner) role switches to kuduso_app per transaction, so it must be a member.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'kuduso_app', 'MEMBER') THEN
    EXECUTE format('GRANT kuduso_app TO %I', current_user);
  END IF;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
  NULL;
END $$;

GRANT USAGE ON SCHEMA public TO kuduso_app;
-- No DELETE: tenants never remove jobs or results; retention is maintenance, run as the owner.
GRANT SELECT, INSERT, UPDATE ON job, result, artifact TO kuduso_app;

ALTER TABLE job FORCE ROW LEVEL SECURITY;
ALTER TABLE result FORCE ROW LEVEL SECURITY;
ALTER TABLE artifact FORCE ROW LEVEL SECURITY;

-- The owner (the role running this migration: migrations, the worker's system bookkeeping, metrics)
-- keeps every row through a policy of its own; kuduso_app is not a member of it, other roles get nothing.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY job_owner ON job TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY result_owner ON result TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY artifact_owner ON artifact TO %I USING (true) WITH CHECK (true)', current_user);
END $$;

-- Per-tenant rate limit (a token bucket per tenant, shared by every API process) and the lookups the
-- per-tenant cap on queued + running jobs needs.
CREATE TABLE tenant_rate (
  tenant_id text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_rate ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_rate FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rate_tenant ON tenant_rate
  USING (tenant_id = current_setting('kuduso.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('kuduso.tenant_id', true));
DO $$
BEGIN
  EXECUTE format('CREATE POLICY tenant_rate_owner ON tenant_rate TO %I USING (true) WITH CHECK (true)',
                 current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON tenant_rate TO kuduso_app;

CREATE INDEX job_tenant_active ON job (tenant_id) WHERE status IN ('queued', 'running');
