// GET /jobs/{id}/events pushes status changes: the API's fallback read is set to an hour, so every event
// after the first can only come from the NOTIFY that migration 007's trigger sends (real PostgreSQL and
// PGlite). No worker: the test moves the job along with the worker's own SQL functions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readSse } from '@kuduso/core/sse';
import { markRunning, markSucceeded } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { mockJob, type Stack, startStack, submit } from '../../../test/harness.ts';

for (const driver of TEST_DRIVERS) {
  describe(`job events are pushed on ${driver}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(driver, { worker: false, api: { eventsPollMs: 3_600_000 } });
    });
    after(() => stack?.close());

    test('each status change arrives without waiting for a read, then the stream closes', async () => {
      const r = await submit(stack, mockJob({ value: 7 }));
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const id = r.body.job_id as string;
      const res = await fetch(`${stack.apiUrl}/jobs/${id}/events`, { signal: AbortSignal.timeout(30_000) });
      assert.equal(res.status, 200);
      const seen: string[] = [];
      for await (const ev of readSse(res.body as ReadableStream<Uint8Array>)) {
        const data = JSON.parse(ev.data) as { status: string };
        seen.push(data.status);
        if (data.status === 'queued') await markRunning(stack.db, id);
        else if (data.status === 'running') await markSucceeded(stack.db, id);
      }
      assert.deepEqual(seen, ['queued', 'running', 'succeeded']);
    });

    test('two streams of one job both get the change', async () => {
      const r = await submit(stack, mockJob({ value: 8 }));
      const id = r.body.job_id as string;
      const open = () =>
        fetch(`${stack.apiUrl}/jobs/${id}/events`, { signal: AbortSignal.timeout(30_000) }).then((res) =>
          readSse(res.body as ReadableStream<Uint8Array>),
        );
      const [a, b] = [await open(), await open()];
      assert.equal(JSON.parse((await a.next()).value!.data).status, 'queued');
      assert.equal(JSON.parse((await b.next()).value!.data).status, 'queued');
      await markRunning(stack.db, id);
      assert.equal(JSON.parse((await a.next()).value!.data).status, 'running');
      assert.equal(JSON.parse((await b.next()).value!.data).status, 'running');
      await markSucceeded(stack.db, id);
      assert.equal(JSON.parse((await a.next()).value!.data).status, 'succeeded');
      assert.equal(JSON.parse((await b.next()).value!.data).status, 'succeeded');
    });
  });
}
