// Group commit for accepted jobs. Submissions that arrive while a write is in flight share the next
// transaction: one multi-row job insert and one batch of queue messages (or outbox rows, for a broker), committed together. A lone
// request is written at once, so batching adds no wait; under load it turns N commits into one.
//
// When the database is unavailable (down, restarting, frozen) a commit fails with DATABASE_UNAVAILABLE after
// at most the pool's connect or query timeout, and the requests answer 503. A request that answered 503 has
// no job: the failed transaction never sent COMMIT, and the pool drops its connection, so the server rolls it
// back (a frozen server does so when it resumes and reads the closed socket). The one ambiguous case is a
// timeout while COMMIT itself is in flight: the job may then exist (and run) although its client saw 503; a
// client that retries with the same Idempotency-Key gets that job back instead of a second one.
import { KudusoError } from '@kuduso/core';
import {
  countTenantJobs,
  type Db,
  findRecentSuccesses,
  insertJobs,
  isDatabaseUnavailable,
  type JobRow,
  leaveTenant,
  type NewJob,
  setTenant,
} from '@kuduso/db';
import type { Enqueuer, JobMessage } from '@kuduso/queue';

/** Positions beyond this share the lowest rank of their priority (keeps the product within int4). */
const MAX_POSITION = 999_999;
/**
 * How deep a tenant's queue is counted for its position. Past it, its jobs share one rank: a newcomer's job
 * still goes before all but the first FAIR_DEPTH of a heavy tenant's backlog, and counting stays cheap.
 */
export const FAIR_DEPTH = 100;

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

/** What became of one submission in its group commit. */
export type WriteOutcome =
  | { kind: 'inserted'; row: JobRow }
  /** A recent success of the same tenant with the same inputs (the result cache): nothing was written. */
  | { kind: 'cached'; row: JobRow }
  /** The tenant's Idempotency-Key was taken meanwhile by a concurrent request. */
  | { kind: 'key-taken' };

export interface JobWriterOptions {
  /** RESULT_CACHE_TTL: a success this recent answers identical inputs (0: off). */
  resultCacheTtlSec?: number;
  /** TENANT_MAX_ACTIVE_JOBS (0: no cap). */
  maxActiveJobs?: number;
  maxBatch?: number;
}

interface Pending {
  item: NewQueuedJob;
  resolve: (outcome: WriteOutcome) => void;
  reject: (e: unknown) => void;
}

function tooManyActive(max: number): KudusoError {
  return new KudusoError('TOO_MANY_ACTIVE_JOBS', {
    message: `The tenant already has ${max} jobs queued or running.`,
    hint: 'Wait for some to finish (TENANT_MAX_ACTIVE_JOBS).',
    retryAfterSec: 5,
  });
}

export class JobWriter {
  readonly #db: Db;
  readonly #queue: Enqueuer;
  readonly #maxBatch: number;
  readonly #cacheTtlSec: number;
  readonly #maxActive: number;
  #pending: Pending[] = [];
  #flushing = false;

  constructor(db: Db, queue: Enqueuer, options: JobWriterOptions = {}) {
    this.#db = db;
    this.#queue = queue;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#cacheTtlSec = options.resultCacheTtlSec ?? 0;
    this.#maxActive = options.maxActiveJobs ?? 0;
  }

  /** Rejects with TOO_MANY_ACTIVE_JOBS when the tenant's cap is reached (by this batch too). */
  write(item: NewQueuedJob): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  #commit(batch: Pending[]): Promise<Map<string, WriteOutcome | KudusoError>> {
    return this.#db.transaction(async (tx) => {
      // Per tenant, as the app role under that tenant's setting (row-level security checks every row): the
      // result cache, the cap and the fair-queue position for the whole group in two statements, then one
      // insert. The queue's own tables are written as the connecting role afterwards.
      const byTenant = Map.groupBy(batch, (b) => b.item.job.tenant_id ?? 'public');
      const out = new Map<string, WriteOutcome | KudusoError>();
      const queuePriority = new Map<string, number>();
      for (const [tenant, pending] of byTenant) {
        // With a cap, batches of one tenant take turns (across API processes too): each counts what the
        // previous one committed, so the tenant never ends up above it.
        await setTenant(tx, tenant, this.#maxActive > 0 ? { serialize: 'cap' } : {});
        let jobs = pending.map((b) => b.item.job);
        if (this.#cacheTtlSec > 0) {
          const hits = await findRecentSuccesses(
            tx,
            tenant,
            jobs.map((j) => j.inputs_hash),
            this.#cacheTtlSec,
          );
          for (const j of jobs) {
            const hit = hits.get(j.inputs_hash);
            if (hit) out.set(j.id, { kind: 'cached', row: hit });
          }
          jobs = jobs.filter((j) => !out.has(j.id));
        }
        if (jobs.length === 0) continue;
        const counts = await countTenantJobs(tx, tenant, FAIR_DEPTH, this.#maxActive);
        if (this.#maxActive > 0) {
          const room = Math.max(0, this.#maxActive - counts.active);
          for (const j of jobs.slice(room)) out.set(j.id, tooManyActive(this.#maxActive));
          jobs = jobs.slice(0, room);
        }
        let position = counts.queued;
        for (const [id, row] of await insertJobs(tx, jobs)) {
          out.set(id, { kind: 'inserted', row });
          // Clamped to the depth counted: past it every job of the tenant has the same rank, so they stay in
          // submission order (the queue's tie-break) rather than a later batch's first jobs overtaking them.
          queuePriority.set(id, fairPriority(row.priority, Math.min(position++, FAIR_DEPTH)));
        }
      }
      await leaveTenant(tx);
      const messages = batch
        .filter((b) => queuePriority.has(b.item.job.id))
        .map((b) => ({ message: b.item.message, priority: queuePriority.get(b.item.job.id) }));
      if (messages.length) await this.#queue.enqueue(tx, messages);
      return out;
    });
  }

  #settle(b: Pending, outcomes: Map<string, WriteOutcome | KudusoError>): void {
    const o = outcomes.get(b.item.job.id) ?? { kind: 'key-taken' };
    if (o instanceof KudusoError) b.reject(o);
    else b.resolve(o);
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#pending.length) {
        const batch = this.#pending.splice(0, this.#maxBatch);
        try {
          const outcomes = await this.#commit(batch);
          for (const b of batch) this.#settle(b, outcomes);
        } catch (e) {
          if (isDatabaseUnavailable(e)) {
            // Not one bad job but an outage: everything waiting would meet the same dead database, each
            // after another timeout. Fail them all now (503), rather than one by one.
            for (const b of [...batch, ...this.#pending.splice(0)]) b.reject(e);
            continue;
          }
          if (batch.length === 1) {
            batch[0].reject(e);
            continue;
          }
          // One bad job must not fail its neighbours: write them one by one, so only it fails.
          for (const b of batch) {
            try {
              this.#settle(b, await this.#commit([b]));
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
