// Stopping a worker (what SIGTERM does): the running job finishes within the grace period, or is handed back
// to the queue and finished by the next worker. Nothing is left running or lost.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { findJobById } from '@kuduso/db';
import { createWorker } from '@kuduso/worker';
import { CONTRACT_DIRS, mockJob, type Stack, startStack, submit } from '../harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack('pg', { worker: false });
});
after(() => stack.close());

function newWorker(name: string) {
  return {
    worker: createWorker({
      config: stack.config,
      registry: loadRegistry(CONTRACT_DIRS),
      db: stack.db,
      queue: stack.queue,
      logger: stack.logFor(`worker-${name}`),
    }),
  };
}

test('stop() waits for the running job to finish within the grace period', async () => {
  const { worker } = newWorker('a');
  worker.start();
  const r = await submit(stack, mockJob({ value: 10, delay_ms: 700 }));
  const id = String(r.body.job_id);
  await stack.waitFor(id, ['running']);
  await worker.stop(10_000);
  const job = await findJobById(stack.db, id);
  assert.equal(job?.status, 'succeeded', 'finished before stop() returned');
  assert.equal(job?.attempts, 1);
});

test('past the grace period the job is handed back and the next worker finishes it', async () => {
  const first = newWorker('b');
  first.worker.start();
  const r = await submit(stack, mockJob({ value: 11, delay_ms: 1500 }));
  const id = String(r.body.job_id);
  await stack.waitFor(id, ['running']);
  await first.worker.stop(100);
  const handedBack = await findJobById(stack.db, id);
  assert.equal(handedBack?.status, 'queued', 'handed back, not left running');
  assert.match(String(handedBack?.last_error), /shutting down/);
  const second = newWorker('c');
  second.worker.start();
  const job = await stack.waitFor(id, ['succeeded', 'failed'], 20_000);
  await second.worker.stop(5000);
  assert.equal(job.status, 'succeeded');
  // Issue 8 item 3: handing a job back on shutdown does not cost it an attempt (was 2 before).
  assert.equal(job.attempts, 1);
});
