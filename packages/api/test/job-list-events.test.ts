// GET /jobs (newest first, filters, keyset pages) and GET /jobs/{id}/events (server-sent status changes), on
// real PostgreSQL and on PGlite. No worker: the tests move jobs along with the worker's own SQL functions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { readSse } from '@kuduso/core/sse';
import { markFailed, markRunning, markSucceeded } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { CONTRACT_DIRS, mockJob, type Stack, sitefitJob, startStack, submit } from '../../../test/harness.ts';

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')
  ?.examples.valid.find((e) => e.name === 'typical.json')?.inputs as Record<string, unknown>;

for (const driver of TEST_DRIVERS) {
  describe(`GET /jobs and /jobs/{id}/events on ${driver}`, () => {
    let stack: Stack;
    const ids: string[] = [];
    before(async () => {
      stack = await startStack(driver, { worker: false, env: { RESULT_CACHE_TTL: '0' } });
      // Seven jobs, oldest first: five sitefit (distinct inputs), two mock.
      for (let i = 0; i < 7; i++) {
        const body = i < 5 ? sitefitJob({ ...typical, seed: 500 + i }) : mockJob({ value: i });
        const r = await submit(stack, body);
        assert.equal(r.status, 202, JSON.stringify(r.body));
        ids.push(r.body.job_id as string);
      }
    });
    after(() => stack?.close());

    const list = async (query: string) => {
      const r = await stack.api.inject({ url: `/jobs${query}` });
      return { status: r.statusCode, body: r.json(), headers: r.headers };
    };

    test('newest first, in pages that together hold every job exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.ok(r.body.items.length <= 3);
        seen.push(...r.body.items.map((j: { job_id: string }) => j.job_id));
        cursor = r.body.next_cursor;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...ids].reverse());
      const first = (await list('')).body;
      assert.equal(first.items.length, 7);
      assert.equal(first.next_cursor, null);
      assert.equal(first.items[0].status, 'queued');
      assert.equal(first.items[0].correlation_id.length > 0, true);
    });

    test('a job added between pages does not shift the next page', async () => {
      const p1 = (await list('?limit=2')).body;
      const extra = await submit(stack, mockJob({ value: 99 }));
      const p2 = (await list(`?limit=2&cursor=${p1.next_cursor}`)).body;
      assert.deepEqual(
        p2.items.map((j: { job_id: string }) => j.job_id),
        [ids[4], ids[3]],
      );
      ids.push(extra.body.job_id as string);
    });

    test('filters by status and by definition or definition@version', async () => {
      const target = ids[1] as string;
      await markRunning(stack.db, target);
      await markSucceeded(stack.db, target);
      const succeeded = (await list('?status=succeeded')).body;
      assert.deepEqual(
        succeeded.items.map((j: { job_id: string }) => j.job_id),
        [target],
      );
      const mocks = (await list('?definition=mock')).body.items;
      assert.equal(mocks.length, 3);
      assert.ok(mocks.every((j: { definition: string }) => j.definition === 'mock'));
      assert.equal((await list('?definition=sitefit@1.0.0')).body.items.length, 5);
      assert.equal((await list('?definition=sitefit@9.9.9')).body.items.length, 0);
      assert.equal((await list('?definition=sitefit&status=queued&limit=100')).body.items.length, 4);
    });

    test('bad parameters are 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['?status=done', '/querystring/status'],
        ['?limit=0', '/querystring/limit'],
        ['?limit=101', '/querystring/limit'],
        ['?limit=ten', '/querystring/limit'],
        ['?definition=Sitefit', '/querystring/definition'],
        ['?cursor=bm90LWEtY3Vyc29y', '/querystring/cursor'],
        ['?stauts=queued', '/querystring'],
      ];
      for (const [query, field] of cases) {
        const r = await list(query);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.code, 'VALIDATION_FAILED', query);
        assert.ok(String(r.body.field).startsWith(field), `${query}: ${r.body.field}`);
        assert.ok(r.headers['x-correlation-id']);
      }
    });

    test('events: the current status at once, then each change, then the stream closes', async () => {
      const id = ids[2] as string;
      const res = await fetch(`${stack.apiUrl}/jobs/${id}/events`, { signal: AbortSignal.timeout(30_000) });
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
      assert.ok(res.headers.get('x-correlation-id'));
      const events: { status: string; attempts: number }[] = [];
      const ids2: string[] = [];
      for await (const ev of readSse(res.body as ReadableStream<Uint8Array>)) {
        assert.equal(ev.event, 'status');
        const data = JSON.parse(ev.data);
        assert.equal(data.job_id, id);
        events.push(data);
        ids2.push(ev.id ?? '');
        // Move the job along only after the stream has shown the previous state.
        if (data.status === 'queued') await markRunning(stack.db, id);
        else if (data.status === 'running') await markFailed(stack.db, id, 'engine exploded');
      }
      assert.deepEqual(
        events.map((e) => e.status),
        ['queued', 'running', 'failed'],
      );
      assert.deepEqual(ids2, ['1', '2', '3']);
      assert.equal(events[1]?.attempts, 1);
    });

    test('events of a finished job: one event and the end; unknown and malformed ids are JSON errors', async () => {
      const done = await fetch(`${stack.apiUrl}/jobs/${ids[1]}/events`, {
        signal: AbortSignal.timeout(30_000),
      });
      const all = [];
      for await (const ev of readSse(done.body as ReadableStream<Uint8Array>)) all.push(JSON.parse(ev.data));
      assert.deepEqual(
        all.map((e) => e.status),
        ['succeeded'],
      );
      const unknown = await stack.api.inject({ url: '/jobs/00000000-0000-4000-8000-000000000000/events' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'JOB_NOT_FOUND');
      const bad = await stack.api.inject({ url: '/jobs/nope/events' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'INVALID_JOB_ID');
    });

    test('closing the API ends open event streams', async () => {
      const res = await fetch(`${stack.apiUrl}/jobs/${ids[0]}/events`, {
        signal: AbortSignal.timeout(30_000),
      });
      const reader = readSse(res.body as ReadableStream<Uint8Array>);
      const firstEvent = await reader.next();
      assert.equal(JSON.parse(firstEvent.value?.data ?? '{}').status, 'queued');
      const closing = stack.api.close();
      const rest = await reader.next();
      assert.equal(rest.done, true);
      await closing;
    });
  });
}
