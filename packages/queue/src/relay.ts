// The outbox relay (`kuduso relay`, and inside `kuduso dev` / optionally `api` for broker backends): claims
// unpublished outbox rows FOR UPDATE SKIP LOCKED inside a transaction, publishes them with the broker's
// confirms, marks them sent and commits. At least once: a relay that dies after publishing and before
// committing leaves the rows for the next one, which publishes them again; message id = job id, so the broker
// (Service Bus duplicate detection) or the worker (a finished or running job) drops the copy. Several relays
// run safely at once: SKIP LOCKED hands each row to one of them.
import { claimOutbox, type Db, markOutboxFailed, markOutboxPublished, outboxLag } from '@kuduso/db';
import { itemOf } from './outbox.ts';
import type { Publisher } from './types.ts';

export interface RelayOptions {
  db: Db;
  publisher: Publisher;
  /** The outbox topic (the queue name). */
  topic: string;
  /** Rows per round (default 256). */
  batch?: number;
  /** Backoff after a failed round: base and cap in ms (default 100 ms .. 10 s). */
  backoffMs?: { base: number; max: number };
  /** Longest idle poll interval in ms (default 200). */
  idleMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, msg: string) => void;
}

export interface Relay {
  start(): void;
  stop(): Promise<void>;
  /** Publishes what is pending now, round after round until none is left (tests, `kuduso relay --once`). */
  drain(): Promise<number>;
  /** Unpublished rows and the oldest one's age in seconds (for metrics). */
  lag(): Promise<{ pending: number; oldest_sec: number }>;
  readonly published: number;
}

export function createRelay(options: RelayOptions): Relay {
  const { db, publisher, topic } = options;
  const batch = options.batch ?? 256;
  const backoff = options.backoffMs ?? { base: 100, max: 10_000 };
  const idleMax = options.idleMaxMs ?? 200;
  const log = options.log ?? (() => {});
  let published = 0;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  /** One round: how many rows were published (0: nothing pending). Throws when publishing failed. */
  async function round(): Promise<number> {
    let failure: unknown;
    const n = await db.transaction(async (tx) => {
      const rows = await claimOutbox(tx, batch, topic);
      if (rows.length === 0) return 0;
      try {
        await publisher.publish(rows.map(itemOf));
      } catch (e) {
        // Committed with the attempt counted and the error recorded; the rows stay unpublished.
        failure = e;
        await markOutboxFailed(
          tx,
          rows.map((r) => r.id),
          (e as Error).message,
        );
        return 0;
      }
      await markOutboxPublished(
        tx,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
    if (failure) throw failure;
    published += n;
    return n;
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    let idle = 5;
    let failures = 0;
    while (!stopping) {
      try {
        const n = await round();
        if (failures) log('info', { topic, failures }, 'relay publishing again');
        failures = 0;
        if (n > 0) {
          idle = 5;
          continue;
        }
        await pause(idle);
        idle = Math.min(idleMax, idle * 2);
      } catch (e) {
        failures++;
        const ms = Math.min(backoff.max, backoff.base * 2 ** Math.min(failures - 1, 16));
        log(
          failures === 1 ? 'warn' : 'error',
          { topic, err: (e as Error).message, retry_in_ms: ms },
          'relay round failed; backing off',
        );
        await pause(ms * (0.5 + Math.random() / 2));
      }
    }
  }

  return {
    get published() {
      return published;
    },
    start() {
      stopping = false;
      loop ??= run();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
    async drain() {
      let total = 0;
      for (;;) {
        const n = await round();
        if (n === 0) return total;
        total += n;
      }
    },
    lag: () => outboxLag(db, topic),
  };
}
