// The worker's handling of one delivery, from the message to a settled message and a job row that says
// what happened. Crash-safe by ordering: the database is written before the message is settled, so a crash
// in between only causes a redelivery, which finds the finished job and completes the message.
//
// Outcomes: succeeded | failed (dead-lettered now) | retried counting an attempt | retried NOT counting an
// attempt (the AppServer is down or full: `pause` asks the worker to stop taking messages) | handed back
// (shutdown, no attempt lost) | database unavailable (`pause`) | skipped (finished, unknown, duplicate).
import { type CallSolve, callSolve, type SolveCall } from '@kuduso/appserver-client';
import type { Config, ContractRegistry } from '@kuduso/core';
import { jobLogger, type Logger } from '@kuduso/core/node';
import {
  type Db,
  findJobById,
  heartbeatJob,
  insertArtifacts,
  insertResult,
  type JobRow,
  jobStatusById,
  markFailed,
  markQueued,
  markRunning,
  markSucceeded,
} from '@kuduso/db';
import { type Consumer, type Delivery, LeaseLostError } from '@kuduso/queue';
import { retryDelaySec } from './backoff.ts';
import { decide, type Verdict } from './decide.ts';
import { isDatabaseUnavailable } from './outage.ts';

export type HandleConfig = Pick<
  Config,
  | 'appServerUrl'
  | 'appserverToken'
  | 'jobTimeoutSec'
  | 'lockRenewSec'
  | 'leaseSec'
  | 'maxAttempts'
  | 'poisonDeliveries'
  | 'retryBaseSec'
  | 'retryMaxSec'
>;

export interface HandleDeps {
  config: HandleConfig;
  registry: ContractRegistry;
  db: Db;
  consumer: Consumer;
  logger: Logger;
  /** The AppServer call (default: HTTP through @kuduso/appserver-client); unit tests pass their own. */
  solve?: CallSolve;
  /** Aborted when the worker's shutdown grace is over: the running solve is stopped and handed back. */
  shutdown?: AbortSignal;
  /**
   * The score stored with a result, from the definition module's summary (wired by the composition root, so
   * the worker names no definition). Without it: the first result's `score`, when there is one.
   */
  scoreOf?: (definitionVersion: string, outputs: Record<string, unknown>) => number | null;
  /** Called when the job is marked running (the row as it is now: attempts, created_at, started_at). */
  onStarted?: (job: JobRow) => void;
}

export type HandleResult =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: string }
  | { kind: 'retried'; counted: boolean; delaySec: number; error: string }
  | { kind: 'handed-back' }
  | { kind: 'skipped'; why: 'unknown-job' | 'finished' | 'duplicate' | 'cancelled' | 'lease-lost' }
  | { kind: 'database-unavailable'; error: string };

/** What the worker loop should do next besides taking the next message. */
export function pauseFor(
  result: HandleResult,
): { cause: 'appserver' | 'database'; retryAfterSec?: number } | undefined {
  if (result.kind === 'database-unavailable') return { cause: 'database' };
  if (result.kind === 'retried' && !result.counted)
    return { cause: 'appserver', retryAfterSec: result.delaySec };
  return undefined;
}

/** The worker waits this much longer than the engine's own timeout, so the AppServer's 504 arrives first. */
const HTTP_MARGIN_SEC = 5;
/** Outage retries come back soon: the breaker, not the message's delay, paces them. */
const OUTAGE_RETRY_SEC = 1;
/** How often a running job's status is read to notice a cancellation. */
const CANCEL_CHECK_MS = 1000;

/** A running job whose heartbeat is older than this is taken over (its holder died); fresher is a duplicate. */
export function staleAfterSec(config: Pick<Config, 'leaseSec' | 'lockRenewSec'>): number {
  return (config.leaseSec + config.lockRenewSec) / 2;
}

export async function handleDelivery(deps: HandleDeps, d: Delivery): Promise<HandleResult> {
  const m = d.message;
  const log = jobLogger(deps.logger, {
    correlation_id: m.correlation_id,
    job_id: m.job_id,
    tenant_id: m.tenant_id,
    app_id: m.app_id,
    definition: m.definition,
    version: m.version,
  });
  try {
    return await handle(deps, d, log);
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    const error = `database unavailable: ${(e as Error).message}`;
    log.warn({ err: (e as Error).message }, 'database unavailable: message handed back, worker pauses');
    // Best effort (with pg-boss the queue is in that database too): otherwise the lease lapses.
    await deps.consumer.retryLater(d, OUTAGE_RETRY_SEC, error).catch(() => {});
    return { kind: 'database-unavailable', error };
  }
}

