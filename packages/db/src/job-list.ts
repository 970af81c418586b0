// Listing a tenant's jobs newest first, a page at a time. Pages are keyset-paginated on (created_at, id):
// a page never repeats or skips a row when jobs are added meanwhile, and the cost does not grow with depth.
import type { JobRow, JobStatus } from './rows.ts';
import type { Executor } from './types.ts';

/** A job as listed: everything but the inputs. */
export type JobSummaryRow = Omit<JobRow, 'payload_json'> & {
  /** created_at in whole microseconds since the epoch (exact, unlike Date): the keyset of the next page. */
  created_us: string;
};

export interface ListJobsQuery {
  status?: JobStatus;
  definition?: string;
  version?: string;
  /** Rows strictly older than this (created_us, id) position. */
  after?: { createdUs: string; id: string };
  limit: number;
}

export async function listJobs(ex: Executor, tenantId: string, q: ListJobsQuery): Promise<JobSummaryRow[]> {
  const { rows } = await ex.executeSql<JobSummaryRow>(
    `SELECT id, tenant_id, app_id, definition, version, status, inputs_hash, attempts, unsettled_deliveries,
            priority, last_error, correlation_id, idempotency_key, request_hash, created_at, updated_at,
            started_at, ended_at,
            (EXTRACT(EPOCH FROM created_at) * 1000000)::bigint::text AS created_us
       FROM job
      WHERE tenant_id = $1
        AND ($2::text IS NULL OR status = $2)
        AND ($3::text IS NULL OR definition = $3)
        AND ($4::text IS NULL OR version = $4)
        AND ($5::bigint IS NULL
             OR (created_at, id) < (TIMESTAMPTZ 'epoch' + $5::bigint * INTERVAL '1 microsecond', $6::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $7`,
    [
      tenantId,
      q.status ?? null,
      q.definition ?? null,
      q.version ?? null,
      q.after?.createdUs ?? null,
      q.after?.id ?? null,
      q.limit,
    ],
  );
  return rows;
}
