// Start-up decisions and small parts: engine bindings, unavailable engines, per-definition payload limits,
// seat accounting, vertex counting, JSON depth.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ContractFiles, ContractRegistry, compileContract, countPositions } from '@kuduso/core';
import { jsonDepth } from '@kuduso/http';
import { bindContracts, createEngines, EngineBindingError, Seats } from '../src/index.ts';
import { contractFiles, makeApp, post } from './helpers.ts';

const sitefit = contractFiles().find((f) => f.definition === 'sitefit' && f.version === '1.0.0')!;
const typical = sitefit.examples.valid.find((e) => e.name === 'typical.json')!.inputs;

function withBindings(definition: string, bindings: ContractFiles['bindings']): ContractFiles {
  return { ...sitefit, definition, manifest: { ...sitefit.manifest, definition }, bindings };
}

describe('engine bindings at start-up', () => {
  test('a contract whose engine is not registered stops start-up, naming it', () => {
    const registry = new ContractRegistry([compileContract(withBindings('mystery', { engine: 'quantum' }))]);
    assert.throws(
      () => bindContracts(registry, createEngines({ useCompute: false })),
      (e: unknown) => {
        assert.ok(e instanceof EngineBindingError);
        assert.match(e.message, /mystery@1\.0\.0: engine "quantum" is not registered/);
        return true;
      },
    );
  });

  test('an unknown builtin entry stops start-up', () => {
    const registry = new ContractRegistry([
      compileContract(withBindings('odd', { engine: 'builtin', entry: 'nope' })),
    ]);
    assert.throws(
      () => bindContracts(registry, createEngines({ useCompute: false })),
      /unknown builtin entry nope/,
    );
  });

  test('grasshopper with USE_COMPUTE off: listed as unavailable, solves answer 503 (after validation)', async () => {
    const gh = withBindings('ghdef', { engine: 'grasshopper' });
    const t = makeApp({ extraContracts: [gh] });
    try {
      const defs = (await t.app.inject('/definitions')).json().definitions;
      const d = defs.find((x: { id: string }) => x.id === 'ghdef@1.0.0');
      assert.equal(d.available, false);
      assert.match(d.reason, /USE_COMPUTE/);
      const res = await post(t.app, 'ghdef:1.0.0', typical);
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'UPSTREAM_UNAVAILABLE');
      assert.equal((await post(t.app, 'ghdef:1.0.0', { crs: 'x' })).statusCode, 400);
    } finally {
      await t.close();
    }
  });

  test('grasshopper with USE_COMPUTE on (no Rhino.Compute engine yet) stops start-up', () => {
    const registry = new ContractRegistry([
      compileContract(withBindings('ghdef', { engine: 'grasshopper' })),
    ]);
    assert.throws(
      () => bindContracts(registry, createEngines({ useCompute: true })),
      /"grasshopper" is not registered/,
    );
  });
});

describe('manifest.max_payload_bytes', () => {
  test('a body over the definition limit -> 413 PAYLOAD_TOO_LARGE', async () => {
    const t = makeApp({ manifest: { 'mock@1.0.0': { max_payload_bytes: 100 } } });
    try {
      const res = await post(t.app, 'mock:1.0.0', { value: 1, key: 'k'.repeat(200) });
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE');
      assert.equal(res.json().max, 100);
      assert.equal((await post(t.app, 'mock:1.0.0', { value: 1 })).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});

describe('parts', () => {
  test('Seats: per lane, never below zero, release is idempotent', () => {
    const seats = new Seats({ batch: 2 });
    const a = seats.tryTake();
    const b = seats.tryTake();
    assert.ok(a && b);
    assert.equal(seats.tryTake(), null);
    assert.equal(seats.tryTake('preview'), null, 'no preview seats configured');
    a();
    a();
    assert.equal(seats.inUse(), 1);
    assert.deepEqual(seats.snapshot(), { total: 2, in_use: 1, lanes: { batch: { total: 2, in_use: 1 } } });
    b();
    assert.equal(seats.inUse(), 0);
  });

  test('countPositions: every position, the biggest array named', () => {
    const inputs = {
      parcel: {
        coordinates: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      },
      exclusions: [
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
      ],
      point: [3, 4],
      notes: ['a', 'b'],
    };
    assert.deepEqual(countPositions(inputs), { count: 10, field: '/exclusions/0/geometry/coordinates/0' });
    assert.deepEqual(countPositions({ value: 1 }), { count: 0, field: undefined });
  });

  test('jsonDepth ignores brackets inside strings', () => {
    assert.equal(jsonDepth('{"a":[[1]]}'), 3);
    assert.equal(jsonDepth('{"a":"[[[[[\\"[["}'), 1);
    assert.equal(jsonDepth('1'), 0);
  });
});
