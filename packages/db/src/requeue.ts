// Putting a failed job back in line (dead-letter replay by an operator).
import type { JobRow } from './rows.ts';
import type { Executor } from './types.ts';

/**
 * A failed job back to 'queued' with a fresh attempt budget; its last_error stays for the record. Null
 * unless it had failed. The caller sends its message again.
 */
export async function requeueFailedJob(ex: Executor, id: string): Promise<JobRow | null> {
  const { rows } = await ex.executeSql<JobRow>(
    `UPDATE job SET status = 'queued', attempts = 0, unsettled_deliveries = 0, started_at = NULL, ended_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'failed'
     RETURNING *`,
    [id],
  );
  return rows[0] ?? null;
}
