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
  for (const v of house) if (locate(v, poly) < 0) return false;
  const m = house.length;
  for (let j = 0; j < m; j++) {
    const a = house[j];
    const b = house[(j + 1) % m];
    // Bounding-box rejection (exact comparisons) spares the orientation tests of pairs that cannot meet.
    const x0 = Math.min(a[0], b[0]);
    const x1 = Math.max(a[0], b[0]);
    const y0 = Math.min(a[1], b[1]);
    const y1 = Math.max(a[1], b[1]);
    let touches: number[] | null = null;
    for (let k = -1; k < poly.holes.length; k++) {
      const r = k < 0 ? poly.outer : poly.holes[k];
      for (let i = 0; i < r.length; i++) {
        const p = r[i];
        const q = r[(i + 1) % r.length];
        if ((p[0] < x0 && q[0] < x0) || (p[0] > x1 && q[0] > x1)) continue;
        if ((p[1] < y0 && q[1] < y0) || (p[1] > y1 && q[1] > y1)) continue;
        if (segmentsCrossProperly(a, b, p, q)) return false;
        if (onSegment(a, b, p)) {
          touches ??= [];
          touches.push(param(a, b, p));
        }
      }
    }
    if (touches) {
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
  let hx0 = Number.POSITIVE_INFINITY;
  let hy0 = hx0;
  let hx1 = Number.NEGATIVE_INFINITY;
  let hy1 = hx1;
  for (const [x, y] of house) {
    hx0 = Math.min(hx0, x);
    hx1 = Math.max(hx1, x);
    hy0 = Math.min(hy0, y);
    hy1 = Math.max(hy1, y);
  }
  for (let k = -1; k < poly.holes.length; k++)
    for (const p of k < 0 ? poly.outer : poly.holes[k])
      if (p[0] > hx0 && p[0] < hx1 && p[1] > hy0 && p[1] < hy1 && pointInRing(p, house) > 0) return false;
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
