// solveSitefitV1 against the sitefit@1.0.0 contract files: outputs validate, domain errors, warnings, abort.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import {
  placeHouse,
  rotationList,
  SitefitDomainError,
  type SitefitOutputs,
  type SitefitV1Inputs,
  solveSitefitV1,
} from '../src/index.ts';
import { checkPlacement } from '../test-support/oracle/checker.ts';

const dir = new URL('../../../contracts/sitefit/1.0.0/', import.meta.url);
const read = (p: string) => JSON.parse(readFileSync(new URL(p, dir), 'utf8'));
const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validateInputs = ajv.compile(read('inputs.schema.json'));
const validateOutputs = ajv.compile(read('outputs.schema.json'));
const maxResults: number = read('manifest.json').max_results;

/** Contract inputs with the schema's defaults materialised, as the AppServer does before solving. */
function materialise(raw: unknown): SitefitV1Inputs {
  const inputs = structuredClone(raw);
  assert.ok(validateInputs(inputs), JSON.stringify(validateInputs.errors));
  return inputs as SitefitV1Inputs;
}

function assertOutputs(out: SitefitOutputs): void {
  assert.ok(validateOutputs(out), JSON.stringify(validateOutputs.errors));
}

const typical = () => materialise(read('examples/valid/typical.json'));

