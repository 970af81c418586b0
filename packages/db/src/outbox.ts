// The outbox: messages for an external broker written in the job's transaction, published by a relay.
import type { OutboxRow } from './rows.ts';
import type { Executor } from './types.ts';

export async function insertOutbox(ex: Executor, topic: string, payload: unknown): Promise<OutboxRow> {
  const { rows } = await ex.executeSql<OutboxRow>(
    'INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb) RETURNING *',
    [topic, JSON.stringify(payload)],
  );
  return rows[0];
}

/**
 * Claims up to `limit` unpublished rows, oldest first, counting the attempt. Call it inside a transaction
 * and publish before committing: the rows stay locked (SKIP LOCKED keeps concurrent relays off them), and
 * a relay that dies mid-batch leaves them unpublished for the next one.
 */
export async function claimOutbox(ex: Executor, limit: number): Promise<OutboxRow[]> {
  const { rows } = await ex.executeSql<OutboxRow>(
    `UPDATE outbox SET attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     RETURNING *`,
    [limit],
  );
  return rows.sort((a, b) => a.id - b.id);
}

/** Marks rows published; returns how many were still unpublished. */
export async function markOutboxPublished(ex: Executor, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await ex.executeSql(
    'UPDATE outbox SET published_at = now(), last_error = NULL WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
    [ids],
  );
  return rowCount;
}

/** Records why publishing a row failed (it stays unpublished). */
export async function markOutboxFailed(ex: Executor, id: number, error: string): Promise<void> {
  await ex.executeSql('UPDATE outbox SET last_error = $2 WHERE id = $1', [id, error]);
}
