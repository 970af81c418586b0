// openServices(config, role): the one composition root. Every CLI role, `kuduso dev`, the AppServer
// start-up, the test harness and the benchmarks build their database, queue, blob store, contract registry
// and logger here, from the typed config, and close them here in reverse order.
import { mkdirSync } from 'node:fs';
import { type BlobStore, createBlobStore } from '@kuduso/blob';
import type { Config, ContractRegistry, Role } from '@kuduso/core';
import { createLogger, DEFAULT_CONTRACTS_DIR, type Logger, loadRegistry } from '@kuduso/core/node';
import { type Db, migrate, openDb, type PgDbOptions } from '@kuduso/db';
import {
  type Consumer,
  createQueue,
  createRelay,
  type DeadLetterAdmin,
  type Enqueuer,
  type Publisher,
  type QueueBackendAdapter,
  type QueueProbe,
  type Relay,
} from '@kuduso/queue';
import { startTracing, type Tracing } from '@kuduso/tracing';

/** Roles of the composition root: the CLI's, plus the in-process users. */
export type ServiceRole = Role | 'test' | 'bench';

export interface ServiceOptions {
  /** Default: a JSON logger on stdout named after the role. */
  logger?: Logger;
  /** Apply database migrations first (default: only for `dev`). */
  migrate?: boolean;
  /** An already open database (tests, benchmarks); it is not closed by close(). */
  db?: Db;
  /** A registry already loaded (default: from CONTRACTS_DIR). */
  registry?: ContractRegistry;
}

export interface BaseServices {
  config: Config;
  role: ServiceRole;
  logger: Logger;
  registry: ContractRegistry;
  blob: BlobStore;
  /** The process's tracing (OTEL_* variables; off by default); flushed and released by close(). */
  tracing: Tracing;
  close(): Promise<void>;
}

export interface Services extends BaseServices {
  db: Db;
  /** The whole backend (all ports); prefer the narrow ones below. */
  queue: QueueBackendAdapter;
  enqueuer: Enqueuer;
  consumer: Consumer;
  deadLetters: DeadLetterAdmin;
  probe: QueueProbe;
  /** The outbox relay, running, for broker backends in the roles that publish (relay, dev; api with RELAY_IN_API). */
  relay?: Relay;
}

/** Whether a role publishes the outbox itself (broker backends only; pg-boss needs no outbox). */
export function runsRelay(config: Pick<Config, 'relayInApi'>, role: ServiceRole): boolean {
  return role === 'relay' || role === 'dev' || role === 'test' || (role === 'api' && config.relayInApi);
}

function isPublisher(q: unknown): q is Publisher {
  return typeof (q as Publisher).publish === 'function';
}

export function contractsDirs(config: Pick<Config, 'contractsDirs'>): string[] {
  return config.contractsDirs?.length ? config.contractsDirs : [DEFAULT_CONTRACTS_DIR];
}

/** The pool's timeouts from the typed config (DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS). */
export function pgTimeouts(config: Config): PgDbOptions {
  return {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  };
}

// `kuduso migrate` waits for another migrator's lock and may build indexes: no statement timeout, a long
// query timeout, but connecting still fails fast.
const MIGRATION_TIMEOUTS: PgDbOptions = {
  connectTimeoutMs: 10_000,
  queryTimeoutMs: 600_000,
  statementTimeoutMs: 0,
};

/** `runMigrations`: true migrates before the role starts; 'only' is the migrate role (no statement timeout). */
export async function openDatabase(
  config: Config,
  log: Logger,
  runMigrations: boolean | 'only',
): Promise<Db> {
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    dataDir = `${config.dataDir}/pglite`;
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir,
    pg: runMigrations === 'only' ? MIGRATION_TIMEOUTS : pgTimeouts(config),
  });
  log.info({ driver: db.driver, data_dir: dataDir }, 'database open');
  if (runMigrations === true) {
    const applied = await migrate(db);
    log.info({ applied }, 'migrations applied');
  }
  return db;
}

/** Closes in reverse order, keeps going past failures, reports the first. */
async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  let first: unknown;
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}

export function openServices(
  config: Config,
  role: 'appserver',
  options?: ServiceOptions,
): Promise<BaseServices>;
export function openServices(config: Config, role: ServiceRole, options?: ServiceOptions): Promise<Services>;
export async function openServices(
  config: Config,
  role: ServiceRole,
  options: ServiceOptions = {},
): Promise<BaseServices | Services> {
  const logger = options.logger ?? createLogger(role, config.logLevel);
  const closers: (() => Promise<void>)[] = [];
  try {
    // First, so spans of everything below are exported; closed last, so nothing buffered is lost.
    const tracing = startTracing(config.tracing, role, logger);
    closers.push(() => tracing.close());
    if (tracing.enabled && config.tracing.exporter === 'otlp') {
      // The URL's origin and path only: credentials in it would be a secret.
      const u = new URL(config.tracing.endpoint);
      logger.info(
        { endpoint: `${u.origin}${u.pathname}`, protocol: config.tracing.protocol },
        'tracing to OTLP',
      );
    }
    const registry = options.registry ?? loadRegistry(contractsDirs(config));
    const blob = createBlobStore(config);
    await blob.check();
    const base: BaseServices = {
      config,
      role,
      logger,
      registry,
      blob,
      tracing,
      close: () => closeAll(closers),
    };
    if (role === 'appserver') return base;
    let db = options.db;
    if (db) {
      if (options.migrate) await migrate(db);
    } else {
      const opened = await openDatabase(config, logger, options.migrate ?? role === 'dev');
      closers.push(() => opened.close());
      db = opened;
    }
    const queue = await createQueue(config, {
      db,
      onError: (err) => logger.error({ err: err.message, queue: config.queueBackend }, 'queue error'),
      onEvent: (event, fields) => logger.info({ queue: config.queueBackend, ...fields }, event),
    });
    await queue.start();
    closers.push(() => queue.stop());
    let relay: Relay | undefined;
    if (!queue.transactionalSend && isPublisher(queue) && runsRelay(config, role)) {
      const r = createRelay({
        db,
        publisher: queue,
        topic: config.queueName,
        batch: config.relayBatch,
        log: (level, fields, msg) => logger[level](fields, msg),
      });
      r.start();
      closers.push(() => r.stop());
      relay = r;
      logger.info({ queue: config.queueBackend, topic: config.queueName }, 'outbox relay started');
    }
    return { ...base, db, queue, enqueuer: queue, consumer: queue, deadLetters: queue, probe: queue, relay };
  } catch (e) {
    await closeAll(closers).catch(() => {});
    throw e;
  }
}
