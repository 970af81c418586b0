// Service Bus specifics, against the protocol-faithful fake (no emulator runs here; see the README for what
// this does and does not verify): duplicate detection by job id, MaxDeliveryCount, dead-letter reason and
// description, stale lock tokens.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openTestDb, type TestDb } from '@kuduso/db/testing';
import { createRelay, createServiceBusQueue, LeaseLostError } from '@kuduso/queue';
import { FakeServiceBus } from '@kuduso/queue/testing';
import { message } from './support/backends.ts';

describe('service bus adapter (fake namespace)', { timeout: 60_000 }, () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb('pglite');
  });
  after(() => t?.close());

  function setup(options: ConstructorParameters<typeof FakeServiceBus>[0] = {}) {
    const bus = new FakeServiceBus(options);
    const name = `q-${randomUUID()}`;
    bus.createQueue(name);
    return { bus, name, q: createServiceBusQueue({ db: t.db, client: bus, admin: bus, name, leaseSec: 1 }) };
  }

  it('a relay publishing the same job twice is deduplicated by messageId = job id', async () => {
    const { bus, name, q } = setup();
    const m = message();
    await q.publish([{ message: m }]);
    await q.publish([{ message: m }]); // a relay died after publishing and before marking the row sent
    assert.equal((await bus.getQueueRuntimeProperties(name)).activeMessageCount, 1);
    const relay = createRelay({ db: t.db, publisher: q, topic: name });
    await t.db.transaction((tx) => q.enqueue(tx, [{ message: m }]));
    assert.equal(await relay.drain(), 1);
    assert.equal(await q.depth(), 1, 'still one message');
  });

  it('dead-letters with reason and description; MaxDeliveryCount dead-letters a message nobody settles', async () => {
    const { name, q, bus } = setup({ lockDurationMs: 50, maxDeliveryCount: 2 });
    const a = message();
    const b = message();
    await q.publish([{ message: a }, { message: b }]);
    const got = await q.receive({ max: 2, waitMs: 1000 });
    const da = got.find((d) => d.message.job_id === a.job_id);
    assert.ok(da);
    await q.deadLetter(da, 'ENGINE_FAILED: boom (gave up after 5 attempts)');
    // b's lock lapses twice without settling.
    await new Promise((r) => setTimeout(r, 100));
    const again = await q.receive({ max: 1, waitMs: 1000 });
    assert.equal(again[0]?.deliveryCount, 2);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await q.receive({ max: 1, waitMs: 200 }), []);
    const letters = await q.listDeadLetters();
    const la = letters.find((l) => l.message.job_id === a.job_id);
    const lb = letters.find((l) => l.message.job_id === b.job_id);
    assert.match(String(la?.reason), /gave up after 5 attempts/);
    assert.match(String(lb?.reason), /MaxDeliveryCountExceeded/);
    assert.equal((await bus.getQueueRuntimeProperties(name)).deadLetterMessageCount, 2);
  });

  it('a settle with a lapsed lock fails as LeaseLostError and aborts the delivery', async () => {
    const { q } = setup({ lockDurationMs: 50 });
    await q.publish([{ message: message() }]);
    const [d] = await q.receive({ max: 1, waitMs: 1000 });
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(q.renew(d), LeaseLostError);
    assert.equal(d.lost?.aborted, true);
    await q.complete(d); // a no-op, as on the other backends
    const [redelivered] = await q.receive({ max: 1, waitMs: 1000 });
    assert.equal(redelivered.deliveryCount, 2);
    await q.complete(redelivered);
  });
});
