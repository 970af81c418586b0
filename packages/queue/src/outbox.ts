// The outbox side of a broker backend: enqueue() writes rows in the caller's transaction (the job row and
// its message commit together, no dual write), the relay publishes them with the broker's confirms.
import { type Executor, insertOutboxMany, type OutboxRow } from '@kuduso/db';
import type { EnqueueItem, JobMessage } from './types.ts';

/** What one outbox row holds. */
export interface OutboxPayload {
  message: JobMessage;
  priority?: number;
  delaySec?: number;
  messageId?: string;
}

export function enqueueToOutbox(tx: Executor, topic: string, items: EnqueueItem[]): Promise<void> {
  return insertOutboxMany(
    tx,
    topic,
    items.map(
      (i): OutboxPayload => ({
        message: i.message,
        ...(i.priority !== undefined ? { priority: i.priority } : {}),
        ...(i.delaySec ? { delaySec: i.delaySec } : {}),
        ...(i.messageId ? { messageId: i.messageId } : {}),
      }),
    ),
  );
}

export function itemOf(row: OutboxRow): EnqueueItem {
  const p = row.payload as OutboxPayload;
  return { message: p.message, priority: p.priority, delaySec: p.delaySec, messageId: p.messageId };
}
