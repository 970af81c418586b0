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

/** Several rows in one statement (a group commit of accepted jobs), in the caller's transaction. */
export async function insertOutboxMany(ex: Executor, topic: string, payloads: unknown[]): Promise<void> {
  if (payloads.length === 0) return;
  await ex.executeSql(
    `INSERT INTO outbox (topic, payload)
     SELECT $1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n`,
    [topic, JSON.stringify(payloads)],
  );
}

/** How far the relay is behind: unpublished rows and the age of the oldest (for metrics and alerts). */
export async function outboxLag(
  ex: Executor,
  topic?: string,
): Promise<{ pending: number; oldest_sec: number }> {
  const { rows } = await ex.executeSql<{ pending: number; oldest_sec: number | null }>(
    `SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest_sec
     FROM outbox WHERE published_at IS NULL AND ($1::text IS NULL OR topic = $1)`,
    [topic ?? null],
  );
  return { pending: rows[0].pending, oldest_sec: Math.max(0, rows[0].oldest_sec ?? 0) };
}

/**
 * Claims up to `limit` unpublished rows, oldest first, counting the attempt. Call it inside a transaction
 * and publish before committing: the rows stay locked (SKIP LOCKED keeps concurrent relays off them), and
 * a relay that dies mid-batch leaves them unpublished for the next one.
 */
export async function claimOutbox(ex: Executor, limit: number, topic?: string): Promise<OutboxRow[]> {
  const { rows } = await ex.executeSql<OutboxRow>(
    `UPDATE outbox SET attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outbox WHERE published_at IS NULL AND ($2::text IS NULL OR topic = $2)
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     RETURNING *`,
    [limit, topic ?? null],
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
export async function markOutboxFailed(ex: Executor, ids: number | number[], error: string): Promise<void> {
  await ex.executeSql('UPDATE outbox SET last_error = $2 WHERE id = ANY($1::bigint[])', [
    Array.isArray(ids) ? ids : [ids],
    error,
  ]);
}
