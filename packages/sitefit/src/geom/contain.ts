// Exact containment of a placed house in a region, and its clearance, on the original coordinates.
// Used to verify every placement the search returns (the search itself classifies with a 1 mm polygon).
import { onSegment, pointInRing, pointSegmentDistanceXY, segmentsCrossProperly } from './predicates.ts';
import { type EdgeSource, stripIndex, stripSource } from './strips.ts';
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
 * the split points in the degenerate case where a boundary vertex lies exactly on a house edge. A large polygon
 * reads only the edges of the strips the house meets (./strips.ts): the same tests, the same answers.
 */
export function houseInside(house: Ring, poly: PolygonWithHoles): boolean {
  const idx = stripIndex(poly);
  return houseInsideOn(house, idx ? stripSource(idx) : plainSource(poly));
}

/** houseInside over every edge of the polygon (the reference of the strip index's tests). */
export function houseInsidePlain(house: Ring, poly: PolygonWithHoles): boolean {
  return houseInsideOn(house, plainSource(poly));
}

function plainSource(poly: PolygonWithHoles): EdgeSource {
  const rings = [poly.outer, ...poly.holes];
  return {
    toSource: (p) => p,
    locate: (p) => locate(p, poly),
    someEdge(_lo, _hi, visit) {
      for (const r of rings)
        for (let i = 0; i < r.length; i++) if (visit(r[i], r[(i + 1) % r.length])) return true;
      return false;
    },
  };
}

function houseInsideOn(house: Ring, src: EdgeSource): boolean {
  const h = house.map(src.toSource);
  for (const v of h) if (src.locate(v) < 0) return false;
  const m = h.length;
  for (let j = 0; j < m; j++) {
    const a = h[j];
    const b = h[(j + 1) % m];
    // Bounding-box rejection (exact comparisons) spares the orientation tests of pairs that cannot meet.
    const x0 = Math.min(a[0], b[0]);
    const x1 = Math.max(a[0], b[0]);
    const y0 = Math.min(a[1], b[1]);
    const y1 = Math.max(a[1], b[1]);
    let touches: number[] | null = null;
    const crossed = src.someEdge(y0, y1, (p, q) => {
      if ((p[0] < x0 && q[0] < x0) || (p[0] > x1 && q[0] > x1)) return false;
      if ((p[1] < y0 && q[1] < y0) || (p[1] > y1 && q[1] > y1)) return false;
      if (segmentsCrossProperly(a, b, p, q)) return true;
      if (onSegment(a, b, p)) {
        touches ??= [];
        touches.push(param(a, b, p));
      }
      return false;
    });
    if (crossed) return false;
    if (touches) {
      // A boundary vertex on the edge: every piece between contacts must still be inside.
      const ts: number[] = touches;
      ts.push(0, 1);
      ts.sort((x, y) => x - y);
      for (let k = 0; k + 1 < ts.length; k++) {
        const t = (ts[k] + ts[k + 1]) / 2;
        if (src.locate([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]) < 0) return false;
      }
    }
  }
  // A boundary vertex strictly inside the house means the house covers outside ground (a hole, or a notch
  // whose edges leave through house corners exactly). Every vertex starts one edge.
  let hx0 = Number.POSITIVE_INFINITY;
  let hy0 = hx0;
  let hx1 = Number.NEGATIVE_INFINITY;
  let hy1 = hx1;
  for (const [x, y] of h) {
    hx0 = Math.min(hx0, x);
    hx1 = Math.max(hx1, x);
    hy0 = Math.min(hy0, y);
    hy1 = Math.max(hy1, y);
  }
  return !src.someEdge(
    hy0,
    hy1,
    (p) => p[0] > hx0 && p[0] < hx1 && p[1] > hy0 && p[1] < hy1 && pointInRing(p, h) > 0,
  );
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
