import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { convexPieces } from '../src/geom/convex.ts';
import {
  centroid,
  checkPolygon,
  checkRing,
  cleanRing,
  innerFitPolygon,
  isCounterClockwise,
  maxClearancePoint,
  orient,
  pointInRing,
  pointSegmentDistance,
  type Ring,
  rotateRing,
  SitefitDomainError,
  segmentsIntersect,
  signedArea,
} from '../src/index.ts';

function domainError(fn: () => unknown, code: string, field?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SitefitDomainError, `expected SitefitDomainError, got ${e}`);
    assert.equal(e.code, code);
    if (field) assert.equal(e.field, field);
    assert.ok(e.hint.length > 0);
    return true;
  });
}

describe('predicates', () => {
  test('orient is exact and counter-clockwise positive', () => {
    assert.equal(orient([0, 0], [1, 0], [0, 1]), 1);
    assert.equal(orient([0, 0], [0, 1], [1, 0]), -1);
    // Collinear at magnitudes where the naive determinant rounds to a non-zero value.
    const a: [number, number] = [0.5, 0.5];
    const b: [number, number] = [12, 12];
    const c: [number, number] = [24, 24];
    assert.equal(orient(a, b, c), 0);
    assert.equal(
      orient([-740000.1, -1040000.1], [-740000.2, -1040000.2], [-740000.3, -1040000.3]),
      orient([-740000.1, -1040000.1], [-740000.2, -1040000.2], [-740000.3, -1040000.3]),
    );
  });
  test('segment intersection counts touching, not near misses', () => {
    assert.ok(segmentsIntersect([0, 0], [2, 0], [1, 0], [1, 1]));
    assert.ok(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0]));
    assert.ok(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0]));
    assert.ok(!segmentsIntersect([0, 0], [2, 0], [1, 1e-12], [1, 1]));
    assert.ok(!segmentsIntersect([0, 0], [1, 0], [2, 0], [3, 0]));
  });
  test('point in ring: inside, boundary, outside, concave', () => {
    const u: Ring = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
    ];
    assert.equal(pointInRing([0.5, 2], u), 1);
    assert.equal(pointInRing([1.5, 2], u), -1);
    assert.equal(pointInRing([1.5, 1], u), 0);
    assert.equal(pointInRing([3, 3], u), 0);
    assert.equal(pointInRing([4, 1], u), -1);
  });
  test('point-segment distance', () => {
    assert.equal(pointSegmentDistance([0, 5], [-1, 0], [1, 0]), 5);
    assert.equal(pointSegmentDistance([4, 4], [0, 0], [1, 0]), 5);
    assert.ok(
      Math.abs(pointSegmentDistance([-740000, -1040000 + 3], [-740010, -1040000], [-739990, -1040000]) - 3) <
        1e-9,
    );
  });
});

describe('rings', () => {
  test('clean drops the closing point and repeated vertices', () => {
    assert.deepEqual(
      cleanRing([
        [0, 0],
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    );
  });
  test('area, centroid, orientation, rotation', () => {
    const sq: Ring = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ];
    assert.equal(signedArea(sq), 4);
    assert.equal(signedArea(sq.slice().reverse()), -4);
    assert.deepEqual(centroid(sq), [1, 1]);
    assert.ok(isCounterClockwise(sq));
    assert.deepEqual(rotateRing(sq, 90, [1, 1]), [
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ]);
  });
});

describe('input checks', () => {
  const f = '/parcel/coordinates';
  test('ring not closed', () =>
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
          f,
          'parcel',
        ),
      'RING_NOT_CLOSED',
      f,
    ));
  test('too few distinct vertices', () =>
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [1, 0],
            [1, 0],
            [0, 0],
          ],
          f,
          'parcel',
        ),
      'TOO_FEW_VERTICES',
      f,
    ));
  test('zero area', () =>
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
          f,
          'parcel',
        ),
      'ZERO_AREA',
      f,
    ));
  test('self-intersection (bow tie, pinch, fold-back)', () => {
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [2, 2],
            [2, 0],
            [0, 2],
            [0, 0],
          ],
          f,
          'parcel',
        ),
      'SELF_INTERSECTION',
      f,
    );
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [4, 0],
            [2, 2],
            [4, 4],
            [0, 4],
            [2, 2],
            [0, 0],
          ],
          f,
          'parcel',
        ),
      'SELF_INTERSECTION',
      f,
    );
    domainError(
      () =>
        checkRing(
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [4, 2],
            [0, 4],
            [0, 0],
          ],
          f,
          'parcel',
        ),
      'SELF_INTERSECTION',
      f,
    );
  });
  test('orientation and duplicates are normalised, not rejected', () => {
    const cw = checkPolygon(
      [
        [0, 0],
        [0, 3],
        [0, 3],
        [3, 3],
        [3, 0],
        [0, 0],
      ],
      [],
      { outer: f, hole: (i) => `/h/${i}` },
    );
    assert.ok(isCounterClockwise(cw.outer));
    assert.equal(cw.outer.length, 4);
  });
  test('holes: outside, touching, overlapping; valid holes are clockwise', () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const fields = { outer: f, hole: (i: number) => `/parcel/holes/${i}` };
    domainError(
      () =>
        checkPolygon(
          outer,
          [
            [
              [12, 1],
              [13, 1],
              [13, 2],
              [12, 1],
            ],
          ],
          fields,
        ),
      'HOLE_OUTSIDE_PARCEL',
      '/parcel/holes/0',
    );
    domainError(
      () =>
        checkPolygon(
          outer,
          [
            [
              [0, 1],
              [3, 1],
              [3, 2],
              [0, 1],
            ],
          ],
          fields,
        ),
      'HOLE_OUTSIDE_PARCEL',
    );
    domainError(
      () =>
        checkPolygon(
          outer,
          [
            [
              [1, 1],
              [4, 1],
              [4, 4],
              [1, 1],
            ],
            [
              [2, 1.5],
              [5, 1.5],
              [5, 5],
              [2, 1.5],
            ],
          ],
          fields,
        ),
      'HOLES_OVERLAP',
      '/parcel/holes/1',
    );
    const ok = checkPolygon(
      outer,
      [
        [
          [1, 1],
          [4, 1],
          [4, 4],
          [1, 1],
        ],
      ],
      fields,
    );
    assert.ok(!isCounterClockwise(ok.holes[0]));
  });
});

