-- Row-level security keyed on the tenant, read from the transaction setting kuduso.tenant_id
-- (set_config('kuduso.tenant_id', $1, true); see withTenant()). The owner of the tables bypasses RLS (it is
-- not FORCEd), so migrations, the worker and today's API, all connecting as the owner, see every row; a
-- restricted role (the authentication issue) sees only its tenant's rows. An unset setting reads as NULL
-- and matches nothing.

ALTER TABLE job ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_tenant ON job
  USING (tenant_id = current_setting('kuduso.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('kuduso.tenant_id', true));

-- result and artifact carry no tenant column: they belong to the tenant of their job.
ALTER TABLE result ENABLE ROW LEVEL SECURITY;
CREATE POLICY result_tenant ON result
  USING (EXISTS (SELECT 1 FROM job j WHERE j.id = result.job_id
                 AND j.tenant_id = current_setting('kuduso.tenant_id', true)))
  WITH CHECK (EXISTS (SELECT 1 FROM job j WHERE j.id = result.job_id
                      AND j.tenant_id = current_setting('kuduso.tenant_id', true)));

ALTER TABLE artifact ENABLE ROW LEVEL SECURITY;
CREATE POLICY artifact_tenant ON artifact
  USING (EXISTS (SELECT 1 FROM job j WHERE j.id = artifact.job_id
                 AND j.tenant_id = current_setting('kuduso.tenant_id', true)))
  WITH CHECK (EXISTS (SELECT 1 FROM job j WHERE j.id = artifact.job_id
                      AND j.tenant_id = current_setting('kuduso.tenant_id', true)));