async function fail(
  deps: HandleDeps,
  job: JobRow,
  d: Delivery,
  error: string,
  log: Logger,
): Promise<HandleResult> {
  await markFailed(deps.db, job.id, error);
  await deps.consumer.deadLetter(d, error);
  log.error({ attempts: job.attempts, last_error: error }, 'job failed and dead-lettered');
  return { kind: 'failed', error };
}

async function handle(deps: HandleDeps, d: Delivery, log: Logger): Promise<HandleResult> {
  const { config, db, consumer } = deps;
  const job = await findJobById(db, d.message.job_id);
  if (!job) {
    log.warn('message for an unknown job: completed without running');
    await consumer.complete(d);
    return { kind: 'skipped', why: 'unknown-job' };
  }
  if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') {
    log.info({ status: job.status }, 'job already finished: message completed without running again');
    await consumer.complete(d);
    return { kind: 'skipped', why: 'finished' };
  }
  if (job.attempts >= config.maxAttempts && job.status === 'queued') {
    return fail(deps, job, d, job.last_error ?? `gave up after ${job.attempts} attempts`, log);
  }
  const contract = deps.registry.get(job.definition, job.version);
  if (!contract) return fail(deps, job, d, `UNKNOWN_DEFINITION: ${job.definition}@${job.version}`, log);
  const running = await markRunning(db, job.id, { staleAfterSec: staleAfterSec(config) });
  if (!running) {
    const now = await findJobById(db, job.id);
    if (now?.status === 'running') {
      // Another worker holds it and is alive (a duplicate message from an at-least-once relay): look again
      // after a lease; by then it has finished (this copy is completed) or its holder died (taken over).
      log.info('duplicate message for a running job: checked again after a lease');
      await consumer.retryLater(d, config.leaseSec, 'duplicate of a running job');
      return { kind: 'skipped', why: 'duplicate' };
    }
    await consumer.complete(d);
    return { kind: 'skipped', why: 'finished' };
  }
  if (running.unsettled_deliveries >= config.poisonDeliveries) {
    const error = `POISON: ${running.unsettled_deliveries} deliveries of this job ended without settling (its worker died or lost the lease each time)`;
    return fail(deps, running, d, error, log);
  }
  log.info({ attempt: running.attempts, delivery: d.deliveryCount }, 'job started');
  deps.onStarted?.(running);
  const verdict = await run(deps, running, d, log);
  return settle(deps, running, d, verdict, log);
}

/** Calls the AppServer while renewing the lease and the job's heartbeat; aborts the call when either is lost. */
async function run(deps: HandleDeps, job: JobRow, d: Delivery, log: Logger): Promise<Verdict> {
  const { config, consumer, db } = deps;
  const contract = deps.registry.get(job.definition, job.version);
  const timeoutSec = config.jobTimeoutSec ?? contract?.manifest.timeout_sec ?? 240;
  const abort = new AbortController();
  const stop = (reason: string) => {
    if (!abort.signal.aborted) abort.abort(reason);
  };
  const onShutdown = () => stop('shutdown');
  deps.shutdown?.addEventListener('abort', onShutdown, { once: true });
  if (deps.shutdown?.aborted) stop('shutdown');
  const onLost = () => stop('lease-lost');
  d.lost?.addEventListener('abort', onLost, { once: true });
  const renew = setInterval(() => {
    consumer.renew(d).catch((e: Error) => {
      if (e instanceof LeaseLostError) {
        log.warn({ err: e.message }, 'lease lost: aborting the running solve');
        stop('lease-lost');
      } else log.warn({ err: e.message }, 'lease renewal failed');
    });
    // The job row's heartbeat, and the hook for cancellation: a job no longer running is not worth finishing.
    heartbeatJob(db, job.id).then(
      (status) => {
        if (status === 'cancelled') {
          log.info('job cancelled: aborting the running solve');
          stop('cancelled');
        }
      },
      (e: Error) => log.warn({ err: e.message }, 'job heartbeat failed'),
    );
  }, config.lockRenewSec * 1000);
  // A cancelled job stops within seconds, not at the next lease renewal (45 s by default): its status alone is
  // read every CANCEL_CHECK_MS, and a cancellation aborts the AppServer call (which stops the engine).
  const cancelCheck = setInterval(
    () => {
      jobStatusById(db, job.id).then(
        (status) => {
          if (status === 'cancelled' && !abort.signal.aborted) {
            log.info('job cancelled: aborting the running solve');
            stop('cancelled');
          }
        },
        () => {}, // the heartbeat above reports database trouble
      );
    },
    Math.min(CANCEL_CHECK_MS, config.lockRenewSec * 1000),
  );
  const call: SolveCall = {
    appServerUrl: config.appServerUrl,
    definition: job.definition,
    version: job.version,
    inputs: job.payload_json,
    jobId: job.id,
    tenantId: job.tenant_id,
    correlationId: job.correlation_id,
    token: config.appserverToken,
    timeoutMs: (timeoutSec + HTTP_MARGIN_SEC) * 1000,
    signal: abort.signal,
  };
  try {
    return decide(await (deps.solve ?? callSolve)(call));
  } finally {
    clearInterval(renew);
    clearInterval(cancelCheck);
    deps.shutdown?.removeEventListener('abort', onShutdown);
    d.lost?.removeEventListener('abort', onLost);
  }
}

