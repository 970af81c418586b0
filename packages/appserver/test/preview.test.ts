// The preview lane over real HTTP: own seats (APPSERVER_PREVIEW_SEATS) so batch load never blocks previews
// and preview load never starves batch solves, a bounded cache keyed on the canonical inputs, a tight
// timeout, and sitefit's one-placement evaluation agreeing with the solver's own numbers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '@kuduso/core';
import { createLogger, DEFAULT_CONTRACTS_DIR } from '@kuduso/core/node';
import { LruCache, type RunningAppServer, startAppServer } from '../src/index.ts';
import { contractFiles } from './helpers.ts';

const MODULE_CONTRACTS = resolve(import.meta.dirname, '../../../test/fixtures/module-contracts');
const typical = contractFiles()
  .find((f) => f.definition === 'sitefit' && f.version === '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<string, unknown>;

describe('preview lane over real HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-preview-'));
  let server: RunningAppServer;
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const solve = (body: unknown) => call('/gh/tally:1.0.0/solve', body);
  const preview = (target: string, body: unknown) => call(`/preview/${target}`, body);

  before(async () => {
    const config = parseConfig(
      {
        APPSERVER_PORT: '0',
        APPSERVER_SEATS: '1',
        APPSERVER_PREVIEW_SEATS: '1',
        APPSERVER_PREVIEW_TIMEOUT_MS: '2500',
        BLOB_DIR: join(dir, 'blobs'),
        CONTRACTS_DIR: `${DEFAULT_CONTRACTS_DIR},${MODULE_CONTRACTS}`,
      },
      'appserver',
    );
    server = await startAppServer(config, createLogger('appserver', 'silent'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('batch load never blocks previews: every batch seat busy, a preview still answers', async () => {
    let batchDone = false;
    const batch = solve({ numbers: [1], delay_ms: 3000 }).then((r) => {
      batchDone = true;
      return r;
    });
    // The batch seat is taken once a second batch solve is refused.
    for (let i = 0; i < 100; i++) {
      const r = await solve({ numbers: [2] });
      if (r.status === 429) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    const p = await preview('tally:1.0.0', { inputs: { numbers: [1, 2, 3] } });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.deepEqual(p.body.outputs, { sum: 6 });
    assert.equal(batchDone, false, 'the preview answered while the batch solve still held its seat');
    assert.equal((await batch).status, 200);
  });

  test('preview load never starves batch: the preview seats busy, a batch solve still runs', async () => {
    let previewDone = false;
    const slow = preview('tally:1.0.0', { inputs: { numbers: [5], delay_ms: 2200 } }).then((r) => {
      previewDone = true;
      return r;
    });
    for (let i = 0; i < 100; i++) {
      const r = await preview('tally:1.0.0', { inputs: { numbers: [i + 100], delay_ms: 1 } });
      if (r.status === 429) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    const b = await solve({ numbers: [4, 5] });
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.equal(b.body.outputs.results[0].score, 9);
    assert.equal(b.body.outputs.results.length, 2, 'max_results caps the 3 copies once');
    assert.equal(previewDone, false, 'the batch solve ran while the preview held the only preview seat');
    assert.equal((await slow).status, 200);
  });

  test('a tight timeout: a preview slower than APPSERVER_PREVIEW_TIMEOUT_MS -> 504', async () => {
    const r = await preview('tally:1.0.0', { inputs: { numbers: [7], delay_ms: 5000 } });
    assert.equal(r.status, 504, JSON.stringify(r.body));
    assert.equal(r.body.code, 'ENGINE_TIMEOUT');
  });

  test('the cache is keyed on canonical inputs: defaults and key order do not matter', async () => {
    const first = await preview('tally:1.0.0', { inputs: { numbers: [8, 9] } });
    assert.equal(first.body.cache_hit, false);
    const again = await preview('tally:1.0.0', { inputs: { copies: 3, delay_ms: 0, numbers: [8, 9] } });
    assert.equal(again.status, 200);
    assert.equal(again.body.cache_hit, true);
    assert.deepEqual(again.body.outputs, first.body.outputs);
  });

  test('invalid preview inputs -> 400 naming the field under /inputs', async () => {
    const r = await preview('tally:1.0.0', { inputs: { numbers: [] } });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, '/inputs/numbers');
  });

  test('sitefit@1.0.0: one placement evaluated, agreeing with the solver to 1 mm; outside -> invalid with a reason', async () => {
    const solved = await call('/gh/sitefit:1.0.0/solve', typical);
    assert.equal(solved.status, 200, JSON.stringify(solved.body));
    for (const r of solved.body.outputs.results.slice(0, 3)) {
      const t = r.transform;
      const p = await preview('sitefit:1.0.0', {
        inputs: typical,
        placement: { rotation: t.rotation.value, x: t.translation.x, y: t.translation.y },
      });
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.equal(p.body.outputs.valid, true);
      assert.ok(Math.abs(p.body.outputs.metrics.min_setback_m - r.metrics.min_setback_m) <= 0.001);
      assert.ok(Math.abs(p.body.outputs.score - r.score) <= 0.001);
      assert.equal(p.body.outputs.metrics.house_area_m2, r.metrics.house_area_m2);
    }
    const outside = await preview('sitefit:1.0.0', {
      inputs: typical,
      placement: { rotation: 0, x: 100, y: 0 },
    });
    assert.equal(outside.status, 200);
    assert.equal(outside.body.outputs.valid, false);
    assert.equal(outside.body.outputs.reason, 'OUTSIDE_PARCEL');
    const bad = await preview('sitefit:1.0.0', { inputs: typical, placement: { rotation: 'x' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.field, '/placement/rotation');
  });

  test('sitefit@2.0.0: one placement evaluated (metrics, KPIs, score) agreeing with the solver; in an exclusion -> invalid', async () => {
    const inputs = {
      crs: 'EPSG:5514',
      parcel: {
        coordinates: [
          [0, 0],
          [30, 0],
          [30, 30],
          [0, 30],
          [0, 0],
        ],
      },
      house: {
        coordinates: [
          [0, 0],
          [8, 0],
          [8, 6],
          [0, 6],
          [0, 0],
        ],
      },
      setbacks: { uniform_m: 2 },
      street: { edges: [0] },
      exclusions: [
        {
          id: 'oak',
          kind: 'tree_protection',
          geometry: { type: 'Point', coordinates: [22, 22] },
          buffer_m: 3,
        },
      ],
    };
    const solved = await call('/gh/sitefit:2.0.0/solve', inputs);
    assert.equal(solved.status, 200, JSON.stringify(solved.body));
    const results = solved.body.outputs.results;
    const best = results[0];
    const maxClearance = best.metrics.clearance_slack_m / best.kpis.clearance;
    for (const r of results.slice(0, 3)) {
      const t = r.transform;
      const p = await preview('sitefit:2.0.0', {
        inputs,
        placement: { rotation: t.rotation.value, x: t.translation.x, y: t.translation.y },
        max_clearance_m: maxClearance,
      });
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.equal(p.body.outputs.valid, true);
      assert.ok(Math.abs(p.body.outputs.metrics.min_setback_m - r.metrics.min_setback_m) <= 0.001);
      assert.ok(Math.abs(p.body.outputs.metrics.street_distance_m - r.metrics.street_distance_m) <= 0.001);
      assert.ok(Math.abs(p.body.outputs.score - r.score) <= 0.005, `${p.body.outputs.score} vs ${r.score}`);
    }
    const inOak = await preview('sitefit:2.0.0', { inputs, placement: { rotation: 0, x: 17, y: 17 } });
    assert.equal(inOak.body.outputs.valid, false);
    assert.equal(inOak.body.outputs.reason, 'IN_SETBACK_OR_EXCLUSION');
    assert.equal(inOak.body.outputs.tightest, 'exclusion-oak');
  });
});

test('LruCache keeps the most recently used entries within its bound', () => {
  const c = new LruCache<number>(2);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1);
  c.set('c', 3);
  assert.equal(c.get('b'), undefined, 'b was the least recently used');
  assert.equal(c.get('a'), 1);
  assert.equal(c.get('c'), 3);
  assert.equal(c.size, 2);
});
