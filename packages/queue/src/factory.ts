// The one place that turns the typed config into a queue backend.
import type { Db } from '@kuduso/db';
import { createPgBossQueue } from './pgboss.ts';
import type { QueueBackend, QueueBackendAdapter } from './types.ts';

export interface QueueFactoryConfig {
  queueBackend: QueueBackend;
  queueName: string;
  leaseSec: number;
  rabbitmqUrl?: string;
  servicebusConn?: string;
  workerConcurrency: number;
  maxAttempts: number;
}

export interface QueueFactoryOptions {
  db: Db;
  /** Background errors of the backend (reconnects, pg-boss's supervisor). */
  onError?: (err: Error) => void;
  /** Log lines about the connection (reconnects). */
  onEvent?: (event: string, fields?: Record<string, unknown>) => void;
}

type BackendFactory = (
  config: QueueFactoryConfig,
  options: QueueFactoryOptions,
) => Promise<QueueBackendAdapter>;

const factories = new Map<QueueBackend, BackendFactory>([
  [
    'pgboss',
    async (config, { db, onError }) =>
      createPgBossQueue({ db, name: config.queueName, leaseSec: config.leaseSec, onError }),
  ],
]);

/** Registers a backend's factory (the broker adapters do it from their modules). */
export function registerQueueBackend(backend: QueueBackend, factory: BackendFactory): void {
  factories.set(backend, factory);
}

/** The backend QUEUE_BACKEND names, not yet started. */
export async function createQueue(
  config: QueueFactoryConfig,
  options: QueueFactoryOptions,
): Promise<QueueBackendAdapter> {
  const factory = factories.get(config.queueBackend);
  if (!factory) throw new Error(`QUEUE_BACKEND=${config.queueBackend} is not available in this build`);
  return factory(config, options);
}
