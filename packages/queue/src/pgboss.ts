// The pg-boss adapter. Messages live in PostgreSQL next to the job rows, so send() can join the caller's
// transaction: the job row and its message commit (or vanish) together, with no outbox.
//
// How the Queue contract maps onto pg-boss 12:
// - lease   = pg-boss heartbeat: the queue's heartbeatSeconds is leaseSec; renew() is touch(); a message
//             not touched within leaseSec is failed by pg-boss's supervisor and fetched again (its
//             retryCount, so our deliveryCount, grows). pg-boss's own expiry (expireInSeconds, counted
//             from the start and not renewable) is set to maxRunSec, well above any lease.
// - retryLater = fail() then update(startAfter) in one transaction, so no consumer can fetch the
//             message between the two statements.
// - deadLetter = in one transaction: cancel the message (fenced to this delivery) and send
//             {message, reason} to a second queue `<name>.dead` that nothing fetches. Messages that run
//             out of deliveries (maxDeliveries) are copied there by pg-boss itself (its deadLetter
//             option); listDeadLetters reads both shapes.
// - every settle call is fenced to the delivered attempt ({id, retryCount}), so a consumer whose lease
//             lapsed cannot renew, retry or dead-letter the newer delivery someone else holds.

import type { Db, Executor } from '@kuduso/db';
import { fromPglite, PgBoss, type PgBoss as PgBossType } from 'pg-boss';
import { LeaseLostError } from './errors.ts';
import type {
  DeadLetter,
  Delivery,
  EnqueueItem,
  JobMessage,
  QueueBackendAdapter,
  ReceiveOptions,
  ReplayOptions,
} from './types.ts';

export interface SendOptions {
  /** Send inside the caller's open transaction, so the job row and its message commit together. */
  tx?: Executor;
  /** Deliver no earlier than this many seconds from now. */
  delaySec?: number;
  priority?: number;
}

type PGliteLike = Parameters<typeof fromPglite>[0];

export interface PgBossQueueOptions {
  db: Db;
  /** Queue name (default 'kuduso-jobs'); its dead letters go to `<name>.dead`. */
  name?: string;
  /**
   * Lease length in seconds (pg-boss heartbeat; at least 10). Every process using the queue must agree on
   * it; receive()/renew() refuse a longer lease than this one.
   */
  leaseSec: number;
  /** pg-boss's schema (default 'pgboss'). */
  schema?: string;
  /** Deliveries without a settle before pg-boss itself dead-letters a message (default 50): a backstop for
   *  consumers that die before they can decide (crash loops); the worker's MAX_ATTEMPTS and
   *  POISON_DELIVERIES act long before. Each retryLater starts a fresh budget (as a broker's copy does). */
  maxDeliveries?: number;
  /** Longest a single delivery may stay active even while renewed (default 3600, at most 86400). */
  maxRunSec?: number;
  /** How often pg-boss's supervisor looks for lapsed leases (default: half the lease, 1..60 s). */
  superviseIntervalSec?: number;
  /** Dead letters are kept this long (default 365 days). */
  deadLetterRetentionSec?: number;
  /** While listening for NOTIFYs, how often a waiting receive() still polls (default 1000 ms). */
  listenBackstopMs?: number;
  /** Where pg-boss's background errors go (default: console.error). */
  onError?: (err: Error) => void;
}

interface DeadLetterData {
  message: JobMessage;
  reason: string;
  source_id: string;
  dead_lettered_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_NAME = 'kuduso-jobs';
/** How long an unfetched message is kept (pg-boss deletes created/retry jobs older than this). */
const MAIN_RETENTION_SEC = 30 * 24 * 3600;

/** The attempt this delivery holds, for pg-boss's fenced settle calls (retryCount = deliveryCount - 1). */
function attempt(delivery: Delivery): { id: string; retryCount: number } {
  return { id: delivery.id, retryCount: delivery.deliveryCount - 1 };
}

function affected(res: unknown): number {
  return (res as { affected?: number } | undefined)?.affected ?? 0;
}

function reasonOf(output: unknown): string {
  if (output && typeof output === 'object') {
    const o = output as { reason?: unknown; message?: unknown; value?: { message?: unknown } };
    if (typeof o.reason === 'string') return o.reason;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.value?.message === 'string') return o.value.message;
  }
  return output == null ? 'unknown' : JSON.stringify(output);
}

type FoundJob = Awaited<ReturnType<PgBossType['findJobs']>>[number];

