// maxFittingScale: the exact programme on convex parcels against closed forms, the exact containment test and
// the Clipper bisection it replaces; the bisection on a non-convex parcel; abort.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { houseInside } from '../src/geom/contain.ts';
import { centroid, rotateAboutOrigin } from '../src/geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../src/geom/types.ts';
import { bisectFittingScale, fitConvex, maxFittingScale } from '../src/search/fit-scale.ts';
import { innerFitPolygon } from '../src/search/ifp.ts';

const rect = (w: number, h: number, x = 0, y = 0): Ring => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const centred = (ring: Ring): Ring => {
  const [cx, cy] = centroid(ring);
  return ring.map(([x, y]) => [x - cx, y - cy] as Point);
};
const scaled = (ring: Ring, s: number, dx = 0, dy = 0): Ring =>
  ring.map(([x, y]) => [x * s + dx, y * s + dy] as Point);
const steps = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Best programme value over the rotations, with the rotated house and translation achieving it. */
function bestFit(outer: Ring, house: Ring, rotations: number[]) {
  let best = { scale: Number.NEGATIVE_INFINITY, house, x: 0, y: 0 };
  for (const deg of rotations) {
    const h = rotateAboutOrigin(house, deg);
    const fit = fitConvex(outer, h);
    assert.ok(fit, 'convex parcel and house');
    if (fit.scale > best.scale) best = { scale: fit.scale, house: h, x: fit.x, y: fit.y };
  }
  return best;
}

/**
 * The convex answer is achieved (the house shrunk by 0.1 % lies inside at the programme's translation, per
 * the exact test) and maximal (0.2 % larger, Clipper's inner-fit polygon is empty at every rotation).
 */
function assertExact(region: PolygonWithHoles, house: Ring, rotations: number[]): number {
  const best = bestFit(region.outer, house, rotations);
  assert.ok(houseInside(scaled(best.house, best.scale * (1 - 1e-3), best.x, best.y), region));
  for (const deg of rotations) {
    const larger = scaled(rotateAboutOrigin(house, deg), best.scale * (1 + 2e-3));
    assert.deepEqual(innerFitPolygon([region], larger), [], `fits at ${deg}° above the optimum`);
  }
  return best.scale;
}