describe('sitefit@1.0.0 contract', () => {
  for (const file of readdirSync(new URL('examples/valid/', dir))) {
    test(`valid example ${file}: outputs validate, placements are inside with their setback`, async () => {
      const inputs = materialise(read(`examples/valid/${file}`));
      const now = new Date('2026-01-02T03:04:05.000Z');
      const out = await solveSitefitV1(inputs, { maxResults, now });
      assertOutputs(out);
      assert.ok(out.results.length > 0 && out.results.length <= maxResults);
      assert.equal(out.metadata.generated_at, '2026-01-02T03:04:05.000Z');
      assert.equal(out.metadata.engine, 'builtin:sitefit');
      assert.equal(out.metadata.seed, inputs.seed);
      assert.deepEqual(out.artifacts, []);
      assert.deepEqual(
        out.results.map((r) => r.id),
        out.results.map((_, i) => `r${i + 1}`),
      );
      for (let i = 0; i < out.results.length; i++) {
        const r = out.results[i];
        if (i > 0) assert.ok(r.score <= out.results[i - 1].score);
        const check = checkPlacement(
          inputs.parcel.coordinates,
          [],
          placeHouse(inputs.house.coordinates, r.transform),
        );
        assert.ok(check.inside);
        assert.ok(Math.abs(check.minSetback - r.metrics.min_setback_m) <= 1e-3);
        const m = r.metrics;
        const expected =
          0.3 * (m.yard_area_m2 / 1000) +
          0.4 * m.min_setback_m +
          0.3 * Math.max(0, 1 - 2 * Math.abs(m.parcel_utilization - 0.4));
        assert.ok(Math.abs(r.score - expected) < 1e-5);
        assert.equal(m.orientation_deg, r.transform.rotation.value);
      }
    });
  }

  test('typical: the best setback is 6 m (house turned 90°), metrics as designed', async () => {
    const out = await solveSitefitV1(typical(), { maxResults: 10 });
    const best = out.results[0];
    assert.equal(best.metrics.min_setback_m, 6);
    assert.equal(Math.abs(best.transform.rotation.value % 180), 90);
    assert.equal(best.metrics.house_area_m2, 80);
    assert.equal(best.metrics.yard_area_m2, 520);
    assert.equal(best.metrics.parcel_utilization, Math.round((80 / 600) * 1e6) / 1e6);
    assert.deepEqual(best.tags, ['best']);
  });

  test('same inputs and seed give the same outputs', async () => {
    const now = new Date(0);
    assert.deepEqual(
      await solveSitefitV1(typical(), { maxResults: 10, now }),
      await solveSitefitV1(typical(), { maxResults: 10, now }),
    );
  });

  test('a house that fits nowhere: empty results and NO_FEASIBLE_PLACEMENT with how much too large', async () => {
    const inputs = {
      ...typical(),
      house: {
        coordinates: [
          [0, 0],
          [24, 0],
          [24, 22],
          [0, 22],
          [0, 0],
        ],
      },
    };
    const out = await solveSitefitV1(inputs, { maxResults: 10 });
    assertOutputs(out);
    assert.deepEqual(out.results, []);
    const [w] = out.metadata.warnings;
    assert.equal(w.code, 'NO_FEASIBLE_PLACEMENT');
    const scale = w.details?.max_fitting_scale as number;
    // 22 m is the house's narrowest width and the parcel is 20 m wide: it fits at scale 20/22.
    assert.ok(Math.abs(scale - 20 / 22) < 2e-3, `${scale}`);
    const larger = await solveSitefitV1(
      {
        ...inputs,
        house: {
          coordinates: [
            [0, 0],
            [40, 0],
            [40, 40],
            [0, 40],
            [0, 0],
          ],
        },
      },
      { maxResults: 10 },
    );
    assert.equal(larger.metadata.warnings[0].code, 'NO_FEASIBLE_PLACEMENT');
    assert.match(larger.metadata.warnings[0].message, /larger than the parcel/);
  });

  test('domain errors carry code, field and hint', async () => {
    const cases: [Partial<SitefitV1Inputs>, string, string][] = [
      [
        {
          parcel: {
            coordinates: [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 10],
              [0, 1],
            ],
          },
        },
        'RING_NOT_CLOSED',
        '/parcel/coordinates',
      ],
      [
        {
          parcel: {
            coordinates: [
              [0, 0],
              [10, 10],
              [10, 0],
              [0, 10],
              [0, 0],
            ],
          },
        },
        'SELF_INTERSECTION',
        '/parcel/coordinates',
      ],
      [
        {
          house: {
            coordinates: [
              [0, 0],
              [1, 0],
              [2, 0],
              [0, 0],
            ],
          },
        },
        'ZERO_AREA',
        '/house/coordinates',
      ],
      [
        {
          house: {
            coordinates: [
              [0, 0],
              [1, 0],
              [0, 0],
              [0, 0],
            ],
          },
        },
        'TOO_FEW_VERTICES',
        '/house/coordinates',
      ],
      [{ rotation: { min: 90, max: 10, step: 5 } }, 'INVALID_ROTATION_RANGE', '/rotation'],
    ];
    for (const [patch, code, field] of cases) {
      await assert.rejects(solveSitefitV1({ ...typical(), ...patch }, { maxResults: 10 }), (e: unknown) => {
        assert.ok(e instanceof SitefitDomainError);
        assert.equal(e.code, code);
        assert.equal(e.field, field);
        return true;
      });
    }
  });

  test('rotation list includes max when reachable; a single rotation when min = max', () => {
    assert.equal(rotationList({ min: 0, max: 180, step: 5 }).length, 37);
    assert.deepEqual(rotationList({ min: 30, max: 30, step: 5 }), [30]);
    assert.deepEqual(rotationList({ min: 0, max: 1, step: 0.3 }), [0, 0.3, 0.6, 0.9]);
  });

  test('placeHouse rotates about the centroid, then translates, and closes the ring', () => {
    const ring = placeHouse(
      [
        [0, 0],
        [4, 0],
        [4, 2],
        [0, 2],
        [0, 0],
      ],
      {
        rotation: { axis: 'z', value: 90, units: 'deg' },
        translation: { x: 10, y: 20, z: 0, units: 'm' },
        scale: { uniform: 1 },
      },
    );
    assert.deepEqual(ring, [
      [13, 19],
      [13, 23],
      [11, 23],
      [11, 19],
      [13, 19],
    ]);
  });

  test('abort: an aborted signal rejects with its reason, before and during the search', async () => {
    const reason = new Error('deadline');
    await assert.rejects(
      solveSitefitV1(typical(), { maxResults: 10, signal: AbortSignal.abort(reason) }),
      (e) => e === reason,
    );
    // A heavier run aborted from a timer: only possible because the solve yields to the event loop.
    const heavy = { ...typical(), rotation: { min: 0, max: 360, step: 0.1 } };
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(reason), 5);
    await assert.rejects(solveSitefitV1(heavy, { maxResults: 10, signal: ctl.signal }), (e) => e === reason);
    clearTimeout(timer);
  });
});
