// sitefit inputs that pass the JSON schema but cannot run: refused by POST /jobs/run with 422 (code, field,
// hint) before a job exists, through the API's real domainCheck (packages/cli/src/domain-rules.ts), on real
// PostgreSQL and PGlite. The heavy inputs are the issue's: a 1993-vertex star at rotation step 0.1 (1.0.0) and a
// 1993-vertex circle at step 0.1 (2.0.0); what stays within max_work is accepted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { CONTRACT_DIRS, type Stack, startStack, submit } from '../../../test/harness.ts';

const registry = loadRegistry(CONTRACT_DIRS);
const v1 = registry.get('sitefit', '1.0.0')!;
const v2 = registry.get('sitefit', '2.0.0')!;
const typical = v1.examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<string, unknown>;
const brno = v2.examples.valid.find((e) => e.name === 'wgs84-brno.json')!.inputs as Record<string, unknown>;

const job = (version: string, inputs: unknown) => ({
  app_id: 'sitefit',
  definition: 'sitefit',
  version,
  inputs,
});

function ring(n: number, radius: (i: number) => number): number[][] {
  const r = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [radius(i) * Math.cos(a), radius(i) * Math.sin(a)];
  });
  r.push(r[0]);
  return r;
}
const rect = (w: number, h: number) => [
  [0, 0],
  [w, 0],
  [w, h],
  [0, h],
  [0, 0],
];
const house = { coordinates: rect(12, 9) };
const v2Base = { crs: 'EPSG:5514', parcel: { coordinates: rect(40, 60) }, house };

interface Refusal {
  name: string;
  version: string;
  inputs: Record<string, unknown>;
  code: string;
  reason: string;
  field: RegExp;
}

const refusals: Refusal[] = [
  {
    name: '1e308 coordinates (1.0.0)',
    version: '1.0.0',
    inputs: {
      ...typical,
      parcel: {
        coordinates: [
          [0, 0],
          [1e308, 0],
          [1e308, 1e308],
          [0, 1e308],
          [0, 0],
        ],
      },
    },
    code: 'DOMAIN_INVALID',
    reason: 'COORDINATE_OUT_OF_RANGE',
    field: /^\/inputs\/parcel\/coordinates\/\d$/,
  },
  {
    name: 'an EPSG code outside the CRS range (1.0.0)',
    version: '1.0.0',
    inputs: { ...typical, crs: 'EPSG:99' },
    code: 'DOMAIN_INVALID',
    reason: 'UNKNOWN_CRS',
    field: /^\/inputs\/crs$/,
  },
  {
    name: 'latitude 200 in EPSG:4326 (2.0.0)',
    version: '2.0.0',
    inputs: {
      ...brno,
      parcel: {
        coordinates: [
          [16.6068, 49.1951],
          [16.60714366, 49.1951],
          [16.60714366, 200],
          [16.6068, 49.19541663],
          [16.6068, 49.1951],
        ],
      },
    },
    code: 'DOMAIN_INVALID',
    reason: 'COORDINATE_OUT_OF_RANGE',
    field: /^\/inputs\/parcel\/coordinates\/2$/,
  },
  {
    name: 'a bowtie parcel (2.0.0)',
    version: '2.0.0',
    inputs: {
      ...v2Base,
      parcel: {
        coordinates: [
          [0, 0],
          [40, 40],
          [40, 0],
          [0, 40],
          [0, 0],
        ],
      },
    },
    code: 'DOMAIN_INVALID',
    reason: 'SELF_INTERSECTION',
    field: /^\/inputs\/parcel/,
  },
  {
    name: 'an unknown street edge (2.0.0)',
    version: '2.0.0',
    inputs: { ...v2Base, street: { edges: [7] } },
    code: 'DOMAIN_INVALID',
    reason: 'EDGE_OUT_OF_RANGE',
    field: /^\/inputs\/street\/edges\/0$/,
  },
  {
    name: 'a hole outside the parcel (2.0.0)',
    version: '2.0.0',
    inputs: {
      ...v2Base,
      parcel: {
        type: 'Polygon',
        coordinates: [
          rect(40, 60),
          [
            [50, 50],
            [50, 55],
            [55, 55],
            [55, 50],
            [50, 50],
          ],
        ],
      },
    },
    code: 'DOMAIN_INVALID',
    reason: 'HOLE_OUTSIDE_PARCEL',
    field: /^\/inputs\/parcel\/coordinates\/1/,
  },
  {
    name: 'an exclusion far outside the parcel (2.0.0)',
    version: '2.0.0',
    inputs: {
      ...v2Base,
      exclusions: [
        { kind: 'tree_protection', buffer_m: 5, geometry: { type: 'Point', coordinates: [500, 500] } },
      ],
    },
    code: 'DOMAIN_INVALID',
    reason: 'EXCLUSION_OUTSIDE_PARCEL',
    field: /^\/inputs\/exclusions\/0\/geometry$/,
  },
  {
    name: 'a facade edge the house does not have (2.0.0)',
    version: '2.0.0',
    inputs: { ...v2Base, orientation: { facade_edge: 9 } },
    code: 'DOMAIN_INVALID',
    reason: 'EDGE_OUT_OF_RANGE',
    field: /^\/inputs\/orientation\/facade_edge$/,
  },
  {
    name: 'a 1993-vertex star at rotation step 0.1 (1.0.0): above max_work',
    version: '1.0.0',
    inputs: {
      ...typical,
      parcel: { coordinates: ring(1992, (i) => (i % 2 ? 30 : 40)) },
      rotation: { min: 0, max: 360, step: 0.1 },
    },
    code: 'MANIFEST_LIMIT',
    reason: 'WORK_LIMIT_EXCEEDED',
    field: /^\/inputs\/rotation\/step$/,
  },
  {
    name: 'a 1993-vertex circle at rotation step 0.1 (2.0.0): above max_work',
    version: '2.0.0',
    inputs: {
      ...v2Base,
      parcel: { coordinates: ring(1992, () => 40) },
      rotation: { min: 0, max: 360, step: 0.1 },
    },
    code: 'MANIFEST_LIMIT',
    reason: 'WORK_LIMIT_EXCEEDED',
    field: /^\/inputs\/rotation\/step$/,
  },
];

