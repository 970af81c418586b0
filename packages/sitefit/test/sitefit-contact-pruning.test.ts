// The search keeps only the contact segments that can be nearest or touching (essentialContactSegments). That
// is safe only if, at every feasible translation, the distance to the kept segments is still the exact
// clearance. Checked here against the plain clearance (no pruning), on random concave parcels with holes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Flat } from '../src/geom/types.ts';
import {
  checkPolygon,
  checkRing,
  clearance,
  houseInside,
  orientRing,
  rotateRing,
  translateRing,
} from '../src/index.ts';
import { contactSegments, essentialContactSegments, segDist } from '../src/search/contact.ts';

const real = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);

function star(cx: number, cy: number, radii: number[]): number[][] {
  const pts = radii.map((r, i) => {
    const t = (2 * Math.PI * i) / radii.length;
    return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
  });
  return [...pts, pts[0]];
}

function minDist(segs: Flat, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; 4 * i < segs.length; i++) best = Math.min(best, segDist(segs, i, x, y));
  return best;
}

test('pruned contact segments give the exact clearance at every feasible translation', () => {
  let checked = 0;
  fc.assert(
    fc.property(
      fc.array(real(8, 30), { minLength: 4, maxLength: 14 }),
      fc.option(real(0.5, 3)),
      fc.array(real(1.5, 6), { minLength: 3, maxLength: 7 }),
      real(0, 360),
      fc.array(fc.tuple(real(-30, 30), real(-30, 30)), { minLength: 40, maxLength: 40 }),
      (radii, hole, houseRadii, angle, translations) => {
        let region: ReturnType<typeof checkPolygon>;
        let house: ReturnType<typeof checkRing>;
        try {
          const holes = hole ? [star(3, 1, [hole, hole, hole, hole])] : [];
          region = checkPolygon(star(0, 0, radii), holes, { outer: '/p', hole: (i) => `/h/${i}` });
          house = orientRing(checkRing(star(0, 0, houseRadii), '/house', 'house'), true);
        } catch {
          fc.pre(false);
          return;
        }
        const rotated = rotateRing(house, angle, [0, 0]);
        const all = contactSegments([region], rotated);
        const kept = essentialContactSegments([region], rotated);
        assert.ok(kept.length <= all.length);
        for (const [x, y] of translations) {
          const placed = translateRing(rotated, x, y);
          if (!houseInside(placed, region)) continue;
          const exact = clearance(placed, region, [x, y]);
          assert.ok(Math.abs(minDist(all, x, y) - exact) < 1e-9, 'all segments: the clearance');
          assert.ok(
            Math.abs(minDist(kept, x, y) - exact) < 1e-9,
            `kept segments: ${minDist(kept, x, y)} vs ${exact}`,
          );
          checked++;
        }
      },
    ),
    { numRuns: 300, seed: 20261129 },
  );
  assert.ok(checked > 500, `only ${checked} feasible translations were checked`);
});
