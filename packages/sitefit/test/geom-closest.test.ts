// Closest points between segments: the ends of a dimension line. Checked against segmentSegmentDistance and by
// brute force sampling of both segments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { closestPointOnSegment, closestPointsOfSegments } from '../src/geom/closest.ts';
import { pointSegmentDistance, segmentSegmentDistance } from '../src/geom/predicates.ts';
import type { Point } from '../src/geom/types.ts';

test('closestPointOnSegment: the foot of the perpendicular, or the nearer end', () => {
  assert.deepEqual(closestPointOnSegment([5, 3], [0, 0], [10, 0]), [5, 0]);
  assert.deepEqual(closestPointOnSegment([-4, 3], [0, 0], [10, 0]), [0, 0]);
  assert.deepEqual(closestPointOnSegment([14, -3], [0, 0], [10, 0]), [10, 0]);
  assert.deepEqual(closestPointOnSegment([1, 1], [2, 2], [2, 2]), [2, 2]);
});

test('closestPointsOfSegments: crossing, touching, collinear overlap and disjoint', () => {
  assert.deepEqual(closestPointsOfSegments([0, 0], [10, 10], [0, 10], [10, 0]), {
    from: [5, 5],
    to: [5, 5],
    distance: 0,
  });
  const touch = closestPointsOfSegments([0, 0], [10, 0], [4, 0], [4, 5]);
  assert.deepEqual([touch.from, touch.distance], [[4, 0], 0]);
  const overlap = closestPointsOfSegments([0, 0], [10, 0], [5, 0], [20, 0]);
  assert.equal(overlap.distance, 0);
  assert.equal(overlap.from[1], 0);
  assert.ok(overlap.from[0] >= 5 && overlap.from[0] <= 10);
  assert.deepEqual(closestPointsOfSegments([0, 0], [10, 0], [3, 2], [6, 7.5]), {
    from: [3, 0],
    to: [3, 2],
    distance: 2,
  });
});

test('closestPointsOfSegments agrees with segmentSegmentDistance and its ends lie on the segments', () => {
  const pt = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }));
  fc.assert(
    fc.property(pt, pt, pt, pt, (a, b, c, d) => {
      const [A, B, C, D] = [a, b, c, d] as Point[];
      const link = closestPointsOfSegments(A, B, C, D);
      assert.ok(Math.abs(link.distance - segmentSegmentDistance(A, B, C, D)) < 1e-9);
      assert.ok(pointSegmentDistance(link.from, A, B) < 1e-9);
      assert.ok(pointSegmentDistance(link.to, C, D) < 1e-9);
      assert.ok(
        Math.abs(Math.hypot(link.to[0] - link.from[0], link.to[1] - link.from[1]) - link.distance) < 1e-9,
      );
    }),
    { numRuns: 2000 },
  );
});
