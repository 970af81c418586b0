// A solve whose caller has gone is aborted and its seat freed at once, over real HTTP: the worker's connection
// closes mid-solve (it crashed, or gave up at its own timeout), or the caller's x-request-timeout-ms budget runs
// out. Without this a dead worker's job keeps solving here while its redelivery runs elsewhere.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../src/index.ts';
import { eventually, makeApp, openContract, sleep, type TestApp } from './helpers.ts';

/** Starts a solve over HTTP and destroys the connection once `until` holds, without reading an answer. */
async function postAndHangUp(base: string, target: string, body: unknown, until: () => boolean) {
  const req = request(`${base}/gh/${target}/solve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  let answered = false;
  req.on('response', () => {
    answered = true;
  });
  req.on('error', () => {}); // the destroy below
  req.end(JSON.stringify(body));
  await eventually(until, 10_000);
  req.destroy();
  return () => answered;
}

describe('the AppServer aborts a solve whose caller has gone', () => {
  let t: TestApp;
  let base: string;
  let seen: { aborted: boolean; reason?: unknown };
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-gone-'));
  // Waits for its signal and records it: proof that the engine itself was told to stop.
  const waiter: Engine = {
    name: 'waiter',
    supports: () => ({ status: 'available' }),
    solve: (_c, _i, ctx) =>
      new Promise((_, reject) => {
        seen = { aborted: false };
        ctx.signal.addEventListener('abort', () => {
          seen = { aborted: true, reason: ctx.signal.reason };
          reject(ctx.signal.reason);
        });
      }),
  };

  before(async () => {
    t = makeApp({
      seats: 1,
      // Long manifest timeouts, so only the caller's departure can stop these solves.
      manifest: { 'mock@1.0.0': { timeout_sec: 60 } },
      extraContracts: [
        openContract('waiter', { engine: 'waiter' }, { timeout_sec: 60 }),
        openContract('spin', { engine: 'builtin', entry: 'spin' }, { timeout_sec: 60 }),
      ],
      engines: {
        extra: [waiter],
        builtin: {
          threadSolvers: {
            module: new URL('./fixtures/spin-solvers.ts', import.meta.url),
            entries: ['spin'],
          },
        },
      },
    });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('connection closed mid-solve: the engine is aborted (CALLER_GONE) and the seat is free', async () => {
    const answered = await postAndHangUp(base, 'waiter:1.0.0', {}, () => t.seats.inUse() === 1);
    await eventually(() => t.seats.inUse() === 0);
    assert.equal(seen.aborted, true, 'the engine saw its signal fire');
    assert.equal((seen.reason as { code?: string }).code, 'CALLER_GONE');
    assert.equal(answered(), false);
    assert.ok(t.logs.some((l) => l.msg === 'caller gone; aborting the solve'));
  });

  test('the mock engine mid-delay: aborted, seat free, and the next solve runs at once', async () => {
    await postAndHangUp(base, 'mock:1.0.0', { value: 1, delay_ms: 50_000 }, () => t.seats.inUse() === 1);
    await eventually(() => t.seats.inUse() === 0);
    const next = await fetch(`${base}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 2 }),
    });
    assert.equal(next.status, 200, 'the seat is really free: no 429');
    assert.equal(
      ((await next.json()) as { outputs: { results: { value: number }[] } }).outputs.results[0].value,
      2,
    );
  });

  test('a builtin solver thread: terminated when the caller hangs up', async () => {
    const heartbeat = join(dir, 'beat');
    await postAndHangUp(base, 'spin:1.0.0', { heartbeat }, () => existsSync(heartbeat));
    await eventually(() => t.seats.inUse() === 0);
    const last = readFileSync(heartbeat, 'utf8');
    await sleep(200);
    assert.equal(readFileSync(heartbeat, 'utf8'), last, 'the heartbeat stopped: the thread is gone');
  });

  test('x-request-timeout-ms: the solve stops when the caller budget runs out', async () => {
    const res = await fetch(`${base}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-timeout-ms': '300' },
      body: JSON.stringify({ value: 3, delay_ms: 50_000 }),
    });
    assert.equal(res.status, 499);
    assert.equal(((await res.json()) as { code: string }).code, 'CALLER_GONE');
    await eventually(() => t.seats.inUse() === 0);
  });

  test('a bad x-request-timeout-ms is a 400 naming the header', async () => {
    const res = await fetch(`${base}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-timeout-ms': 'soon' },
      body: JSON.stringify({ value: 4 }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: string }).code, 'INVALID_HEADER');
  });
});
