// Exact containment of a placed house in a region, and its clearance, on the original coordinates.
// Used to verify every placement the search returns (the search itself classifies with a 1 mm polygon).
import { onSegment, pointInRing, pointSegmentDistanceXY, segmentsCrossProperly } from './predicates.ts';
import type { Point, PolygonWithHoles, Ring } from './types.ts';

/** Location in a polygon with holes: 1 inside, 0 on the boundary, -1 outside. */
export function locate(p: Point, poly: PolygonWithHoles): number {
  const o = pointInRing(p, poly.outer);
  if (o <= 0) return o;
  for (const h of poly.holes) {
    const l = pointInRing(p, h);
    if (l >= 0) return -l;
  }
  return 1;
}

/**
 * Is the closed house inside the closed polygon (touching the boundary allowed)? Exact up to the rounding of
 * the split points in the degenerate case where a boundary vertex lies exactly on a house edge.
 */
export function houseInside(house: Ring, poly: PolygonWithHoles): boolean {
  const rings = [poly.outer, ...poly.holes];
  for (const v of house) if (locate(v, poly) < 0) return false;
  const m = house.length;
  for (let j = 0; j < m; j++) {
    const a = house[j];
    const b = house[(j + 1) % m];
    const touches: number[] = [];
    for (const r of rings)
      for (let i = 0; i < r.length; i++) {
        const p = r[i];
        const q = r[(i + 1) % r.length];
        if (segmentsCrossProperly(a, b, p, q)) return false;
        if (onSegment(a, b, p)) touches.push(param(a, b, p));
      }
    if (touches.length > 0) {
      // A boundary vertex on the edge: every piece between contacts must still be inside.
      touches.push(0, 1);
      touches.sort((x, y) => x - y);
      for (let k = 0; k + 1 < touches.length; k++) {
        const t = (touches[k] + touches[k + 1]) / 2;
        if (locate([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], poly) < 0) return false;
      }
    }
  }
  // A boundary vertex strictly inside the house means the house covers outside ground (a hole, or a notch
  // whose edges leave through house corners exactly).
  for (const r of rings) for (const p of r) if (pointInRing(p, house) > 0) return false;
  return true;
}

function param(a: Point, b: Point, p: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  return ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
}

/**
 * Clearance of a house known to be inside: the smallest distance between its edges and the region's edges,
 * computed relative to `origin` so that large projected coordinates cancel before squaring.
 */
export function clearance(house: Ring, poly: PolygonWithHoles, origin: Point): number {
  const [ox, oy] = origin;
  let best = Number.POSITIVE_INFINITY;
  const m = house.length;
  for (const r of [poly.outer, ...poly.holes]) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const px = r[i][0] - ox;
      const py = r[i][1] - oy;
      const qx = r[(i + 1) % n][0] - ox;
      const qy = r[(i + 1) % n][1] - oy;
      for (let j = 0; j < m; j++) {
        const vx = house[j][0] - ox;
        const vy = house[j][1] - oy;
        const wx = house[(j + 1) % m][0] - ox;
        const wy = house[(j + 1) % m][1] - oy;
        const d = Math.min(
          pointSegmentDistanceXY(vx, vy, px, py, qx, qy),
          pointSegmentDistanceXY(px, py, vx, vy, wx, wy),
        );
        if (d < best) best = d;
      }
    }
  }
  return best;
}