function toDeadLetter(j: FoundJob): DeadLetter {
  const d = j.data as Partial<DeadLetterData> | JobMessage;
  if (d && typeof d === 'object' && 'reason' in d && 'message' in d && d.message) {
    return {
      id: j.id,
      message: d.message,
      reason: String(d.reason),
      dead_lettered_at: d.dead_lettered_at ?? j.createdOn.toISOString(),
    };
  }
  // Copied here by pg-boss after maxDeliveries: the data is the message, the reason its last failure.
  return {
    id: j.id,
    message: d as JobMessage,
    reason: `gave up after ${(j.sourceRetryCount ?? 0) + 1} deliveries: ${reasonOf(j.sourceOutput)}`,
    dead_lettered_at: j.createdOn.toISOString(),
  };
}

export class PgBossQueue implements QueueBackendAdapter {
  readonly backend = 'pgboss' as const;
  readonly transactionalSend = true;
  readonly name: string;
  readonly deadLetterName: string;
  readonly leaseSec: number;
  readonly boss: PgBossType;
  readonly #db: Db;
  readonly #options: PgBossQueueOptions;
  #started = false;
  /** Receivers waiting for a message; a NOTIFY of this queue (a committed insert) wakes them at once. */
  #waiters = new Set<() => void>();
  /** NOTIFYs seen so far: one that arrives while a fetch is on the wire is not slept through. */
  #notified = 0;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: PgBossQueueOptions) {
    const { db, leaseSec } = options;
    if (!Number.isInteger(leaseSec) || leaseSec < 10) {
      throw new RangeError(`leaseSec must be an integer >= 10 (pg-boss heartbeat), got ${leaseSec}`);
    }
    const maxRunSec = options.maxRunSec ?? 3600;
    if (maxRunSec <= leaseSec || maxRunSec > 86400) {
      throw new RangeError(`maxRunSec must be above leaseSec and at most 86400, got ${maxRunSec}`);
    }
    const maxDeliveries = options.maxDeliveries ?? 50;
    if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) {
      throw new RangeError(`maxDeliveries must be an integer >= 1, got ${maxDeliveries}`);
    }
    const superviseSec = options.superviseIntervalSec ?? Math.max(1, Math.min(60, Math.floor(leaseSec / 2)));
    this.#db = db;
    this.#options = options;
    this.name = options.name ?? DEFAULT_NAME;
    this.deadLetterName = `${this.name}.dead`;
    this.leaseSec = leaseSec;
    this.boss = new PgBoss({
      // PGlite: pg-boss's own adapter (it sends multi-statement scripts through exec()). pg: our Db, so
      // pg-boss shares the process's one pool and its type parsing instead of opening a second pool.
      db: db.driver === 'pglite' ? fromPglite(db.native as PGliteLike) : db,
      backend: db.driver === 'pglite' ? 'pglite' : 'postgres',
      schema: options.schema ?? 'pgboss',
      // Only what we use: schema install/migration and the supervisor (it reclaims lapsed leases).
      schedule: false,
      supervise: true,
      migrate: true,
      // Lapsed leases are found by the per-queue monitor step of the supervisor, which runs no more often
      // than monitorIntervalSeconds: both follow the lease, or a lapsed message would wait up to a minute.
      superviseIntervalSeconds: superviseSec,
      monitorIntervalSeconds: superviseSec,
      registerInstance: false,
      persistWarnings: false,
      monitorVacuum: false,
      reindex: false,
      openTelemetry: { enabled: false },
    });
    this.boss.on('error', options.onError ?? ((err) => console.error('[queue] pg-boss error:', err)));
  }

  async start(): Promise<void> {
    if (this.#started) return;
    await this.boss.start();
    const o = this.#options;
    const dead = {
      retentionSeconds: o.deadLetterRetentionSec ?? 365 * 24 * 3600,
      retryLimit: 0,
    };
    const main = {
      heartbeatSeconds: this.leaseSec,
      expireInSeconds: o.maxRunSec ?? 3600,
      retryLimit: (o.maxDeliveries ?? 50) - 1,
      retryDelay: 0,
      retryBackoff: false,
      retentionSeconds: MAIN_RETENTION_SEC,
      deadLetter: this.deadLetterName,
      notify: true,
    };
    // createQueue leaves an existing queue as it is; updateQueue then applies this process's settings.
    await this.boss.createQueue(this.deadLetterName, dead);
    await this.boss.updateQueue(this.deadLetterName, dead);
    await this.boss.createQueue(this.name, main);
    await this.boss.updateQueue(this.name, main);
    await this.#listen();
    this.#started = true;
  }

  /**
   * The queue is created with pg-boss's `notify`: an insert of runnable messages sends one pg_notify on
   * pg-boss's channel with the queue's name, delivered when the sending transaction commits. Listening on it
   * (through the Db's own listening session) lets an idle receive() fetch at once instead of at its next
   * poll: the pickup latency of an idle worker is a round trip, not a polling interval.
   */
  async #listen(): Promise<void> {
    if (this.#unlisten || !this.#db.listenChannel) return;
    const schema = this.#options.schema ?? 'pgboss';
    // pg-boss's notifyChannelSql() (not exported): the schema name, without redundant quotes, hashed.
    const plain = /^"[^"]*"$/.test(schema) ? schema.slice(1, -1) : schema;
    const { rows } = await this.#db.executeSql<{ channel: string }>(
      `SELECT 'pgboss_' || left(encode(sha224(convert_to($1, 'UTF8')), 'hex'), 24) AS channel`,
      [plain],
    );
    this.#unlisten = await this.#db.listenChannel(rows[0].channel, (payload) => {
      if (payload !== this.name) return;
      this.#notified++;
      this.#wakeOne();
    });
  }

  /**
   * One waiting receiver, not all: a NOTIFY (one per committed insert, however many messages it wrote)
   * waking every idle slot would send them all to fetch at once for what may be one message. A receiver
   * that got a message passes the turn on (see receive()), so a batch is picked up by as many as it needs.
   */
  #wakeOne(): void {
    const first = this.#waiters.values().next();
    if (!first.done) first.value();
  }

  /** Resolves after ms, or sooner when woken (a NOTIFY of this queue, or a receiver passing the turn on). */
  #nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  async stop(): Promise<void> {
    // No workers of pg-boss's own run here (we fetch), so there is nothing to drain; the Db stays open
    // (it belongs to the caller).
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = undefined;
    for (const wake of this.#waiters) wake();
    await this.boss.stop({ close: false, graceful: false, timeout: 1000 });
    this.#started = false;
  }

  async send(message: JobMessage, options: SendOptions = {}): Promise<void> {
    const id = await this.boss.send(
      this.name,
      { ...message },
      {
        ...(options.tx ? { db: options.tx } : {}),
        ...(options.delaySec ? { startAfter: options.delaySec } : {}),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
      },
    );
    if (!id) throw new Error(`pg-boss did not accept the message for job ${message.job_id}`);
  }

  /** Enqueuer: the messages are rows of pg-boss's table, written in the caller's transaction. */
  enqueue(tx: Executor, items: EnqueueItem[]): Promise<void> {
    return this.#insert(items, tx);
  }

  /** Several messages in one round trip, inside `tx` when given. */
  sendMany(
    items: { message: JobMessage; priority?: number }[],
    options: { tx?: Executor } = {},
  ): Promise<void> {
    return this.#insert(items, options.tx);
  }

  async #insert(items: EnqueueItem[], tx: Executor | undefined): Promise<void> {
    if (items.length === 0) return;
    await this.boss.insert(
      this.name,
      items.map((i) => ({
        data: { ...i.message },
        ...(i.priority !== undefined ? { priority: i.priority } : {}),
        ...(i.delaySec ? { startAfter: new Date(Date.now() + i.delaySec * 1000) } : {}),
      })),
      tx ? { db: tx } : {},
    );
  }

  #checkLease(leaseSec: number, action: string): void {
    if (leaseSec > this.leaseSec) {
      throw new RangeError(
        `${action}: a ${leaseSec} s lease was asked but this queue's lease is ${this.leaseSec} s (leaseSec option)`,
      );
    }
  }

  async receive(options: ReceiveOptions = {}): Promise<Delivery[]> {
    this.#checkLease(options.leaseSec ?? this.leaseSec, 'receive');
    const until = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const seen = this.#notified;
      const jobs = await this.boss.fetch<JobMessage>(this.name, { batchSize: options.max ?? 1 });
      if (jobs.length || Date.now() >= until) {
        if (jobs.length) this.#wakeOne(); // there may be more where this came from
        return jobs.map((j) => ({ id: j.id, message: j.data, deliveryCount: j.retryCount + 1 }));
      }
      if (this.#notified !== seen) continue;
      // Listening: wait for the NOTIFY (a 1 s poll is only the backstop for a lost listening session);
      // otherwise poll every 50 ms.
      const pollMs = this.#unlisten ? (this.#options.listenBackstopMs ?? 1000) : 50;
      await this.#nap(Math.min(pollMs, until - Date.now()));
    }
  }

  async renew(delivery: Delivery, leaseSec = this.leaseSec): Promise<void> {
    this.#checkLease(leaseSec, 'renew');
    const res = await this.boss.touch(this.name, attempt(delivery));
    if (affected(res) !== 1) throw new LeaseLostError(delivery.id, 'renew');
  }

  /** A no-op when the lease was lost: the message is with another consumer, who finds the job finished. */
  async complete(delivery: Delivery): Promise<void> {
    await this.boss.complete(this.name, attempt(delivery));
  }

  async retryLater(delivery: Delivery, delaySec: number, reason: string): Promise<void> {
    const schema = (this.#options.schema ?? 'pgboss').replaceAll('"', '""');
    const max = this.#options.maxDeliveries ?? 50;
    await this.#db.transaction(async (tx) => {
      // pg-boss's retry_count grows with every claim and never goes back, so each retryLater (an outage
      // wait, a shutdown hand-back, a duplicate's look-again: none of them a crash) would spend one of
      // maxDeliveries, and a long AppServer outage would get the message dead-lettered by pg-boss while
      // the job row stays queued. A settled retry is what a broker's retry copy is (RabbitMQ, Service Bus):
      // a fresh budget of maxDeliveries claims from here. The backstop still counts claims that die.
      await tx.executeSql(
        `UPDATE "${schema}".job SET retry_limit = GREATEST(retry_limit, retry_count + $3)
         WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $4`,
        [this.name, delivery.id, max, delivery.deliveryCount - 1],
      );
      const failed = await this.boss.fail(this.name, attempt(delivery), { reason }, { db: tx });
      if (affected(failed) !== 1) throw new LeaseLostError(delivery.id, 'retryLater');
      // Past maxDeliveries fail() has dead-lettered it instead; then there is no waiting job to delay.
      await this.boss.update(this.name, undefined, {
        id: delivery.id,
        startAfter: Math.max(0, delaySec),
        db: tx,
      });
    });
  }

  async deadLetter(delivery: Delivery, reason: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const cancelled = await this.boss.cancel(this.name, attempt(delivery), { db: tx });
      if (affected(cancelled) !== 1) throw new LeaseLostError(delivery.id, 'deadLetter');
      await this.#sendDead(tx, {
        message: delivery.message,
        reason,
        source_id: delivery.id,
        dead_lettered_at: new Date().toISOString(),
      });
    });
  }

  async #sendDead(tx: Executor, data: DeadLetterData): Promise<void> {
    const id = await this.boss.send(this.deadLetterName, { ...data }, { db: tx });
    if (!id) throw new Error(`pg-boss did not accept the dead letter for message ${data.source_id}`);
  }

  /** Oldest first. */
  async listDeadLetters(limit = 100): Promise<DeadLetter[]> {
    const jobs = await this.boss.findJobs<unknown>(this.deadLetterName, { queued: true, limit });
    return jobs.map(toDeadLetter);
  }

  async inspectDeadLetter(id: string): Promise<DeadLetter | null> {
    if (!UUID.test(id)) return null;
    const [job] = await this.boss.findJobs<unknown>(this.deadLetterName, { id, queued: true });
    return job ? toDeadLetter(job) : null;
  }

  async replayDeadLetter(id: string, options: ReplayOptions = {}): Promise<boolean> {
    if (!UUID.test(id)) return false;
    return this.#db.transaction(async (tx) => {
      const [job] = await this.boss.findJobs<unknown>(this.deadLetterName, { id, queued: true, db: tx });
      if (!job) return false;
      // Deleted first and counted: of two concurrent replays of one letter, only one sends it.
      const deleted = await this.boss.deleteJob(this.deadLetterName, id, { db: tx });
      if (affected(deleted) !== 1) return false;
      const d = job.data as Partial<DeadLetterData> | JobMessage;
      const message =
        d && typeof d === 'object' && 'reason' in d && d.message ? d.message : (d as JobMessage);
      await options.onReplay?.(tx, message);
      const sent = await this.boss.send(this.name, { ...message }, { db: tx });
      if (!sent) throw new Error(`pg-boss did not accept the replayed message ${id}`);
      return true;
    });
  }

  async depth(): Promise<number> {
    // Counted from the job table rather than pg-boss's cached queue stats, which can be a minute old.
    const queue = await this.boss.getQueue(this.name);
    if (!queue) return 0;
    const schema = this.#options.schema ?? 'pgboss';
    const { rows } = await this.#db.executeSql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema.replaceAll('"', '""')}"."${queue.table.replaceAll('"', '""')}"
       WHERE name = $1 AND state IN ('created', 'retry')`,
      [this.name],
    );
    return rows[0].n;
  }
}

export function createPgBossQueue(options: PgBossQueueOptions): PgBossQueue {
  return new PgBossQueue(options);
}

/**
 * Installs or upgrades pg-boss's schema and creates the queues, then stops (for `kuduso migrate`; start()
 * does the same on its own, under pg-boss's advisory lock).
 */
export async function migrateQueue(options: PgBossQueueOptions): Promise<void> {
  const queue = new PgBossQueue(options);
  try {
    await queue.start();
  } finally {
    await queue.stop();
  }
}
