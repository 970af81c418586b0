// POST /jobs/{id}/cancel and GET /jobs/{id}/inputs through inject(), on real PostgreSQL and on PGlite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { markRunning, markSucceeded } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { mockJob, type Stack, startStack, submit } from '../../../test/harness.ts';

for (const driver of TEST_DRIVERS) {
  describe(`job control on ${driver}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(driver, { worker: false });
    });
    after(() => stack.close());

    const newJob = async () => {
      const r = await submit(stack, mockJob({ value: Math.random() }));
      assert.equal(r.status, 202);
      return r.body.job_id as string;
    };
    const cancel = (id: string) => stack.api.inject({ method: 'POST', url: `/jobs/${id}/cancel` });

    test('a queued job is cancelled at once; cancelling again is 409 JOB_FINISHED', async () => {
      const id = await newJob();
      const r = await cancel(id);
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, 'cancelled');
      assert.ok(r.json().ended_at);
      const s = await stack.api.inject({ url: `/jobs/status/${id}` });
      assert.equal(s.json().status, 'cancelled');
      const again = await cancel(id);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'JOB_FINISHED');
      assert.match(again.json().message, /already been cancelled/);
    });

    test('a running job is cancelled and its worker can no longer finish it; a succeeded one answers 409', async () => {
      const running = await newJob();
      await markRunning(stack.db, running);
      const r = await cancel(running);
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, 'cancelled');
      assert.equal(await markSucceeded(stack.db, running), null, 'the worker can no longer finish it');
      const done = await newJob();
      await markRunning(stack.db, done);
      await markSucceeded(stack.db, done);
      const late = await cancel(done);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'JOB_FINISHED');
      assert.match(late.json().message, /already succeeded/);
    });

    test('unknown and malformed ids: 404 and 400', async () => {
      assert.equal((await cancel('8b7f6f0e-6c8e-4c8e-9b1e-1c2d3e4f5a6b')).statusCode, 404);
      assert.equal((await cancel('nope')).json().code, 'INVALID_JOB_ID');
    });

    test('GET /jobs/{id}/inputs: the definition and the inputs with defaults materialised', async () => {
      const id = await newJob();
      const r = await stack.api.inject({ url: `/jobs/${id}/inputs` });
      assert.equal(r.statusCode, 200);
      const body = r.json();
      assert.equal(body.definition, 'mock');
      assert.equal(body.version, '1.0.0');
      assert.equal(typeof body.inputs.value, 'number');
      assert.equal(body.inputs.delay_ms, 0, 'defaults are materialised');
    });
  });
}