describe('maxFittingScale on convex parcels (linear programme)', () => {
  test('a 24x22 house on a 20x30 parcel fits at 20/22, at rotation 90', async () => {
    const region = { outer: rect(20, 30), holes: [] };
    const house = centred(rect(24, 22));
    const s = await maxFittingScale([region], house, steps(0, 180, 5), 600 / 528);
    assert.ok(s <= 20 / 22 && 20 / 22 - s < 1e-3, `${s}`);
    // Closed form at a single rotation: the tighter of the two strips.
    assert.equal(fitConvex(region.outer, rotateAboutOrigin(house, 90))?.scale, Math.min(20 / 22, 30 / 24));
    assert.equal(await maxFittingScale([region], house, [0], 600 / 528), 0.8333);
    assertExact(region, house, steps(0, 180, 5));
  });

  test('collinear and repeated parcel vertices change nothing, a fitting house gives 1', async () => {
    const house = centred(rect(24, 22));
    const messy: Ring = [
      [0, 0],
      [10, 0],
      [20, 0],
      [20, 0],
      [20, 30],
      [5, 30],
      [0, 30],
    ];
    const clean = await maxFittingScale([{ outer: rect(20, 30), holes: [] }], house, steps(0, 180, 5), 2);
    assert.equal(await maxFittingScale([{ outer: messy, holes: [] }], house, steps(0, 180, 5), 2), clean);
    assert.equal(await maxFittingScale([{ outer: rect(22, 24), holes: [] }], house, [0, 90], 1), 1);
  });

  test('triangle parcel, rotated square house: closed form, exact containment, maximality', async () => {
    // Base 30, height 20: the axis-aligned inscribed square has side 30·20 / (30 + 20) = 12.
    const region = {
      outer: [
        [0, 0],
        [30, 0],
        [10, 20],
      ] as Ring,
      holes: [],
    };
    const house = rotateAboutOrigin(centred(rect(16, 16)), 30);
    assert.ok(Math.abs((fitConvex(region.outer, rotateAboutOrigin(house, 60))?.scale ?? 0) - 0.75) < 1e-12);
    const rotations = steps(0, 85, 5);
    const exact = assertExact(region, house, rotations);
    // Squares resting on the other sides are larger (side 2·area / (a + h_a) up to 12.2): 60° is not the best.
    assert.ok(exact > 0.75 && exact < 12.2 / 16, `${exact}`);
    const s = await maxFittingScale([region], house, rotations, 300 / 256);
    assert.equal(s, Math.floor(exact * 1e4) / 1e4);
    const clipper = await bisectFittingScale([region], house, rotations, 300 / 256);
    assert.ok(Math.abs(s - clipper) < 2e-3, `${s} vs ${clipper}`);
  });

  test('random convex parcels and houses agree with the Clipper bisection', async () => {
    const real = (min: number, max: number) =>
      fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
    // Convex: vertices on an ellipse at increasing angles, at least 5° apart.
    const parcel = fc
      .tuple(fc.array(real(10, 60), { minLength: 3, maxLength: 12 }), real(12, 25), real(0.5, 1), real(0, 90))
      .map(([gaps, r, squash, tilt]) => {
        const total = gaps.reduce((a, g) => a + g, 0);
        let acc = 0;
        return gaps.map((g) => {
          const t = (2 * Math.PI * acc) / total;
          acc += g;
          const [x, y] = [r * Math.cos(t), squash * r * Math.sin(t)];
          const [c, s] = [Math.cos((tilt * Math.PI) / 180), Math.sin((tilt * Math.PI) / 180)];
          return [100 + c * x - s * y, 50 + s * x + c * y] as Point;
        });
      })
      .filter((outer) => fitConvex(outer, rect(1, 1, -0.5, -0.5)) !== null);
    const house = fc.tuple(real(25, 50), real(15, 35), fc.boolean()).map(([w, h, notch]) =>
      centred(
        notch
          ? ([
              [0, 0],
              [w, 0],
              [w, h],
              [w / 2, h],
              [w / 2, h / 2],
              [0, h / 2],
            ] as Ring)
          : rect(w, h),
      ),
    );
    await fc.assert(
      fc.asyncProperty(parcel, house, async (outer, h) => {
        const region = { outer, holes: [] };
        const rotations = steps(0, 170, 10);
        const s = await maxFittingScale([region], h, rotations, 1e6);
        const clipper = await bisectFittingScale([region], h, rotations, 1e6);
        assert.ok(Math.abs(s - clipper) < 2e-3, `${s} vs ${clipper}`);
        assert.equal(s, Math.min(1, Math.floor(bestFit(outer, h, rotations).scale * 1e4) / 1e4));
      }),
      { numRuns: 12, seed: 20240611 },
    );
  });
});

describe('maxFittingScale on other regions (bisection)', () => {
  test('L-shaped parcel: a 12 m square fits at 10/12, found by the same bisection steps as before', async () => {
    // Arms 10 m wide: no square wider than 10 m fits at 0°, and a diamond does worse (side 20/(3√2) < 10).
    const region = {
      outer: [
        [0, 0],
        [30, 0],
        [30, 10],
        [10, 10],
        [10, 30],
        [0, 30],
      ] as Ring,
      holes: [],
    };
    const house = centred(rect(12, 12));
    // Bisection from 1: yes at .5, .75, .8125, .828125, .83203125, .8330078125; no at .875, .84375, .8359375,
    // .833984375; it stops once the bracket is under 1e-3.
    assert.equal(await maxFittingScale([region], house, [0, 45, 90], 500 / 144), 0.8330078125);
  });

  test('a parcel with a hole takes the bisection too', async () => {
    const region = { outer: rect(40, 40), holes: [rect(4, 4, 18, 18).reverse()] };
    const s = await maxFittingScale([region], centred(rect(24, 22)), [0], 1584 / 528);
    // Beside the 4 m hole the widest strip is 18 m: 18/22 at 0°.
    assert.ok(s <= 18 / 22 && 18 / 22 - s < 1.5e-3, `${s}`);
  });
});

describe('maxFittingScale abort', () => {
  for (const [name, outer] of [
    ['convex', rect(20, 30)],
    [
      'non-convex',
      [
        [0, 0],
        [30, 0],
        [30, 10],
        [10, 10],
        [10, 30],
        [0, 30],
      ],
    ],
  ] as [string, Ring][]) {
    test(`an aborted signal rejects with its reason (${name})`, async () => {
      const controller = new AbortController();
      const reason = new Error('stop');
      controller.abort(reason);
      await assert.rejects(
        maxFittingScale([{ outer, holes: [] }], centred(rect(24, 22)), [0, 90], 1, controller.signal),
        (e) => e === reason,
      );
    });
  }
});
