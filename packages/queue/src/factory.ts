// The one place that turns the typed config into a queue backend.
import type { Db } from '@kuduso/db';
import { createPgBossQueue } from './pgboss.ts';
import { createRabbitQueue } from './rabbitmq.ts';
import { createServiceBusQueue } from './servicebus.ts';
import type { SbAdmin, SbClient } from './servicebus-surface.ts';
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
  [
    'rabbitmq',
    async (config, { db, onEvent }) => {
      if (!config.rabbitmqUrl) throw new Error('RABBITMQ_URL is required when QUEUE_BACKEND=rabbitmq');
      return createRabbitQueue({
        db,
        url: config.rabbitmqUrl,
        name: config.queueName,
        leaseSec: config.leaseSec,
        prefetch: config.workerConcurrency,
        onEvent,
      });
    },
  ],
  [
    'servicebus',
    async (config, { db }) => {
      if (!config.servicebusConn)
        throw new Error('SERVICEBUS_CONN is required when QUEUE_BACKEND=servicebus');
      // Loaded only for this backend: the SDK is large.
      const sdk = await import('@azure/service-bus');
      const client: SbClient = new sdk.ServiceBusClient(config.servicebusConn);
      const admin: SbAdmin = new sdk.ServiceBusAdministrationClient(config.servicebusConn);
      return createServiceBusQueue({ db, client, admin, name: config.queueName, leaseSec: config.leaseSec });
    },
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
