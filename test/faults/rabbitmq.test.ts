// RabbitMQ restarted under load: a real broker restart, not a cut connection. A private RabbitMQ node (its own
// ports and data folder, see test/support/rabbitmq-node.ts; never the shared broker on 5672) is stopped and
// started again in the middle of a burst, while clients keep submitting through the API and the API, an outbox
// relay and two workers run as separate processes, none of them restarted. Proven: the API never answered a
// 5xx (submissions only write PostgreSQL: job row + outbox row), the outbox drains, and every job answered 202
// succeeded exactly once (one result row, attempts 1 for each) — none lost, none run twice to completion.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startLoad } from '../support/load.ts';
import { createRabbitNode, type RabbitNode } from '../support/rabbitmq-node.ts';
import { type System, startSystem, until } from '../support/system.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault: rabbitmq', () => {
  let rabbit: RabbitNode;
  let sys: System;
  before(async () => {
    rabbit = await createRabbitNode();
    sys = await startSystem({
      QUEUE_BACKEND: 'rabbitmq',
      RABBITMQ_URL: rabbit.url,
      QUEUE_NAME: `kuduso-fault-${randomBytes(4).toString('hex')}`,
      LOCK_RENEW_SEC: '2',
      LEASE_SEC: '10',
      WORKER_CONCURRENCY: '4',
      APPSERVER_SEATS: '8',
      RETRY_BASE_SEC: '0.2',
      RETRY_MAX_SEC: '2',
    });
    await sys.start('appserver');
    await sys.start('api');
    await sys.start('relay');
    await sys.start('worker');
    await sys.start('worker');
  });
  after(async () => {
    await sys?.close();
    await rabbit?.destroy();
  });

  test('broker restarted mid-burst: no 5xx, the outbox drains, every accepted job succeeds once', async (t) => {
    const load = startLoad({ apiUrl: sys.env.apiUrl, loops: 6, pauseMs: 10, delayMs: 30 });
    // Jobs flow through the broker before it goes.
    await until('jobs succeed through the broker', async () => {
      const s = await sys.jobs.statuses(load.report.accepted.slice(0, 20));
      return load.report.accepted.length >= 20 && s.succeeded === 20;
    });
    await rabbit.stop();
    const down = Date.now();
    await sleep(5000);
    const acceptedWhileDown = load.report.accepted.length;
    await rabbit.start();
    t.diagnostic(`broker down ${Date.now() - down} ms (stop, 5 s, start)`);
    await sleep(5000);
    const report = await load.stop();
    t.diagnostic(`answers: ${JSON.stringify(Object.fromEntries(report.answers))}`);

    assert.deepEqual(report.bad, [], 'no 5xx other than 503 with Retry-After');
    assert.deepEqual(report.refused, [], 'the API stayed up');
    assert.deepEqual(report.hung, [], 'no request hung');
    // /readyz says 503 NOT_READY while the broker is away (it checks the queue); nothing else may.
    const unavailable = [...report.answers].filter(([k]) => k.startsWith('503') && k !== '503 NOT_READY');
    assert.deepEqual(unavailable, [], 'no 503 from submissions or status reads: they need only PostgreSQL');
    assert.ok(acceptedWhileDown > 20, 'jobs were accepted while the broker was down');

    const ids = report.accepted;
    const final = await sys.jobs.waitTerminal(ids, 180_000).catch(async (e: Error) => {
      const tail = sys
        .logs('worker')
        .slice(-10)
        .map((l) => `${l.time} ${l.msg} ${l.err ?? ''}`);
      throw new Error(`${e.message}; workers' log ends:\n${tail.join('\n')}`);
    });
    t.diagnostic(`${ids.length} jobs accepted`);
    assert.deepEqual(final, { succeeded: ids.length });
    const results = await sys.jobs.resultCounts(ids);
    assert.ok(
      ids.every((id) => results.get(id) === 1),
      'one result each',
    );
    const { rows: attempts } = await sys.jobs.db.executeSql<{ attempts: number; n: number }>(
      'SELECT attempts, count(*)::int AS n FROM job WHERE id = ANY($1::uuid[]) GROUP BY attempts',
      [ids],
    );
    assert.deepEqual(attempts, [{ attempts: 1, n: ids.length }], 'every job ran to completion once');
    const { rows: outbox } = await sys.jobs.db.executeSql<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    assert.equal(outbox[0].n, 0, 'the outbox is drained');
    const reconnects = sys
      .logs('worker')
      .filter((l) => /reconnect|connection (lost|closed)/i.test(String(l.msg)));
    assert.ok(reconnects.length > 0, 'the workers saw the broker go and came back by themselves');
  });
});