for (const driver of TEST_DRIVERS) {
  describe(`sitefit inputs refused at submit on ${driver}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(driver, { worker: false });
    });
    after(() => stack.close());

    for (const c of refusals) {
      test(`${c.name}: 422 ${c.reason} with field and hint, nothing queued`, async () => {
        const depth = await stack.queue.depth();
        const r = await submit(stack, job(c.version, c.inputs));
        assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 400));
        assert.equal(r.body.code, c.code);
        assert.equal(r.body.reason, c.reason);
        assert.match(String(r.body.field), c.field);
        assert.equal(typeof r.body.hint, 'string');
        assert.ok(String(r.body.hint).length > 10);
        assert.equal(await stack.queue.depth(), depth, 'nothing was queued');
      });
    }

    test('the work refusal names the limit, the cap, the estimate and a step that would fit', async () => {
      const c = refusals.find((x) => x.version === '1.0.0' && x.reason === 'WORK_LIMIT_EXCEEDED')!;
      const r = await submit(stack, job(c.version, c.inputs));
      assert.equal(r.body.limit, 'max_work');
      assert.equal(r.body.max, v1.manifest.max_work);
      assert.ok(Number(r.body.actual) > Number(r.body.max));
      const step = Number(/rotation\.step >= ([\d.]+)/.exec(String(r.body.hint))?.[1]);
      assert.ok(step > 0.1, String(r.body.hint));
      // The step the hint names is accepted.
      const fixed = { ...c.inputs, rotation: { min: 0, max: 360, step } };
      const ok = await submit(stack, job('1.0.0', fixed));
      assert.equal(ok.status, 202, JSON.stringify(ok.body).slice(0, 300));
    });

    test('inputs within max_work are accepted: the issue L house at step 0.1, the 1993-vertex circle at the defaults', async () => {
      const L = {
        coordinates: [
          [0, 0],
          [12, 0],
          [12, 5],
          [6, 5],
          [6, 10],
          [0, 10],
          [0, 0],
        ],
      };
      const a = await submit(
        stack,
        job('2.0.0', { ...v2Base, house: L, rotation: { min: 0, max: 360, step: 0.1 } }),
      );
      assert.equal(a.status, 202, JSON.stringify(a.body).slice(0, 300));
      const b = await submit(
        stack,
        job('2.0.0', { ...v2Base, parcel: { coordinates: ring(1992, () => 40) } }),
      );
      assert.equal(b.status, 202, JSON.stringify(b.body).slice(0, 300));
    });
  });
}
