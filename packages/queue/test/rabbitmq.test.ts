// RabbitMQ-specific behaviour on the real broker: reconnect after the broker closes the connection (consumers
// resume, nothing lost), the quorum queue's delivery limit as a dead-letter backstop, delay buckets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestDb, type TestDb } from '@kuduso/db/testing';
import { createRabbitQueue, createRelay, delayBucketMs, type RabbitQueue } from '@kuduso/queue';
import { message, RABBITMQ_URL } from './support/backends.ts';

/** Closes, from the broker's side, every connection with this name (as a broker restart would). */
function closeConnections(connectionName: string): number {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_connections', 'pid', 'client_properties'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const pids = out
    .split('\n')
    .filter((l) => l.includes(`"${connectionName}"`))
    .map((l) => l.split('\t')[0]);
  for (const pid of pids)
    execFileSync('rabbitmqctl', ['-q', 'close_connection', pid, 'test: connection loss'], {
      timeout: 30_000,
    });
  return pids.length;
}

describe('rabbitmq adapter', { timeout: 120_000 }, () => {
  let t: TestDb;
  const queues: RabbitQueue[] = [];
  const open = async (name: string, o: { maxDeliveries?: number; connectionName?: string } = {}) => {
    const q = createRabbitQueue({
      db: t.db,
      url: RABBITMQ_URL,
      name,
      leaseSec: 5,
      reconnect: { baseMs: 50, maxMs: 500 },
      ...o,
    });
    await q.start();
    queues.push(q);
    return q;
  };
  before(async () => {
    t = await openTestDb('pglite');
  });
  after(async () => {
    for (const q of queues) await q.deleteQueues().catch(() => {});
    for (const q of queues) await q.stop();
    await t?.close();
  });

  it('delay buckets round up, never down', () => {
    assert.equal(delayBucketMs(0.001), 10);
    assert.equal(delayBucketMs(1), 1000);
    assert.equal(delayBucketMs(1.2), 2000);
    assert.equal(delayBucketMs(3), 5000);
    assert.equal(delayBucketMs(7), 10000);
    for (const s of [0.05, 0.3, 2.5, 45, 299]) assert.ok(delayBucketMs(s) >= s * 1000);
  });

  it('after the broker drops the connection it reconnects, the held delivery is lost, the message comes back, publishing works again', async () => {
    const name = `kuduso-test-${randomBytes(5).toString('hex')}`;
    const connectionName = `kuduso-test-conn-${randomBytes(4).toString('hex')}`;
    const q = await open(name, { connectionName });
    const relay = createRelay({ db: t.db, publisher: q, topic: name });
    const first = message();
    await t.db.transaction((tx) => q.enqueue(tx, [{ message: first }]));
    await relay.drain();
    const held = (await q.receive({ max: 1, waitMs: 5000 }))[0];
    assert.equal(held?.message.job_id, first.job_id);
    assert.ok(closeConnections(connectionName) >= 1, 'the connection was found on the broker');
    const until = Date.now() + 20_000;
    while (!held.lost?.aborted && Date.now() < until) await sleep(20);
    assert.equal(held.lost?.aborted, true, 'the running work is told its lease is gone');
    await assert.rejects(q.renew(held));
    // Published while (or just after) the connection was down: the relay waits for the reconnect.
    const second = message();
    await t.db.transaction((tx) => q.enqueue(tx, [{ message: second }]));
    await relay.drain();
    const got = new Map<string, number>();
    while (got.size < 2 && Date.now() < until) {
      for (const d of await q.receive({ max: 5, waitMs: 200 })) {
        got.set(d.message.job_id, d.deliveryCount);
        await q.complete(d);
      }
    }
    assert.deepEqual([...got.keys()].sort(), [first.job_id, second.job_id].sort(), 'nothing lost');
    assert.ok((got.get(first.job_id) ?? 0) >= 2, 'the first came back as a redelivery');
  });

  it('a message whose consumers keep dying is dead-lettered by the broker at the delivery limit, with the reason', async () => {
    const name = `kuduso-test-${randomBytes(5).toString('hex')}`;
    const publisher = await open(name, { maxDeliveries: 2 });
    const m = message();
    await publisher.publish([{ message: m }]);
    for (let i = 0; i < 3; i++) {
      const consumer = createRabbitQueue({
        db: t.db,
        url: RABBITMQ_URL,
        name,
        leaseSec: 30,
        maxDeliveries: 2,
      });
      await consumer.start();
      const got = await consumer.receive({ max: 1, waitMs: 3000 });
      await consumer.stop(); // dies holding it: the broker requeues and counts the delivery
      if (got.length === 0) break;
    }
    const deadline = Date.now() + 10_000;
    let letter: Awaited<ReturnType<RabbitQueue['listDeadLetters']>>[number] | undefined;
    while (!letter && Date.now() < deadline) {
      letter = (await publisher.listDeadLetters()).find((l) => l.message.job_id === m.job_id);
      if (!letter) await sleep(100);
    }
    assert.ok(letter, 'in the dead-letter queue');
    assert.match(letter.reason, /delivery_limit/);
  });
});
