// The seat belongs to the engine until it has really settled: an engine that ignores its abort signal gets a
// 504 answered on time but keeps its seat until it stops; an engine that throws at once gives it back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContractFiles } from '@kuduso/core';
import type { Engine } from '../src/index.ts';
import { eventually, makeApp, openContract, post } from './helpers.ts';

function contractFor(definition: string, engine: string): ContractFiles {
  return openContract(definition, { engine }, { timeout_sec: 0.1 });
}

describe('seat release follows the engine', () => {
  test('an engine that ignores its signal: 504 on time, seat held until it settles', async () => {
    let finish: () => void = () => {};
    const stubborn: Engine = {
      name: 'stubborn',
      supports: () => ({ status: 'available' }),
      solve: () =>
        new Promise((resolve) => {
          finish = () => resolve({ outputs: {} });
        }),
    };
    const t = makeApp({
      seats: 1,
      extraContracts: [contractFor('stubborn', 'stubborn')],
      engines: { extra: [stubborn] },
    });
    try {
      const res = await post(t.app, 'stubborn:1.0.0', {});
      assert.equal(res.statusCode, 504);
      assert.equal(t.seats.inUse(), 1, 'the engine is still working, so its seat is still taken');
      assert.equal((await post(t.app, 'stubborn:1.0.0', {})).statusCode, 429);
      finish();
      await eventually(() => t.seats.inUse() === 0);
    } finally {
      await t.close();
    }
  });

  test('an engine that throws synchronously: 502, seat released', async () => {
    const broken: Engine = {
      name: 'broken',
      supports: () => ({ status: 'available' }),
      solve: () => {
        throw new TypeError('boom');
      },
    };
    const t = makeApp({
      seats: 1,
      extraContracts: [contractFor('broken', 'broken')],
      engines: { extra: [broken] },
    });
    try {
      const res = await post(t.app, 'broken:1.0.0', {});
      assert.equal(res.statusCode, 502);
      assert.equal(res.json().code, 'ENGINE_FAILED');
      await eventually(() => t.seats.inUse() === 0);
    } finally {
      await t.close();
    }
  });
});
