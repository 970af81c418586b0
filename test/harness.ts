// A whole Kuduso (api + worker + appserver) inside the test process, on a fresh real PostgreSQL database or
// an in-memory PGlite, with a temporary blob folder and captured JSON logs. Nothing is mocked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildApiOptions, buildApi } from '@kuduso/api';
import { Definitions, startAppServer } from '@kuduso/appserver';
import type { BlobStore } from '@kuduso/blob';
import { domainCheckFor, scoreFor } from '@kuduso/cli';
import { type Config, parseConfig } from '@kuduso/core';
import { createLogger, type Logger, loadRegistry } from '@kuduso/core/node';
import { type DbDriver, findJobById, type JobRow } from '@kuduso/db';
import { openTestDb } from '@kuduso/db/testing';
import type { QueueBackendAdapter } from '@kuduso/queue';
import { openServices, type Services } from '@kuduso/services';
import { createWorker, type Worker, type WorkerDeps } from '@kuduso/worker';
import type { FastifyInstance } from 'fastify';

export const REPO = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const CONTRACT_DIRS = [`${REPO}/contracts`, `${REPO}/test/fixtures/contracts`];

export interface Stack {
  driver: DbDriver;
  config: Config;
  api: FastifyInstance;
  apiUrl: string;
  appserverUrl: string;
  worker?: Worker;
  db: Awaited<ReturnType<typeof openTestDb>>['db'];
  /** The test database's URL (pg only), for child processes such as `kuduso dlq`. */
  databaseUrl?: string;
  /** The stack's blob store (what openServices built from BLOB_BACKEND). */
  blob: BlobStore;
  queue: QueueBackendAdapter;
  /** What openServices built for this stack (the same db, queue, blob store and registry). */
  services: Services;
  logs: Record<string, unknown>[];
  /** A logger writing into `logs` with this role. */
  logFor(role: string): Logger;
  waitFor(jobId: string, statuses: string[], timeoutMs?: number): Promise<JobRow>;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  /** Start a worker (default true). */
  worker?: boolean;
  /** Contract folders (default: the repository's and the mock fixtures). */
  contractDirs?: string[];
  /** Seen by the worker after every delivery (worker metrics). */
  onResult?: WorkerDeps['onResult'];
  /** Seen by the worker when a job starts (worker metrics: time in queue). */
  onStarted?: WorkerDeps['onStarted'];
  /** Options of the API besides dev mode. */
  api?: BuildApiOptions;
}

/** Fast retries and short leases so failure paths finish within a test. */
export const TEST_ENV: Record<string, string> = {
  PORT: '0',
  APPSERVER_PORT: '0',
  RETRY_BASE_SEC: '0.05',
  RETRY_MAX_SEC: '0.3',
  LOCK_RENEW_SEC: '5',
  LOG_LEVEL: 'info',
  ARTIFACT_SIGNING_SECRET: 'test-secret',
  CONTRACTS_DIR: CONTRACT_DIRS.join(','),
};

export async function startStack(driver: DbDriver, options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kuduso-test-'));
  const testDb = await openTestDb(driver);
  const contractDirs = options.contractDirs ?? CONTRACT_DIRS;
  const config = parseConfig(
    { ...TEST_ENV, CONTRACTS_DIR: contractDirs.join(','), KUDUSO_DATA_DIR: dataDir, ...options.env },
    'dev',
  );
  const logs: Record<string, unknown>[] = [];
  const sink = { write: (line: string) => void logs.push(JSON.parse(line)) };
  const logFor = (role: string) => createLogger(role, config.logLevel, sink);
  // The same composition root as every role, on the test's own database.
  const services = await openServices(config, 'test', {
    db: testDb.db,
    registry: loadRegistry(contractDirs),
    logger: logFor('services'),
  });
  const { queue } = services;
  const definitions = await Definitions.load(services.registry.list());
  const appserver = await startAppServer(config, logFor('appserver'), { services });
  const wired: Config = { ...config, appServerUrl: appserver.url };
  const api = await buildApi(
    {
      ...services,
      config: wired,
      logger: logFor('api'),
      signingSecret: 'test-secret',
      domainCheck: domainCheckFor(definitions),
    },
    { devMode: true, ...options.api },
  );
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  let worker: Worker | undefined;
  if (options.worker !== false) {
    worker = createWorker({
      ...services,
      config: wired,
      logger: logFor('worker'),
      scoreOf: scoreFor(definitions),
      onResult: options.onResult,
      onStarted: options.onStarted,
    });
    worker.start();
  }
  return {
    driver,
    config: wired,
    api,
    apiUrl,
    appserverUrl: appserver.url,
    worker,
    db: testDb.db,
    blob: services.blob,
    queue,
    services,
    databaseUrl: testDb.url,
    logs,
    logFor,
    async waitFor(jobId, statuses, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const job = await findJobById(testDb.db, jobId);
        if (job && statuses.includes(job.status)) return job;
        if (Date.now() > until) {
          throw new Error(
            `job ${jobId} is ${job?.status} (attempts ${job?.attempts}, ${job?.last_error}), not ${statuses}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker?.stop(2000);
      await api.close();
      await appserver.close();
      // Broker queues of a test carry random names: delete them (pg-boss's vanish with the database).
      await (queue as { deleteQueues?: () => Promise<void> }).deleteQueues?.().catch(() => {});
      await services.close();
      await testDb.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function submit(stack: Stack, body: unknown, headers: Record<string, string> = {}) {
  const res = await stack.api.inject({
    method: 'POST',
    url: '/jobs/run',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
}

export function sitefitJob(inputs: unknown) {
  return { app_id: 'sitefit', definition: 'sitefit', version: '1.0.0', inputs };
}

export function mockJob(inputs: Record<string, unknown>) {
  return { app_id: 'tests', definition: 'mock', version: '1.0.0', inputs };
}
