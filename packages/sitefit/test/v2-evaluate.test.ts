// evaluateV2 (the 2.0.0 live preview) at the pose of each solved result gives that result's metrics, KPIs and
// score; a house moved over a setback band, an exclusion zone or out of the parcel is invalid with its reason.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluateV2, prepareV2, solveSitefitV2 } from '../src/index.ts';

const dir = new URL('../../../contracts/sitefit/2.0.0/examples/valid/', import.meta.url);
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, inputs: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) }))
  .filter((e) => e.inputs.crs !== 'EPSG:4326');

for (const { name, inputs } of examples) {
  test(`${name}: every result evaluated at its own pose agrees with the solve`, async () => {
    const out = await solveSitefitV2(inputs, {});
    assert.ok(out.results.length > 0);
    const prepared = prepareV2(inputs);
    // The solve's largest clearance, as the page derives it from the results.
    const best = out.results.reduce((a, r) => (r.kpis.clearance > a.kpis.clearance ? r : a));
    const maxClearanceM = best.metrics.clearance_slack_m / best.kpis.clearance;
    for (const r of out.results) {
      const t = r.transform;
      const e = evaluateV2(
        prepared,
        { rotation: t.rotation.value, x: t.translation.x, y: t.translation.y },
        { maxClearanceM },
      );
      assert.equal(e.valid, true, `${r.id}: ${e.reason}`);
      assert.ok(Math.abs(e.metrics.min_setback_m - r.metrics.min_setback_m) <= 0.001, r.id);
      assert.ok(Math.abs(e.metrics.clearance_slack_m - r.metrics.clearance_slack_m) <= 0.001, r.id);
      assert.ok(Math.abs(e.metrics.garden_area_m2 - r.metrics.garden_area_m2) <= 0.01, r.id);
      assert.equal(e.kpis.sun, r.kpis.sun);
      assert.ok(Math.abs(e.kpis.access - r.kpis.access) <= 1e-6, r.id);
      assert.ok(Math.abs(e.kpis.alignment - r.kpis.alignment) <= 1e-6, r.id);
      // The solve's clearance comes from its 1 mm region, the evaluation's from exact distances.
      assert.ok(Math.abs(e.score - r.score) <= 0.005, `${r.id}: ${e.score} vs ${r.score}`);
    }
  });
}

test('moved out of the parcel, into a setback band or into an exclusion zone: invalid with the reason', () => {
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
    setbacks: { uniform_m: 3 },
    exclusions: [
      { id: 'oak', kind: 'tree_protection', geometry: { type: 'Point', coordinates: [22, 22] }, buffer_m: 3 },
    ],
  };
  const p = prepareV2(inputs);
  const at = (x: number, y: number) => evaluateV2(p, { rotation: 0, x, y });
  assert.equal(at(10, 10).valid, true);
  assert.equal(at(-5, 10).reason, 'OUTSIDE_PARCEL');
  const band = at(1, 10);
  assert.equal(band.reason, 'IN_SETBACK_OR_EXCLUSION');
  assert.match(band.tightest, /^edge-/);
  const oak = at(16, 16);
  assert.equal(oak.reason, 'IN_SETBACK_OR_EXCLUSION');
  assert.equal(oak.tightest, 'exclusion-oak');
});
