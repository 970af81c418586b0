// sitefit@1.0.0 results are distinct options (issue 9 item 6): on a plateau (a rectangle in a rectangle, where
// one rotation keeps its best setback along a whole segment) results 2..N differ from every earlier one by at
// least 10° of rotation or by the house's size in position, while the best is the one the plain search finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRing, orientRing, searchPlacements, solveSitefitV1 } from '../src/index.ts';
import { DISTINCT_ANGLE_DEG, v1Distinct } from '../src/solve-v1.ts';

const rect = (w: number, h: number) => [
  [0, 0],
  [w, 0],
  [w, h],
  [0, h],
  [0, 0],
];

const inputs = (parcel: number[][], house: number[][]) => ({
  crs: 'EPSG:5514',
  parcel: { coordinates: parcel },
  house: { coordinates: house },
  rotation: { min: 0, max: 180, step: 5 },
  grid_step: 0.5,
  seed: 42,
});

/** A rectangle's rotations repeat every 180°. */
const angleGap = (a: number, b: number) => {
  const d = (((a - b) % 180) + 180) % 180;
  return Math.min(d, 180 - d);
};

for (const [name, parcel] of [
  ['60 x 20 strip (plateau along x)', rect(60, 20)],
  ['20 x 30 typical parcel', rect(20, 30)],
] as const) {
  test(`1.0.0 on a ${name}: results differ by 10° or by the house's size, the best unchanged`, async () => {
    const house = rect(10, 8);
    const out = await solveSitefitV1(inputs(parcel, house), { maxResults: 10 });
    // Fewer than 10 when the search's pool holds fewer distinct placements (the strip: four along its plateau).
    assert.ok(out.results.length >= 3 && out.results.length <= 10, `${out.results.length} results`);
    const size = Math.sqrt(80);
    const centre = (r: (typeof out.results)[number]) => [
      r.transform.translation.x + 5,
      r.transform.translation.y + 4,
    ];
    for (let i = 1; i < out.results.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = out.results[i];
        const b = out.results[j];
        const [ax, ay] = centre(a);
        const [bx, by] = centre(b);
        const gap = angleGap(a.transform.rotation.value, b.transform.rotation.value);
        const moved = Math.hypot(ax - bx, ay - by);
        assert.ok(
          gap >= DISTINCT_ANGLE_DEG - 1e-9 || moved >= size - 1e-6,
          `${a.id} and ${b.id}: ${gap}° apart, centroids ${moved.toFixed(3)} m apart`,
        );
      }
    }
    // The best is exact and the same as without the rule (same seed): the search with only the earlier
    // separation, through the same building blocks.
    const ring = orientRing(checkRing(house, '/house', 'house'), true);
    const plain = await searchPlacements(
      { outer: orientRing(checkRing(parcel, '/parcel', 'parcel'), true), holes: [] },
      ring,
      {
        rotations: Array.from({ length: 37 }, (_, i) => 5 * i),
        maxResults: 10,
        seed: 42,
        refine: { min: 0, max: 180, step: 5 },
        separation: Math.max(0.5, Math.hypot(5, 4) / 4),
      },
    );
    const best = out.results[0];
    assert.equal(best.transform.rotation.value, plain[0].rotationDeg);
    assert.deepEqual([best.transform.translation.x, best.transform.translation.y], plain[0].translation);
    assert.equal(best.metrics.min_setback_m, 6);
    // Without the rule, this plateau gave copies of the best rotation shifted by less than the house's size.
    const close = plain
      .slice(1)
      .filter(
        (p) =>
          angleGap(p.rotationDeg, plain[0].rotationDeg) < DISTINCT_ANGLE_DEG &&
          Math.hypot(p.translation[0] - plain[0].translation[0], p.translation[1] - plain[0].translation[1]) <
            size,
      );
    assert.ok(close.length > 0, 'the case has a plateau the earlier rule did not spread');
  });
}

test('the distinct distance is the house size, at least grid_step', () => {
  assert.deepEqual(v1Distinct(0.5, 80), { distance: Math.sqrt(80), angleDeg: 10 });
  assert.deepEqual(v1Distinct(20, 80), { distance: 20, angleDeg: 10 });
});