describe('inner-fit polygon and largest clearance', () => {
  test('rectangle in rectangle is the rectangle of centroid positions', () => {
    const parcel = {
      outer: [
        [0, 0],
        [20, 0],
        [20, 30],
        [0, 30],
      ] as Ring,
      holes: [],
    };
    const ifp = innerFitPolygon(
      [parcel],
      [
        [-5, -4],
        [5, -4],
        [5, 4],
        [-5, 4],
      ],
    );
    assert.equal(ifp.length, 1);
    const xs = ifp[0].outer.map((p) => p[0]);
    const ys = ifp[0].outer.map((p) => p[1]);
    assert.deepEqual([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)], [5, 15, 4, 26]);
  });
  test('a hole cuts the inner-fit polygon, a too-large house empties it', () => {
    const parcel = {
      outer: [
        [0, 0],
        [20, 0],
        [20, 20],
        [0, 20],
      ] as Ring,
      holes: [
        [
          [8, 8],
          [8, 12],
          [12, 12],
          [12, 8],
        ] as Ring,
      ],
    };
    const ifp = innerFitPolygon(
      [parcel],
      [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ],
    );
    assert.equal(ifp.length, 1);
    assert.equal(ifp[0].holes.length, 1);
    assert.equal(
      innerFitPolygon(
        [parcel],
        [
          [-11, -1],
          [11, -1],
          [11, 1],
          [-11, 1],
        ],
      ).length,
      0,
    );
  });
  test('largest clearance of a rectangle (a plateau) and an L', async () => {
    const rect = await maxClearancePoint([
      {
        outer: [
          [0, 0],
          [10, 0],
          [10, 4],
          [0, 4],
        ],
        holes: [],
      },
    ]);
    assert.ok(rect && Math.abs(rect.clearance - 2) < 1e-5);
    const l = await maxClearancePoint([
      {
        outer: [
          [0, 0],
          [30, 0],
          [30, 12],
          [12, 12],
          [12, 30],
          [0, 30],
        ],
        holes: [],
      },
    ]);
    // The largest circle touches the sides x = 0, y = 0 and the reflex corner (12, 12): (12 - r)·√2 = r.
    const r = (12 * Math.SQRT2) / (1 + Math.SQRT2);
    assert.ok(l && Math.abs(l.clearance - r) < 1e-5, `${l?.clearance} vs ${r}`);
  });
});

describe('convex decomposition (for the Minkowski bands)', () => {
  const area2 = (f: number[], piece: number[]) =>
    piece.reduce((s, a, i) => {
      const b = piece[(i + 1) % piece.length];
      return s + f[2 * a] * f[2 * b + 1] - f[2 * b] * f[2 * a + 1];
    }, 0);
  const convex = (f: number[], piece: number[]) =>
    piece.every((a, i) => {
      const b = piece[(i + 1) % piece.length];
      const c = piece[(i + 2) % piece.length];
      return (
        (f[2 * b] - f[2 * a]) * (f[2 * c + 1] - f[2 * b + 1]) -
          (f[2 * b + 1] - f[2 * a + 1]) * (f[2 * c] - f[2 * b]) >=
        0
      );
    });
  for (const [name, f, maxPieces] of [
    ['L', [0, 0, 10, 0, 10, 4, 4, 4, 4, 10, 0, 10], 2],
    ['U', [0, 0, 9, 0, 9, 9, 6, 9, 6, 3, 3, 3, 3, 9, 0, 9], 3],
    ['square', [0, 0, 5, 0, 5, 5, 0, 5], 1],
    ['arrow', [0, 0, 10, 5, 0, 10, 3, 5], 2],
  ] as [string, number[], number][]) {
    test(`${name}: convex pieces that add up to the polygon`, () => {
      const pieces = convexPieces(f);
      assert.ok(pieces);
      assert.ok(pieces.length <= maxPieces, `${pieces.length} pieces`);
      for (const p of pieces) assert.ok(convex(f, p) && area2(f, p) > 0);
      const all = Array.from({ length: f.length / 2 }, (_, i) => i);
      assert.equal(
        pieces.reduce((s, p) => s + area2(f, p), 0),
        area2(f, all),
      );
    });
  }
});
