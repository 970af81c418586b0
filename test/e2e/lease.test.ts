// A job that runs longer than the lease: the worker renews it every LOCK_RENEW_SEC, so a second worker never
// gets the message and the job runs exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { createWorker } from '@kuduso/worker';
import { CONTRACT_DIRS, type Stack, startStack, submit } from '../harness.ts';

let stack: Stack;
before(async () => {
  // A 10 s lease (pg-boss's minimum) renewed every 5 s; the job takes 20 s.
  stack = await startStack('pg', { env: { LOCK_RENEW_SEC: '5', LEASE_SEC: '10' } });
});
after(() => stack.close());

test('a 20 s job under a 10 s lease is renewed and runs once, with a second worker waiting', async () => {
  const second = createWorker({
    config: stack.config,
    registry: loadRegistry(CONTRACT_DIRS),
    db: stack.db,
    queue: stack.queue,
    logger: stack.logFor('worker-2'),
  });
  second.start();
  try {
    const r = await submit(stack, {
      app_id: 'tests',
      definition: 'mock',
      version: '1.1.0',
      inputs: { value: 9, delay_ms: 20_000 },
    });
    const id = String(r.body.job_id);
    const job = await stack.waitFor(id, ['succeeded', 'failed'], 40_000);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 1, 'never delivered twice');
    const solves = stack.logs.filter(
      (l) => l.role === 'appserver' && l.job_id === id && /solve/.test(String(l.msg)),
    );
    const starts = stack.logs.filter((l) => l.job_id === id && l.msg === 'job started');
    assert.equal(starts.length, 1, 'one worker started it');
    assert.ok(solves.length >= 1);
  } finally {
    await second.stop(2000);
  }
});
