// Row types: the tables' own column names (snake_case), timestamps as Date, jsonb parsed.

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface JobRow {
  id: string;
  tenant_id: string;
  app_id: string;
  definition: string;
  version: string;
  status: JobStatus;
  inputs_hash: string;
  /** The materialised inputs. */
  payload_json: unknown;
  attempts: number;
  /** Runs that started and never settled (worker crash, lost lease): not attempts, but poison when many. */
  unsettled_deliveries: number;
  priority: number;
  last_error: string | null;
  correlation_id: string;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface ResultRow {
  job_id: string;
  outputs_json: unknown;
  score: number | null;
  created_at: Date;
}

export interface ArtifactRow {
  id: string;
  job_id: string;
  kind: string;
  label: string | null;
  storage_key: string;
  content_type: string | null;
  size_bytes: number | null;
  checksum: string | null;
  created_at: Date;
}

export interface OutboxRow {
  id: number;
  topic: string;
  payload: unknown;
  created_at: Date;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
}
