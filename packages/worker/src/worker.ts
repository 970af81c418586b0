// The worker: takes one message at a time per slot, runs its job through the AppServer, and records the
// outcome. Every accepted job ends succeeded or failed; every message ends completed, retried later or
// dead-lettered. Crash-safe by ordering: the database is written before the message is settled, so a crash
// in between only causes a redelivery, which finds the finished job and completes the message.
import type { Config, ContractRegistry } from '@kuduso/core';
import { jobLogger, type Logger } from '@kuduso/core/node';
import {
  type Db,
  findJobById,
  insertArtifacts,
  insertResult,
  type JobRow,
  markFailed,
  markQueued,
  markRunning,
  markSucceeded,
} from '@kuduso/db';
import type { Delivery, Queue } from '@kuduso/queue';
import { retryDelaySec } from './backoff.ts';
import { callSolve, type SolveOutcome } from './solve-client.ts';

export interface WorkerDeps {
  config: Config;
  registry: ContractRegistry;
  db: Db;
  queue: Queue;
  logger: Logger;
  /**
   * The score the database keeps with a result: the definition module's summary (wired by the composition
   * root, so the worker names no definition). Without it no score is stored.
   */
  scoreOf?: (definitionVersion: string, outputs: Record<string, unknown>) => number | null;
}

