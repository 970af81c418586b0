// The outbox relay on a real database (PostgreSQL: several relays really run at once) with a recording
// publisher: every row published and marked sent, failures retried with backoff, lag reported.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestDb, type TestDb } from '@kuduso/db/testing';
import { createRelay, type EnqueueItem, enqueueToOutbox, type Publisher } from '@kuduso/queue';
import { message } from './support/backends.ts';

function recorder(failFirst = 0): Publisher & { got: EnqueueItem[]; calls: number } {
  const r = {
    backend: 'rabbitmq' as const,
    got: [] as EnqueueItem[],
    calls: 0,
    async publish(items: EnqueueItem[]) {
      r.calls++;
      if (r.calls <= failFirst) throw new Error('broker unavailable');
      await sleep(5); // a confirm round trip: lets the other relays run meanwhile
      r.got.push(...items);
    },
  };
  return r;
}

describe('outbox relay', { timeout: 60_000 }, () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb('pg');
  });
  after(() => t?.close());

  it('three relays at once publish every row exactly once and mark it sent; lag goes to zero', async () => {
    const topic = `t-${randomUUID()}`;
    const messages = Array.from({ length: 300 }, message);
    await t.db.transaction((tx) =>
      enqueueToOutbox(
        tx,
        topic,
        messages.slice(0, 150).map((m) => ({ message: m })),
      ),
    );
    const lag = await createRelay({ db: t.db, publisher: recorder(), topic }).lag();
    assert.equal(lag.pending, 150);
    const pubs = [recorder(), recorder(), recorder()];
    const relays = pubs.map((publisher) => createRelay({ db: t.db, publisher, topic, batch: 10 }));
    for (const r of relays) r.start();
    await t.db.transaction((tx) =>
      enqueueToOutbox(
        tx,
        topic,
        messages.slice(150).map((m) => ({ message: m })),
      ),
    );
    const until = Date.now() + 30_000;
    while ((await relays[0].lag()).pending > 0 && Date.now() < until) await sleep(50);
    for (const r of relays) await r.stop();
    const ids = pubs.flatMap((p) => p.got.map((i) => i.message.job_id));
    assert.equal(ids.length, 300, 'each row once');
    assert.deepEqual(new Set(ids), new Set(messages.map((m) => m.job_id)));
    assert.ok(pubs.filter((p) => p.got.length > 0).length >= 2, 'the work was shared');
    assert.deepEqual(await relays[0].lag(), { pending: 0, oldest_sec: 0 });
  });

  it('a failing broker is retried with backoff; the rows are published once it answers', async () => {
    const topic = `t-${randomUUID()}`;
    const m = message();
    await t.db.transaction((tx) => enqueueToOutbox(tx, topic, [{ message: m, delaySec: 3 }]));
    const publisher = recorder(2);
    const relay = createRelay({ db: t.db, publisher, topic, backoffMs: { base: 20, max: 100 } });
    relay.start();
    const until = Date.now() + 10_000;
    while (publisher.got.length === 0 && Date.now() < until) await sleep(20);
    await relay.stop();
    assert.deepEqual(
      publisher.got.map((i) => [i.message.job_id, i.delaySec]),
      [[m.job_id, 3]],
    );
    const { rows } = await t.db.executeSql<{
      attempts: number;
      published_at: Date | null;
      last_error: string | null;
    }>('SELECT attempts, published_at, last_error FROM outbox WHERE topic = $1', [topic]);
    assert.equal(rows[0].attempts, 3, 'two failed rounds, then the one that worked');
    assert.ok(rows[0].published_at);
    assert.equal(rows[0].last_error, null);
  });
});
