// Group commit for accepted jobs. Submissions that arrive while a write is in flight share the next
// transaction: one multi-row job insert and one batch of queue messages (or outbox rows, for a broker), committed together. A lone
// request is written at once, so batching adds no wait; under load it turns N commits into one.
import {
  countQueuedJobs,
  type Db,
  insertJobs,
  type JobRow,
  leaveTenant,
  type NewJob,
  setTenant,
} from '@kuduso/db';
import type { Enqueuer, JobMessage } from '@kuduso/queue';

/** Positions beyond this share the lowest rank of their priority (keeps the product within int4). */
const MAX_POSITION = 999_999;

/**
 * The queue priority of a tenant's job: its own priority first (-100..100), then its position among the
 * tenant's queued jobs, lower first. The queue serves the highest priority, oldest first, so the k-th queued
 * job of every tenant comes before the (k+1)-th of any: one tenant's burst of 10,000 jobs does not make
 * another tenant's single job wait behind it (round robin between tenants, with no scheduler of its own).
 */
export function fairPriority(priority: number, position: number): number {
  return priority * (MAX_POSITION + 1) - Math.min(position, MAX_POSITION);
}

export interface NewQueuedJob {
  job: NewJob & { id: string };
  message: JobMessage;
}

interface Pending {
  item: NewQueuedJob;
  resolve: (row: JobRow | null) => void;
  reject: (e: unknown) => void;
}

export class JobWriter {
  readonly #db: Db;
  readonly #queue: Enqueuer;
  readonly #maxBatch: number;
  #pending: Pending[] = [];
  #flushing = false;

  constructor(db: Db, queue: Enqueuer, maxBatch = 256) {
    this.#db = db;
    this.#queue = queue;
    this.#maxBatch = maxBatch;
  }

  /** The inserted row, or null when the tenant's Idempotency-Key was taken meanwhile. */
  write(item: NewQueuedJob): Promise<JobRow | null> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  #commit(batch: Pending[]): Promise<Map<string, JobRow>> {
    return this.#db.transaction(async (tx) => {
      // One insert per tenant, each as the app role under that tenant's setting, so row-level security
      // checks every row; the queue's own tables are written as the connecting role afterwards.
      const byTenant = Map.groupBy(batch, (b) => b.item.job.tenant_id ?? 'public');
      const rows = new Map<string, JobRow>();
      const queuePriority = new Map<string, number>();
      for (const [tenant, jobs] of byTenant) {
        await setTenant(tx, tenant);
        let position = await countQueuedJobs(tx, tenant);
        const inserted = await insertJobs(
          tx,
          jobs.map((b) => b.item.job),
        );
        for (const [id, row] of inserted) {
          rows.set(id, row);
          queuePriority.set(id, fairPriority(row.priority, position++));
        }
      }
      await leaveTenant(tx);
      const messages = batch
        .filter((b) => rows.has(b.item.job.id))
        .map((b) => ({ message: b.item.message, priority: queuePriority.get(b.item.job.id) }));
      await this.#queue.enqueue(tx, messages);
      return rows;
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#pending.length) {
        const batch = this.#pending.splice(0, this.#maxBatch);
        try {
          const inserted = await this.#commit(batch);
          for (const b of batch) b.resolve(inserted.get(b.item.job.id) ?? null);
        } catch (e) {
          if (batch.length === 1) {
            batch[0].reject(e);
            continue;
          }
          // One bad job must not fail its neighbours: write them one by one, so only it fails.
          for (const b of batch) {
            try {
              b.resolve((await this.#commit([b])).get(b.item.job.id) ?? null);
            } catch (err) {
              b.reject(err);
            }
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}