export interface Worker {
  start(): void;
  /** Stops taking messages; waits up to graceMs for running jobs, then hands them back to the queue. */
  stop(graceMs?: number): Promise<void>;
  readonly running: number;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
/** The worker waits this much longer than the engine's own timeout, so the AppServer's 504 arrives first. */
const HTTP_MARGIN_SEC = 5;
const IDLE_MAX_MS = 250;

export function leaseSecFor(config: Config): number {
  return Math.max(10, config.lockRenewSec * 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function createWorker(deps: WorkerDeps): Worker {
  const { config, registry, db, queue } = deps;
  const log = deps.logger;
  const leaseSec = leaseSecFor(config);
  const stopping = new AbortController();
  const forced = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let loops: Promise<void>[] = [];

  async function fail(job: JobRow, d: Delivery, error: string, jlog: Logger): Promise<void> {
    await markFailed(db, job.id, error);
    await queue.deadLetter(d, error);
    jlog.error({ attempts: job.attempts, last_error: error }, 'job failed and dead-lettered');
  }

  async function settle(job: JobRow, d: Delivery, outcome: SolveOutcome, jlog: Logger): Promise<void> {
    if (outcome.kind === 'ok') {
      const score = deps.scoreOf?.(`${job.definition}@${job.version}`, outcome.outputs) ?? null;
      await db.transaction(async (tx) => {
        await insertResult(tx, job.id, outcome.outputs, score);
        await insertArtifacts(
          tx,
          job.id,
          outcome.artifacts.map((a) => ({
            kind: a.kind,
            label: a.label ?? null,
            storage_key: a.key,
            content_type: a.content_type ?? null,
            size_bytes: a.size_bytes ?? null,
            checksum: a.checksum ?? null,
          })),
        );
        if (!(await markSucceeded(tx, job.id))) throw new Error('the job is no longer running');
      });
      await queue.complete(d);
      jlog.info({ attempts: job.attempts, artifacts: outcome.artifacts.length }, 'job succeeded');
      return;
    }
    if (outcome.kind === 'permanent') return fail(job, d, outcome.error, jlog);
    if (job.attempts >= config.maxAttempts) {
      return fail(job, d, `${outcome.error} (gave up after ${job.attempts} attempts)`, jlog);
    }
    // Handed back at shutdown: another worker may take it at once; otherwise back off.
    const delay = forced.signal.aborted
      ? 0
      : retryDelaySec(
          { baseSec: config.retryBaseSec, maxSec: config.retryMaxSec },
          job.attempts,
          outcome.retryAfterSec,
        );
    await markQueued(db, job.id, outcome.error);
    await queue.retryLater(d, delay, outcome.error);
    jlog.warn(
      { attempts: job.attempts, retry_in_sec: Number(delay.toFixed(2)), last_error: outcome.error },
      'retry scheduled',
    );
  }

  async function handle(d: Delivery): Promise<void> {
    const m = d.message;
    const jlog = jobLogger(log, {
      correlation_id: m.correlation_id,
      job_id: m.job_id,
      tenant_id: m.tenant_id,
      app_id: m.app_id,
      definition: m.definition,
      version: m.version,
    });
    const job = await findJobById(db, m.job_id);
    if (!job) {
      jlog.warn('message for an unknown job: completed without running');
      return queue.complete(d);
    }
    if (FINISHED.has(job.status)) {
      jlog.info({ status: job.status }, 'job already finished: message completed without running again');
      return queue.complete(d);
    }
    if (job.attempts >= config.maxAttempts) {
      return fail(job, d, job.last_error ?? `gave up after ${job.attempts} attempts`, jlog);
    }
    const contract = registry.get(job.definition, job.version);
    if (!contract) return fail(job, d, `UNKNOWN_DEFINITION: ${job.definition}@${job.version}`, jlog);
    const running = await markRunning(db, job.id);
    if (!running) return queue.complete(d);
    jlog.info({ attempt: running.attempts, delivery: d.deliveryCount }, 'job started');

    const timeoutSec = config.jobTimeoutSec ?? contract.manifest.timeout_sec;
    const renew = setInterval(() => {
      queue.renew(d, leaseSec).catch((e: Error) => jlog.warn({ err: e.message }, 'lease renewal failed'));
    }, config.lockRenewSec * 1000);
    let outcome: SolveOutcome;
    try {
      outcome = await callSolve({
        appServerUrl: config.appServerUrl,
        definition: job.definition,
        version: job.version,
        inputs: job.payload_json,
        jobId: job.id,
        tenantId: job.tenant_id,
        correlationId: job.correlation_id,
        token: config.appserverToken,
        timeoutMs: (timeoutSec + HTTP_MARGIN_SEC) * 1000,
        signal: forced.signal,
      });
    } finally {
      clearInterval(renew);
    }
    await settle(running, d, outcome, jlog);
  }

  async function loop(slot: number): Promise<void> {
    let idleMs = 25;
    while (!stopping.signal.aborted) {
      let deliveries: Delivery[];
      try {
        deliveries = await queue.receive({ leaseSec, max: 1 });
      } catch (e) {
        log.error({ err: (e as Error).message, slot }, 'receive failed; backing off');
        await sleep(1000, stopping.signal);
        continue;
      }
      if (deliveries.length === 0) {
        await sleep(idleMs, stopping.signal);
        idleMs = Math.min(IDLE_MAX_MS, idleMs * 2);
        continue;
      }
      idleMs = 25;
      for (const d of deliveries) {
        const p = handle(d).catch((e: Error) => {
          // Left unsettled on purpose: the lease lapses and the message comes back.
          log.error(
            { err: e.message, job_id: d.message.job_id, correlation_id: d.message.correlation_id },
            'job handling failed',
          );
        });
        inFlight.add(p);
        await p;
        inFlight.delete(p);
      }
    }
  }

  return {
    get running() {
      return inFlight.size;
    },
    start() {
      log.info(
        { concurrency: config.workerConcurrency, lease_sec: leaseSec, queue: queue.backend },
        'worker started',
      );
      loops = Array.from({ length: config.workerConcurrency }, (_, i) => loop(i));
    },
    async stop(graceMs = 30_000) {
      stopping.abort();
      const timer = setTimeout(() => {
        if (inFlight.size)
          log.warn({ running: inFlight.size }, 'grace period over: handing running jobs back');
        forced.abort();
      }, graceMs);
      await Promise.all(loops);
      clearTimeout(timer);
      log.info('worker stopped');
    },
  };
}
