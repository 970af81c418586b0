// The backends the conformance suite runs against, each on its real service (PostgreSQL, PGlite, RabbitMQ)
// or, for Azure Service Bus, on the protocol-faithful fake. Random queue and database names, deleted after.
import { randomBytes } from 'node:crypto';
import type { Db } from '@kuduso/db';
import { openTestDb } from '@kuduso/db/testing';
import {
  createPgBossQueue,
  createRabbitQueue,
  createRelay,
  type QueueBackendAdapter,
  type Relay,
} from '@kuduso/queue';

export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface BackendFixture {
  db: Db;
  leaseSec: number;
  /** A consumer/adapter on the shared queue (several for concurrency tests: separate connections). */
  open(options?: { maxDeliveries?: number }): Promise<QueueBackendAdapter>;
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
        async open(o = {}) {
          const q = createPgBossQueue({
            db: t.db,
            name,
            leaseSec: 10,
            superviseIntervalSec: 1,
            maxDeliveries: o.maxDeliveries,
          });
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

function rabbitmq(): BackendSpec {
  return {
    name: 'rabbitmq',
    async setup() {
      const t = await openTestDb('pglite');
      const name = `kuduso-test-${randomBytes(5).toString('hex')}`;
      const opened: ReturnType<typeof createRabbitQueue>[] = [];
      const open = async (o: { maxDeliveries?: number } = {}) => {
        const q = createRabbitQueue({
          db: t.db,
          url: RABBITMQ_URL,
          name,
          leaseSec: 2,
          prefetch: 10,
          maxDeliveries: o.maxDeliveries,
        });
        await q.start();
        opened.push(q);
        return q;
      };
      const publisher = await open();
      const relay = createRelay({ db: t.db, publisher, topic: name });
      relay.start();
      return {
        db: t.db,
        leaseSec: 2,
        relay,
        open,
        async close() {
          await relay.stop();
          for (const q of opened) await q.deleteQueues();
          for (const q of opened) await q.stop();
          await t.close();
        },
      };
    },
  };
}

export const BACKENDS: BackendSpec[] = [pgboss('pg'), pgboss('pglite'), rabbitmq()];
