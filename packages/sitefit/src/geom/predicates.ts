// Exact orientation-based predicates. robust-predicates' orient2d is adaptive-precision exact on doubles; its
// sign convention is negative for counter-clockwise, so it is flipped here once for every caller.
import { orient2d } from 'robust-predicates';
import type { Point, Ring } from './types.ts';

/** Exact sign of the turn a -> b -> c: 1 counter-clockwise, -1 clockwise, 0 collinear. */
export function orient(a: Point, b: Point, c: Point): number {
  const d = orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
  return d < 0 ? 1 : d > 0 ? -1 : 0;
}

/** True when c, known collinear with a-b, lies within the closed segment a-b. */
function withinBox(a: Point, b: Point, c: Point): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Exact: does p lie on the closed segment a-b? */
export function onSegment(a: Point, b: Point, p: Point): boolean {
  // The box test first: it is exact too, and rejects almost every pair before the orientation test.
  return withinBox(a, b, p) && orient(a, b, p) === 0;
}

/** Exact: do the closed segments a-b and c-d share at least one point (touching counts)? */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  if (o1 === 0 && withinBox(a, b, c)) return true;
  if (o2 === 0 && withinBox(a, b, d)) return true;
  if (o3 === 0 && withinBox(c, d, a)) return true;
  if (o4 === 0 && withinBox(c, d, b)) return true;
  return false;
}

/** Exact: do a-b and c-d cross at a single point interior to both (no touching, no overlap)? */
export function segmentsCrossProperly(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** Location of a point relative to a ring: 1 inside, 0 on the boundary, -1 outside. Exact (winding number). */
export function pointInRing(p: Point, ring: Ring): number {
  let winding = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    if (onSegment(a, b, p)) return 0;
    if (a[1] <= p[1]) {
      if (b[1] > p[1] && orient(a, b, p) > 0) winding++;
    } else if (b[1] <= p[1] && orient(a, b, p) < 0) winding--;
  }
  return winding !== 0 ? 1 : -1;
}

/** Distance from p to the closed segment a-b, computed from differences so large offsets cancel first. */
export function pointSegmentDistance(p: Point, a: Point, b: Point): number {
  return pointSegmentDistanceXY(p[0], p[1], a[0], a[1], b[0], b[1]);
}

/** Same as pointSegmentDistance on plain numbers (hot loops avoid allocating points). */
export function pointSegmentDistanceXY(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const wx = px - ax;
  const wy = py - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? (wx * dx + wy * dy) / len2 : 0;
  if (t <= 0) return Math.sqrt(wx * wx + wy * wy);
  if (t >= 1) return Math.sqrt((px - bx) ** 2 + (py - by) ** 2);
  // Perpendicular distance via the cross product is more accurate than subtracting the projected point.
  t = (wx * dy - wy * dx) / Math.sqrt(len2);
  return Math.abs(t);
}

/**
 * Squared distance from (px, py) to the closed segment a-b, by the clamped projection (no square root: the hot
 * loops that compare distances use it; the search's infeasibility bound).
 */
export function pointSegmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const wx = px - ax;
  const wy = py - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? (wx * dx + wy * dy) / len2 : 0;
  t = Math.max(0, Math.min(t, 1));
  const ex = wx - t * dx;
  const ey = wy - t * dy;
  return ex * ex + ey * ey;
}

/** Distance between two closed segments (0 when they intersect, exactly decided). */
export function segmentSegmentDistance(a: Point, b: Point, c: Point, d: Point): number {
  if (segmentsIntersect(a, b, c, d)) return 0;
  return Math.min(
    pointSegmentDistance(a, c, d),
    pointSegmentDistance(b, c, d),
    pointSegmentDistance(c, a, b),
    pointSegmentDistance(d, a, b),
  );
}
