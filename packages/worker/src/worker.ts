// The worker: WORKER_CONCURRENCY loops, each taking one message at a time and handing it to
// handleDelivery(). Two circuit breakers sit in front of receive(): one for the AppServer (down, 503, no free
// seat) and one for the database; while either is open no new message is taken, so an outage pauses the
// worker instead of draining the queue into dead letters, and it resumes by itself once a probe succeeds.
import { type CallSolve, probeAppServer } from '@kuduso/appserver-client';
import type { Config, ContractRegistry } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type Db, tenantDb } from '@kuduso/db';
import type { Consumer, Delivery } from '@kuduso/queue';
import { contextFrom, SpanKind, SpanStatusCode, startSpan, traceFields, withSpan } from '@kuduso/tracing';
import { Breaker, sleep } from './breaker.ts';
import { type HandleDeps, type HandleResult, handleDelivery, pauseFor } from './handle-delivery.ts';
import { isDatabaseUnavailable } from './outage.ts';

export interface WorkerDeps {
  config: Config;
  registry: ContractRegistry;
  db: Db;
  /** The queue's consumer port (`queue` is the old name, still accepted). */
  consumer?: Consumer;
  queue?: Consumer;
  logger: Logger;
  solve?: CallSolve;
  /** The definition module's score for a result (see HandleDeps.scoreOf). */
  scoreOf?: (definitionVersion: string, outputs: Record<string, unknown>) => number | null;
  /** Seen after every delivery (metrics, tests). */
  onResult?: (result: HandleResult, delivery: Delivery) => void;
  /** Seen when a job starts running (metrics: time in queue). */
  onStarted?: HandleDeps['onStarted'];
}

export interface Worker {
  start(): void;
  /** Stops taking messages; waits up to graceMs for running jobs, then hands them back to the queue. */
  stop(graceMs?: number): Promise<void>;
  readonly running: number;
  /** 'open' while the worker pauses for the AppServer or the database. */
  readonly breakers: { appserver: string; database: string };
}

const IDLE_MAX_MS = 250;

/** Kept for callers that size leases from the config. */
export function leaseSecFor(config: Pick<Config, 'leaseSec'>): number {
  return config.leaseSec;
}

export function createWorker(deps: WorkerDeps): Worker {
  const { config, db } = deps;
  const consumer = deps.consumer ?? deps.queue;
  if (!consumer) throw new Error('createWorker needs a consumer');
  const log = deps.logger;
  const stopping = new AbortController();
  const forced = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let loops: Promise<void>[] = [];
  const policy = {
    baseSec: Math.max(0.05, config.retryBaseSec),
    maxSec: Math.max(1, Math.min(30, config.retryMaxSec)),
  };
  const onChange = (state: string, info: { name: string; trips: number; retryInSec?: number }) => {
    const fields = {
      breaker: info.name,
      trips: info.trips,
      retry_in_sec: info.retryInSec && Number(info.retryInSec.toFixed(2)),
    };
    if (state === 'open') log.warn(fields, `${info.name} unavailable: pausing, taking no new messages`);
    else log.info(fields, `${info.name} available again: resuming`);
  };
  const appserver = new Breaker({
    name: 'appserver',
    policy,
    probe: () => probeAppServer(config.appServerUrl),
    onChange,
  });
  const database = new Breaker({
    name: 'database',
    policy,
    probe: async () => {
      await db.executeSql('SELECT 1');
      return true;
    },
    onChange,
  });

  async function one(d: Delivery): Promise<void> {
    let result: HandleResult;
    // One span per delivery, in the trace of the API request that queued the job (the message's traceparent);
    // active while it runs, so the AppServer call carries it.
    const m = d.message;
    const span = startSpan(`job ${m.definition}@${m.version}`, {
      parent: contextFrom(m),
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.operation.type': 'process',
        'kuduso.job_id': m.job_id,
        'kuduso.correlation_id': m.correlation_id,
        'kuduso.delivery_count': d.deliveryCount,
      },
    });
    try {
      result = await withSpan(span, () =>
        handleDelivery(
          {
            config,
            registry: deps.registry,
            // The job's rows as its tenant (app role, row-level security); the queue stays the owner's.
            db: tenantDb(db, m.tenant_id),
            consumer: consumer as Consumer,
            logger: log.child(traceFields(span)),
            solve: deps.solve,
            scoreOf: deps.scoreOf,
            shutdown: forced.signal,
            onStarted: deps.onStarted,
          },
          d,
        ),
      );
      span.setAttribute('kuduso.outcome', result.kind);
      if (result.kind === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: result.error });
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      // Left unsettled on purpose: the lease lapses and the message comes back.
      log.error(
        { err: (e as Error).message, job_id: d.message.job_id, correlation_id: d.message.correlation_id },
        'job handling failed',
      );
      return;
    } finally {
      span.end();
    }
    const pause = pauseFor(result);
    if (pause?.cause === 'appserver') appserver.trip(pause.retryAfterSec);
    else if (pause?.cause === 'database') database.trip();
    else if (
      result.kind === 'succeeded' ||
      result.kind === 'failed' ||
      (result.kind === 'retried' && result.counted)
    ) {
      appserver.reset();
    }
    deps.onResult?.(result, d);
  }

  async function loop(slot: number): Promise<void> {
    let idleMs = 25;
    while (!stopping.signal.aborted) {
      await database.ready(stopping.signal);
      await appserver.ready(stopping.signal);
      if (stopping.signal.aborted) break;
      let deliveries: Delivery[];
      try {
        // An idle slot waits inside receive(), which a backend can end early when a message arrives
        // (pg-boss: LISTEN/NOTIFY; RabbitMQ: a push), so pickup is not a polling interval.
        deliveries = await consumer!.receive({ max: 1, waitMs: idleMs });
        database.reset();
      } catch (e) {
        const err = (e as Error).message;
        if (isDatabaseUnavailable(e)) database.trip();
        else {
          log.error({ err, slot }, 'receive failed; backing off');
          await sleep(1000, stopping.signal);
        }
        continue;
      }
      if (deliveries.length === 0) {
        idleMs = Math.min(IDLE_MAX_MS, idleMs * 2);
        continue;
      }
      idleMs = 25;
      for (const d of deliveries) {
        const p = one(d);
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
    get breakers() {
      return { appserver: appserver.state, database: database.state };
    },
    start() {
      log.info(
        {
          concurrency: config.workerConcurrency,
          lease_sec: consumer.leaseSec,
          renew_sec: config.lockRenewSec,
          queue: consumer.backend,
        },
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