async function settle(
  deps: HandleDeps,
  job: JobRow,
  d: Delivery,
  v: Verdict,
  log: Logger,
): Promise<HandleResult> {
  const { config, db, consumer } = deps;
  switch (v.kind) {
    case 'succeed': {
      const first = (v.outputs.results as { score?: unknown }[] | undefined)?.[0];
      const score = deps.scoreOf
        ? deps.scoreOf(`${job.definition}@${job.version}`, v.outputs)
        : typeof first?.score === 'number'
          ? first.score
          : null;
      await db.transaction(async (tx) => {
        await insertResult(tx, job.id, v.outputs, score);
        await insertArtifacts(
          tx,
          job.id,
          v.artifacts.map((a) => ({
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
      await consumer.complete(d);
      log.info({ attempts: job.attempts, artifacts: v.artifacts.length }, 'job succeeded');
      return { kind: 'succeeded' };
    }
    case 'fail':
      return fail(deps, job, d, v.error, log);
    case 'aborted': {
      if (v.reason === 'cancelled') {
        await consumer.complete(d);
        return { kind: 'skipped', why: 'cancelled' };
      }
      if (v.reason === 'lease-lost') return { kind: 'skipped', why: 'lease-lost' };
      // Shutdown: handed back at once, and the interrupted run does not count as an attempt.
      const error = 'worker shutting down: handed back';
      await markQueued(db, job.id, error, { refundAttempt: true });
      await consumer.retryLater(d, 0, error);
      log.warn({ attempts: job.attempts - 1 }, 'job handed back at shutdown');
      return { kind: 'handed-back' };
    }
    case 'outage': {
      const delaySec = Math.max(OUTAGE_RETRY_SEC, v.retryAfterSec ?? 0);
      await markQueued(db, job.id, v.error, { refundAttempt: true });
      await consumer.retryLater(d, delaySec, v.error);
      log.warn(
        { attempts: job.attempts - 1, retry_in_sec: delaySec, last_error: v.error },
        'AppServer unavailable: retry without counting an attempt',
      );
      return { kind: 'retried', counted: false, delaySec, error: v.error };
    }
    case 'retry': {
      if (job.attempts >= config.maxAttempts) {
        return fail(deps, job, d, `${v.error} (gave up after ${job.attempts} attempts)`, log);
      }
      const delaySec = retryDelaySec(
        { baseSec: config.retryBaseSec, maxSec: config.retryMaxSec },
        job.attempts,
        v.retryAfterSec,
      );
      await markQueued(db, job.id, v.error);
      await consumer.retryLater(d, delaySec, v.error);
      log.warn(
        { attempts: job.attempts, retry_in_sec: Number(delaySec.toFixed(2)), last_error: v.error },
        'retry scheduled',
      );
      return { kind: 'retried', counted: true, delaySec, error: v.error };
    }
  }
}
