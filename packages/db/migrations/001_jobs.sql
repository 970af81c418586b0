-- Jobs, their results and their artifacts. Artifact URLs are never stored: they are minted (signed,
-- expiring) when a result is read.

CREATE TABLE job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL DEFAULT 'public',
  app_id text NOT NULL,
  definition text NOT NULL,
  version text NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  inputs_hash text NOT NULL,
  -- The inputs with the contract's defaults materialised: what the worker sends to the AppServer.
  payload_json jsonb NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  priority int NOT NULL DEFAULT 0,
  last_error text,
  correlation_id text NOT NULL,
  idempotency_key text,
  -- Hash of the whole request, to tell a reused Idempotency-Key that comes with another body.
  request_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz
);

CREATE UNIQUE INDEX job_tenant_idempotency_key ON job (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- The result cache: the newest success with the same inputs for the same tenant.
CREATE INDEX job_recent_success ON job (tenant_id, inputs_hash, ended_at DESC)
  WHERE status = 'succeeded';
CREATE INDEX job_status_created ON job (status, created_at);

CREATE TABLE result (
  job_id uuid PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
  outputs_json jsonb NOT NULL,
  score double precision,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE artifact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  kind text NOT NULL,
  label text,
  storage_key text NOT NULL,
  content_type text,
  size_bytes bigint,
  checksum text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX artifact_job_id ON artifact (job_id);
