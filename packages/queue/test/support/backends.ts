// The backends the conformance suite runs against, each on its real service (PostgreSQL, PGlite, RabbitMQ)
// or, for Azure Service Bus, on the protocol-faithful fake. Random queue and database names, deleted after.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '@kuduso/db';
import { openTestDb } from '@kuduso/db/testing';
import {
  createPgBossQueue,
  createRabbitQueue,
  createRelay,
  createServiceBusQueue,
  type JobMessage,
  type Publisher,
  type QueueBackendAdapter,
  type Relay,
} from '@kuduso/queue';
import { FakeServiceBus } from '@kuduso/queue/testing';

export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface BackendFixture {
  db: Db;
  leaseSec: number;
  /** A consumer/adapter on the shared queue (several for concurrency tests: separate connections). */
  open(): Promise<QueueBackendAdapter>;
  /** Running for outbox backends: publishes what enqueue() wrote. */
  relay?: Relay;
  close(): Promise<void>;
}

export interface BackendSpec {
  name: string;
  setup(): Promise<BackendFixture>;
}

function pgboss(driver: 'pg' | 'pglite'): BackendSpec {
  return {
    name: `pgboss on ${driver === 'pg' ? 'postgresql' : 'pglite'}`,
    async setup() {
      const t = await openTestDb(driver);
      const name = `q_${randomBytes(4).toString('hex')}`;
      const opened: QueueBackendAdapter[] = [];
      return {
        db: t.db,
        leaseSec: 10,
        async open() {
          const q = createPgBossQueue({ db: t.db, name, leaseSec: 10, superviseIntervalSec: 1 });
          await q.start();
          opened.push(q);
          return q;
        },
        async close() {
          for (const q of opened) await q.stop();
          await t.close();
        },
      };
    },
  };
}

type BrokerQueue = QueueBackendAdapter & Publisher & { deleteQueues?: () => Promise<void> };

/** A broker backend on a fresh PGlite: adapters opened by `make`, one relay publishing the outbox. */
async function brokerFixture(
  leaseSec: number,
  make: (db: Db, name: string) => BrokerQueue,
): Promise<BackendFixture> {
  const t = await openTestDb('pglite');
  const name = `kuduso-test-${randomBytes(5).toString('hex')}`;
  const opened: BrokerQueue[] = [];
  const open = async () => {
    const q = make(t.db, name);
    await q.start();
    opened.push(q);
    return q;
  };
  const relay = createRelay({ db: t.db, publisher: await open(), topic: name });
  relay.start();
  return {
    db: t.db,
    leaseSec,
    relay,
    open,
    async close() {
      await relay.stop();
      for (const q of opened) await q.deleteQueues?.().catch(() => {});
      for (const q of opened) await q.stop();
      await t.close();
    },
  };
}

function rabbitmq(): BackendSpec {
  return {
    name: 'rabbitmq',
    setup: () =>
      brokerFixture(2, (db, name) =>
        createRabbitQueue({ db, url: RABBITMQ_URL, name, leaseSec: 2, prefetch: 10 }),
      ),
  };
}

function servicebusFake(): BackendSpec {
  const bus = new FakeServiceBus({ lockDurationMs: 2000, maxDeliveryCount: 10 });
  return {
    name: 'servicebus fake',
    setup: () =>
      brokerFixture(2, (db, name) =>
        createServiceBusQueue({ db, client: bus, admin: bus, name, leaseSec: 2 }),
      ),
  };
}

export const BACKENDS: BackendSpec[] = [pgboss('pg'), pgboss('pglite'), rabbitmq(), servicebusFake()];

export function message(): JobMessage {
  return {
    job_id: randomUUID(),
    tenant_id: 'public',
    app_id: 'app',
    definition: 'mock',
    version: '1.0.0',
    correlation_id: randomUUID(),
  };
}
