// The API's own metrics beside HTTP durations: submissions by definition and outcome, and gauges read at
// scrape time from the database and the queue (queue depth, dead letters, jobs by status, and for broker
// backends the outbox the relay has not yet published).
import { countJobsByStatus, outboxLag } from '@kuduso/db';
import { Counter, Gauge, type Registry } from '@kuduso/http';
import type { ApiDeps } from './deps.ts';

export interface ApiMetrics {
  accepted: Counter<'definition' | 'outcome'>;
}

/** Dead letters are counted up to this many (a scrape must stay cheap). */
const DEAD_LETTER_SCAN = 1000;

export function createApiMetrics(deps: ApiDeps, registry: Registry): ApiMetrics {
  const { db, queue } = deps;
  const accepted = new Counter({
    name: 'kuduso_jobs_accepted_total',
    help: 'POST /jobs/run answered with a job, by definition@version and outcome (queued, cached, replayed).',
    labelNames: ['definition', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'kuduso_queue_depth',
    help: 'Messages waiting in the job queue (ready or delayed).',
    registers: [registry],
    async collect() {
      this.set(await queue.depth().catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: 'kuduso_dead_letters',
    help: `Dead-lettered messages (counted up to ${DEAD_LETTER_SCAN}).`,
    registers: [registry],
    async collect() {
      this.set(
        await queue
          .listDeadLetters(DEAD_LETTER_SCAN)
          .then((l) => l.length)
          .catch(() => Number.NaN),
      );
    },
  });
  new Gauge({
    name: 'kuduso_jobs',
    help: 'Jobs in the database by status (all tenants).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await countJobsByStatus(db).catch(() => undefined);
      if (!counts) return;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  if (queue.backend !== 'pgboss') {
    // pg-boss writes its message in the job's transaction; brokers go through the outbox and the relay, whose
    // falling behind (broker down, relay not running) shows here first.
    const lag = () => outboxLag(db, deps.config.queueName).catch(() => undefined);
    new Gauge({
      name: 'kuduso_outbox_pending',
      help: 'Outbox rows (queued jobs) the relay has not yet published to the broker.',
      registers: [registry],
      async collect() {
        this.set((await lag())?.pending ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'kuduso_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none is pending).',
      registers: [registry],
      async collect() {
        this.set((await lag())?.oldest_sec ?? Number.NaN);
      },
    });
  }
  return { accepted };
}
