// The strip index (src/geom/strips.ts) gives the same containment answers as the plain scan over every edge,
// on large parcels (comb, star, circle, with holes) and on placements that touch the boundary exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { houseInside, houseInsidePlain } from '../src/geom/contain.ts';
import { stripIndex } from '../src/geom/strips.ts';
import type { Point, PolygonWithHoles, Ring } from '../src/geom/types.ts';
import { infeasibleDepth, infeasibleDepthScan } from '../src/search/cell-tests.ts';
import { makeRotation } from '../src/search/rotation.ts';
import { comb, radial } from '../test-support/stress.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const open = (r: number[][]): Ring => r.slice(0, -1).map(([x, y]) => [x, y] as Point);
const square = (x: number, y: number, w: number): Ring => [
  [x, y],
  [x, y + w],
  [x + w, y + w],
  [x + w, y],
];

const cases: { name: string; poly: PolygonWithHoles; house: Ring }[] = [
  // Integer teeth 2 m wide, 2 m apart and a 4 x 2 house on a 0.5 m lattice: many exact touches.
  { name: 'comb', poly: { outer: open(comb(60)), holes: [] }, house: square(0, 0, 2).concat() },
  { name: 'star', poly: { outer: open(radial(400, 40, 30)), holes: [] }, house: square(-3, -3, 6) },
  {
    name: 'circle with holes',
    poly: {
      outer: open(radial(300, 50)),
      holes: [square(-20, -20, 6), square(10, 5, 4), square(-5, 20, 3)],
    },
    house: [
      [-4, -3],
      [4, -3],
      [4, 0],
      [0, 0],
      [0, 3],
      [-4, 3],
    ],
  },
];

for (const c of cases) {
  test(`strip index: ${c.name} gives the plain scan's answer at every placement`, () => {
    assert.ok(stripIndex(c.poly), 'large enough to be indexed');
    const [x0, y0, x1, y1] = [
      Math.min(...c.poly.outer.map((p) => p[0])),
      Math.min(...c.poly.outer.map((p) => p[1])),
      Math.max(...c.poly.outer.map((p) => p[0])),
      Math.max(...c.poly.outer.map((p) => p[1])),
    ];
    const r = rng(7);
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < 3000; i++) {
      // Half on a 0.5 m lattice (exact contacts with integer boundaries), half anywhere.
      const lattice = i % 2 === 0;
      const tx = x0 + (x1 - x0) * r();
      const ty = y0 + (y1 - y0) * r();
      const dx = lattice ? Math.round(tx * 2) / 2 : tx;
      const dy = lattice ? Math.round(ty * 2) / 2 : ty;
      const placed = c.house.map(([x, y]) => [x + dx, y + dy] as Point);
      const want = houseInsidePlain(placed, c.poly);
      assert.equal(houseInside(placed, c.poly), want, `at (${dx}, ${dy})`);
      if (want) inside++;
      else outside++;
    }
    // Both answers occur, so the comparison can fail either way.
    assert.ok(inside > 20 && outside > 20, `${inside} inside, ${outside} outside`);
  });
}

test('strip index: the infeasibility depth bound matches the scan over every edge', () => {
  for (const c of cases.filter((k) => k.poly.holes.length === 0)) {
    const hx = c.house.map((p) => p[0]);
    const hy = c.house.map((p) => p[1]);
    const ctr: Point = [(Math.min(...hx) + Math.max(...hx)) / 2, (Math.min(...hy) + Math.max(...hy)) / 2];
    const house = c.house.map(([x, y]) => [x - ctr[0], y - ctr[1]] as Point);
    const rot = makeRotation(0, 0, house, [c.poly], [], null);
    const r = rng(11);
    let positive = 0;
    for (let i = 0; i < 2000; i++) {
      const x = -60 + 300 * r();
      const y = -60 + 120 * r();
      const want = infeasibleDepthScan(rot, x, y);
      const got = infeasibleDepth(rot, x, y);
      assert.ok(Math.abs(got - want) <= 1e-9, `${c.name} at (${x}, ${y}): ${got} vs ${want}`);
      if (want > 0.5) positive++;
    }
    assert.ok(positive > 50, `${c.name}: ${positive} deep placements`);
  }
});
