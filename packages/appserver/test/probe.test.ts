// /readyz runs a real probe solve per engine (builtin sitefit, the mock), takes no seat, is cached for a few
// seconds, and answers 503 naming the engine when its solve fails.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createLogger } from '@kuduso/core/node';
import type { Binding } from '../src/bindings.ts';
import { createEngineProbe } from '../src/probe.ts';
import { makeApp } from './helpers.ts';

const t = makeApp({ seats: 1 });
after(() => t.close());

test('readyz solves a tiny input with every engine, even with every seat taken', async () => {
  const release = t.seats.tryTake('batch');
  assert.ok(release);
  try {
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200, ready.body);
    const { checks } = ready.json();
    assert.equal(checks.blob, 'ok');
    assert.deepEqual(checks.builtin, { ok: true });
    assert.deepEqual(checks.mock, { ok: true });
  } finally {
    release();
  }
});

test('a failing engine makes readiness fail; the verdict is cached for the period', async () => {
  let solves = 0;
  const failing = {
    name: 'flaky',
    supports: () => ({ status: 'available' as const }),
    async solve() {
      solves++;
      throw new Error('engine exploded: secret-internal-detail');
    },
  };
  const contract = {
    id: 'x@1.0.0',
    examples: { valid: [{ name: 'a.json', inputs: { a: 1 } }], invalid: [] },
    validateInputs: (v: unknown) => ({ ok: true as const, value: v as Record<string, unknown> }),
  };
  const bindings = new Map<string, Binding>([
    ['x@1.0.0', { contract, engine: failing, available: true } as unknown as Binding],
  ]);
  const probe = createEngineProbe(bindings, createLogger('appserver', 'silent'), 1000);
  assert.deepEqual(await probe(), { flaky: 'failed' });
  assert.deepEqual(await probe(), { flaky: 'failed' });
  assert.equal(solves, 1, 'cached within the period');
  await new Promise((r) => setTimeout(r, 1100));
  assert.deepEqual(await probe(), { flaky: 'failed' }, 'the stale verdict at once');
  await new Promise((r) => setImmediate(r));
  assert.equal(solves, 2, 'and a fresh probe ran');
});
