// Results 2..N are the greedy's: each is the best placement not near-duplicating the ones before it. Checked
// against a grid of placements evaluated by the independent checker: for every k, no grid placement that the
// first k − 1 results leave eligible is better than result k. (The search may pass over a point within 2 % of an
// exclusion disc's radius beyond it, see bnb.ts; such grid points are not counted as eligible.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rotateAboutOrigin } from '../src/geom/ring.ts';
import { centroid, checkPolygon, checkRing, orientRing, searchPlacements } from '../src/index.ts';
import { symmetryPeriod } from '../src/search/placements.ts';
import { CASES } from '../test-support/oracle/cases.ts';
import { checkPlacement } from '../test-support/oracle/checker.ts';

const ROTATIONS = Array.from({ length: 12 }, (_, i) => i * 15);
const GRID = 0.3;
const EXCLUSION_SLACK = 0.02;

function gap(a: number, b: number, period: number): number {
  const d = (((a - b) % period) + period) % period;
  return Math.min(d, period - d);
}

describe('distinct results follow the greedy rule', () => {
  for (const name of ['typical', 'l-house-l-parcel', 'narrow-notch', 'parcel-with-hole']) {
    test(name, async () => {
      const c = CASES.find((x) => x.name === name)!;
      const parcel = checkPolygon(c.parcel, c.holes, { outer: '/parcel', hole: (i) => `/holes/${i}` });
      const house = orientRing(checkRing(c.house, '/house', 'house'), true);
      const [cx, cy] = centroid(house);
      const centred = house.map(([x, y]) => [x - cx, y - cy] as [number, number]);
      const radius = Math.max(...centred.map(([x, y]) => Math.hypot(x, y)));
      const period = symmetryPeriod(centred, radius);
      const separation = radius / 4;
      const results = await searchPlacements(parcel, house, {
        rotations: ROTATIONS,
        maxResults: 8,
        seed: 1,
        separation,
      });
      assert.equal(results.length, 8);

      // Every feasible grid placement: house centroid on the grid, each rotation, setback by the checker.
      const xs = c.parcel.map((p) => p[0]);
      const ys = c.parcel.map((p) => p[1]);
      const grid: { deg: number; x: number; y: number; setback: number }[] = [];
      for (const deg of ROTATIONS) {
        const rotated = rotateAboutOrigin(centred, deg);
        for (let x = Math.min(...xs); x <= Math.max(...xs); x += GRID)
          for (let y = Math.min(...ys); y <= Math.max(...ys); y += GRID) {
            const check = checkPlacement(
              c.parcel,
              c.holes,
              rotated.map(([a, b]) => [a + x, b + y]),
            );
            if (check.inside) grid.push({ deg, x, y, setback: check.minSetback });
          }
      }
      assert.ok(grid.length > 100, `${grid.length} feasible grid placements`);

      results.forEach((r, k) => {
        let best = Number.NEGATIVE_INFINITY;
        for (const g of grid) {
          if (g.setback <= best) continue;
          const excluded = results.slice(0, k).some((q) => {
            const rho = separation - (radius * gap(g.deg, q.rotationDeg, period) * Math.PI) / 180;
            const d = Math.hypot(g.x - (q.translation[0] + cx), g.y - (q.translation[1] + cy));
            return d < rho * (1 + EXCLUSION_SLACK);
          });
          if (!excluded) best = g.setback;
        }
        assert.ok(
          best <= r.clearance + 1e-6,
          `${name} r${k + 1} (${r.rotationDeg}°, ${r.clearance}): an eligible grid placement has ${best}`,
        );
      });
    });
  }
});
