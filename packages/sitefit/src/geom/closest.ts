// Closest points (not only distances, which predicates.ts has): where a dimension line between two shapes
// starts and ends. Floating point; the exact distance decisions stay in predicates.ts.
import { segmentsIntersect } from './predicates.ts';
import type { Point } from './types.ts';

/** The point of the closed segment a-b nearest to p. */
export function closestPointOnSegment(p: Point, a: Point, b: Point): Point {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return [a[0], a[1]];
  const t = Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}

/** A shortest link between two closed segments a-b and c-d: its end on a-b, its end on c-d and its length. */
export interface SegmentLink {
  from: Point;
  to: Point;
  distance: number;
}

/** The shortest link between segments a-b and c-d (length 0, both ends at a shared point, when they meet). */
export function closestPointsOfSegments(a: Point, b: Point, c: Point, d: Point): SegmentLink {
  if (segmentsIntersect(a, b, c, d)) {
    const p = meetingPoint(a, b, c, d);
    return { from: p, to: p, distance: 0 };
  }
  // Disjoint segments: the shortest link has an endpoint of one of them at one end.
  let best: SegmentLink = { from: a, to: closestPointOnSegment(a, c, d), distance: Number.POSITIVE_INFINITY };
  const consider = (from: Point, to: Point) => {
    const distance = Math.hypot(to[0] - from[0], to[1] - from[1]);
    if (distance < best.distance) best = { from, to, distance };
  };
  consider(a, closestPointOnSegment(a, c, d));
  consider(b, closestPointOnSegment(b, c, d));
  consider(closestPointOnSegment(c, a, b), c);
  consider(closestPointOnSegment(d, a, b), d);
  return best;
}

/** A point shared by two segments known to meet: their crossing, or for collinear overlap an endpoint on both. */
function meetingPoint(a: Point, b: Point, c: Point, d: Point): Point {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (den !== 0) {
    const t = Math.min(1, Math.max(0, ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den));
    return [a[0] + t * rx, a[1] + t * ry];
  }
  // Parallel (so collinear and overlapping): the endpoint of one nearest to the other is on both.
  const ends: [Point, Point][] = [
    [c, closestPointOnSegment(c, a, b)],
    [d, closestPointOnSegment(d, a, b)],
    [a, closestPointOnSegment(a, c, d)],
    [b, closestPointOnSegment(b, c, d)],
  ];
  let best = ends[0];
  for (const e of ends)
    if (
      Math.hypot(e[0][0] - e[1][0], e[0][1] - e[1][1]) <
      Math.hypot(best[0][0] - best[1][0], best[0][1] - best[1][1])
    )
      best = e;
  return [best[0][0], best[0][1]];
}
