// The worker's own small listener (METRICS_PORT): /metrics in Prometheus format, /livez, and a /readyz that
// says whether this worker can reach the database, the queue and the AppServer right now (each checked
// on request, with a short timeout), so a scheduler stops sending work to a worker that cannot do it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeAppServer } from '@kuduso/appserver-client';
import type { Db, JobRow } from '@kuduso/db';
import {
  Counter,
  createMetricsRegistry,
  DURATION_BUCKETS,
  Gauge,
  Histogram,
  type Registry,
} from '@kuduso/http';
import type { QueueProbe } from '@kuduso/queue';
import type { HandleResult } from './handle-delivery.ts';
import type { Worker } from './worker.ts';

export interface WorkerMetrics {
  registry: Registry;
  /** Pass as createWorker's onResult. */
  onResult(
    result: HandleResult,
    delivery: { deliveryCount: number; message: { definition: string; version: string } },
  ): void;
  /** Pass as createWorker's onStarted (time in queue). */
  onStarted(
    job: Pick<
      JobRow,
      'definition' | 'version' | 'attempts' | 'unsettled_deliveries' | 'created_at' | 'started_at'
    >,
  ): void;
  /** Reports the worker's in-flight count and breakers at scrape time. */
  watch(worker: Worker): void;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = createMetricsRegistry('worker');
  const deliveries = new Counter({
    name: 'kuduso_worker_deliveries_total',
    help: 'Messages handled, by definition@version and outcome (succeeded, failed, retried, handed-back, skipped, database-unavailable).',
    labelNames: ['definition', 'outcome'] as const,
    registers: [registry],
  });
  const finished = new Counter({
    name: 'kuduso_jobs_finished_total',
    help: 'Jobs this worker finished, by definition@version and status.',
    labelNames: ['definition', 'status'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'kuduso_job_retries_total',
    help: 'Retries scheduled, by definition@version and whether they count toward MAX_ATTEMPTS (an outage does not).',
    labelNames: ['definition', 'counted'] as const,
    registers: [registry],
  });
  const deliveryCount = new Histogram({
    name: 'kuduso_worker_delivery_count',
    help: 'How many times a message had been delivered when this worker took it (1 = first delivery).',
    buckets: [1, 2, 3, 5, 10, 20, 50],
    registers: [registry],
  });
  const queueTime = new Histogram({
    name: 'kuduso_job_queue_seconds',
    help: "Time in queue: from the job's submission to its first start on a worker (database clock), by definition@version.",
    labelNames: ['definition'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  let watched: Worker | undefined;
  new Gauge({
    name: 'kuduso_worker_jobs_running',
    help: 'Jobs this worker is running now.',
    registers: [registry],
    collect() {
      this.set(watched?.running ?? 0);
    },
  });
  new Gauge({
    name: 'kuduso_worker_paused',
    help: '1 while the worker pauses because the AppServer or the database is unavailable.',
    labelNames: ['cause'] as const,
    registers: [registry],
    collect() {
      for (const [cause, state] of Object.entries(watched?.breakers ?? {}))
        this.set({ cause }, state === 'open' ? 1 : 0);
    },
  });
  return {
    registry,
    onResult(result, delivery) {
      const definition = `${delivery.message.definition}@${delivery.message.version}`;
      deliveries.inc({ definition, outcome: result.kind });
      deliveryCount.observe(delivery.deliveryCount);
      if (result.kind === 'succeeded' || result.kind === 'failed')
        finished.inc({ definition, status: result.kind });
      if (result.kind === 'retried') retries.inc({ definition, counted: String(result.counted) });
    },
    onStarted(job) {
      // The first start only: a retry's wait is its backoff, chosen on purpose, not time spent in the queue.
      if (job.attempts !== 1 || job.unsettled_deliveries !== 0 || !job.started_at) return;
      const sec = (job.started_at.getTime() - job.created_at.getTime()) / 1000;
      queueTime.observe({ definition: `${job.definition}@${job.version}` }, Math.max(0, sec));
    },
    watch(worker) {
      watched = worker;
    },
  };
}

export interface WorkerHealthDeps {
  db: Db;
  probe: QueueProbe;
  appServerUrl: string;
  metrics: WorkerMetrics;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/** The checks /readyz runs: 'ok' or why not (never a connection string or token). */
export async function workerReadiness(deps: WorkerHealthDeps): Promise<Record<string, string>> {
  const check = async (fn: () => Promise<unknown>) => {
    try {
      const ok = await withTimeout(fn(), 2000);
      return ok === false ? 'unreachable' : 'ok';
    } catch (e) {
      return (e as Error).message === 'timeout' ? 'timeout' : 'unreachable';
    }
  };
  const [database, queue, appserver] = await Promise.all([
    check(() => deps.db.executeSql('SELECT 1')),
    check(() => deps.probe.depth()),
    check(() => probeAppServer(deps.appServerUrl, 2000)),
  ]);
  return { database, queue, appserver };
}

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startWorkerHealthServer(
  deps: WorkerHealthDeps,
  port: number,
  host: string,
): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return json(405, { code: 'METHOD_NOT_ALLOWED', message: 'Only GET.' });
    if (path === '/livez') return json(200, { status: 'ok' });
    if (path === '/readyz') {
      void workerReadiness(deps).then((checks) => {
        const ok = Object.values(checks).every((v) => v === 'ok');
        json(
          ok ? 200 : 503,
          ok
            ? { status: 'ok', checks }
            : { code: 'NOT_READY', message: 'The worker cannot work now.', checks },
        );
      });
      return;
    }
    if (path === '/metrics') {
      void deps.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text),
        () => json(500, { code: 'INTERNAL', message: 'Metrics failed.' }),
      );
      return;
    }
    json(404, { code: 'NOT_FOUND', message: `No route GET ${path}.` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
