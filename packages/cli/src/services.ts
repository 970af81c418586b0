// Opens the shared parts a role needs (database, queue, blob store, contracts) from the parsed config, and
// closes them in reverse order.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type BlobStore, createBlobStore } from '@kuduso/blob';
import type { Config, ContractRegistry } from '@kuduso/core';
import { DEFAULT_CONTRACTS_DIR, type Logger, loadRegistry } from '@kuduso/core/node';
import { type Db, migrate, openDb } from '@kuduso/db';
import { createPgBossQueue, type Queue } from '@kuduso/queue';
import { leaseSecFor } from '@kuduso/worker';

export interface Services {
  db: Db;
  queue: Queue;
  blob: BlobStore;
  registry: ContractRegistry;
  close(): Promise<void>;
}

export function contractsDirs(config: Config): string[] {
  return config.contractsDirs?.length ? config.contractsDirs : [DEFAULT_CONTRACTS_DIR];
}

export async function openDatabase(config: Config, log: Logger, runMigrations: boolean): Promise<Db> {
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    dataDir = `${config.dataDir}/pglite`;
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir });
  log.info({ driver: db.driver, data_dir: dataDir }, 'database open');
  if (runMigrations) {
    const applied = await migrate(db);
    log.info({ applied }, 'migrations applied');
  }
  return db;
}

export async function openServices(
  config: Config,
  log: Logger,
  opts: { migrate: boolean },
): Promise<Services> {
  const registry = loadRegistry(contractsDirs(config));
  const db = await openDatabase(config, log, opts.migrate);
  if (config.queueBackend !== 'pgboss') {
    await db.close();
    throw new Error(`QUEUE_BACKEND=${config.queueBackend} is not available in this build yet; use pgboss`);
  }
  const queue = createPgBossQueue({ db, name: config.queueName, leaseSec: leaseSecFor(config) });
  await queue.start();
  const blob = createBlobStore(config);
  await blob.check();
  return {
    db,
    queue,
    blob,
    registry,
    async close() {
      await queue.stop();
      await db.close();
    },
  };
}

/**
 * The artifact signing secret. Production sets ARTIFACT_SIGNING_SECRET (checked at start); `kuduso dev` keeps
 * one in its data folder so links survive a restart.
 */
export function signingSecretFor(config: Config): string {
  if (config.signingSecret) return config.signingSecret;
  const path = `${config.dataDir}/signing-secret`;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
