// Data retention: finished jobs older than a cut-off, with their results and artifact rows, removed in
// batches. Only finished jobs qualify (never queued or running ones). A batch is locked with SKIP LOCKED so
// several processes purging at once take disjoint jobs, and a dead-letter replay racing a purge either wins
// (the job is queued again and no longer qualifies) or finds the job gone.
import type { Executor } from './types.ts';

const FINISHED = `('succeeded', 'failed', 'cancelled')`;

export interface PurgeCandidate {
  job_id: string;
  /** Blob keys of the job's artifacts, to delete before the rows go. */
  storage_keys: string[];
}

/**
 * Locks up to `limit` finished jobs that ended before `before` (oldest first) for the rest of the current
 * transaction, skipping jobs another transaction holds. Call inside a transaction.
 */
export async function lockPurgeBatch(tx: Executor, before: Date, limit: number): Promise<PurgeCandidate[]> {
  const { rows } = await tx.executeSql<PurgeCandidate>(
    `SELECT j.id AS job_id,
            COALESCE(array_agg(a.storage_key ORDER BY a.storage_key) FILTER (WHERE a.id IS NOT NULL), '{}')
              AS storage_keys
     FROM (SELECT id, ended_at FROM job
           WHERE status IN ${FINISHED} AND ended_at < $1
           ORDER BY ended_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED) j
     LEFT JOIN artifact a ON a.job_id = j.id
     GROUP BY j.id, j.ended_at
     ORDER BY j.ended_at, j.id`,
    [before, limit],
  );
  return rows;
}

/**
 * Deletes these jobs (their result and artifact rows go with them, ON DELETE CASCADE), re-checking that each
 * is still finished. Returns how many job and artifact rows went.
 */
export async function deleteFinishedJobs(
  tx: Executor,
  ids: string[],
): Promise<{ jobs: number; artifacts: number }> {
  if (ids.length === 0) return { jobs: 0, artifacts: 0 };
  const { rows } = await tx.executeSql<{ jobs: number; artifacts: number }>(
    `WITH gone AS (
       DELETE FROM job WHERE id = ANY($1::uuid[]) AND status IN ${FINISHED} RETURNING id
     )
     SELECT (SELECT count(*) FROM gone)::int AS jobs,
            (SELECT count(*) FROM artifact WHERE job_id IN (SELECT id FROM gone))::int AS artifacts`,
    [ids],
  );
  return rows[0];
}

export interface PurgeEstimate {
  jobs: number;
  artifacts: number;
  artifact_bytes: number;
  oldest_ended_at: Date | null;
}

/** What a purge with this cut-off would remove, without locking or deleting anything (the dry run). */
export async function estimatePurge(ex: Executor, before: Date): Promise<PurgeEstimate> {
  const { rows } = await ex.executeSql<PurgeEstimate>(
    `SELECT (SELECT count(*) FROM job WHERE status IN ${FINISHED} AND ended_at < $1)::int AS jobs,
            count(a.id)::int AS artifacts,
            COALESCE(sum(a.size_bytes), 0)::float8 AS artifact_bytes,
            (SELECT min(ended_at) FROM job WHERE status IN ${FINISHED} AND ended_at < $1) AS oldest_ended_at
     FROM artifact a JOIN job j ON j.id = a.job_id
     WHERE j.status IN ${FINISHED} AND j.ended_at < $1`,
    [before],
  );
  return rows[0];
}
