// Intersections of half-planes, and the inner-fit polygon of a house in a convex region from them: for a
// convex region R = ∩ {left of edge i}, house + u ⊆ R iff every house vertex is left of every edge, i.e. u is
// left of edge i moved back by the house vertex farthest right of it. O(n log n) per rotation, no Clipper:
// the 2.0.0 allowed region of a round or otherwise convex parcel has ~2000 vertices, where the Clipper
// inner-fit boolean costs ~100 ms per rotation.
import { pointSegmentDistanceXY } from './predicates.ts';
import type { Point, Ring } from './types.ts';

/** A directed line through (px, py) along (dx, dy); its half-plane is the closed left side. */
export interface HalfPlane {
  px: number;
  py: number;
  dx: number;
  dy: number;
}

function side(h: HalfPlane, x: number, y: number): number {
  return (h.dx * (y - h.py) - h.dy * (x - h.px)) / Math.hypot(h.dx, h.dy);
}

function meet(a: HalfPlane, b: HalfPlane): Point {
  const den = a.dx * b.dy - a.dy * b.dx;
  const t = ((b.px - a.px) * b.dy - (b.py - a.py) * b.dx) / den;
  return [a.px + t * a.dx, a.py + t * a.dy];
}

/**
 * The intersection of the half-planes as a counter-clockwise convex ring (empty when it has no interior).
 * Sorted-angle deque algorithm; iterative, O(n log n). `eps` (metres) is the tolerance of the side tests.
 */
export function intersectHalfPlanes(planes: readonly HalfPlane[], eps = 1e-9): Ring {
  const angle = planes.map((h) => Math.atan2(h.dy, h.dx));
  const order = planes.map((_, i) => i).sort((i, j) => angle[i] - angle[j]);
  // Of parallel half-planes with the same direction only the innermost matters.
  const lines: HalfPlane[] = [];
  let lastAngle = Number.NaN;
  for (const i of order) {
    const h = planes[i];
    if (lines.length > 0 && Math.abs(angle[i] - lastAngle) < 1e-12) {
      if (side(lines[lines.length - 1], h.px, h.py) > 0) lines[lines.length - 1] = h;
      continue;
    }
    lines.push(h);
    lastAngle = angle[i];
  }
  const dq: HalfPlane[] = new Array(lines.length);
  const pts: Point[] = new Array(lines.length);
  let head = 0;
  let tail = -1;
  for (const h of lines) {
    while (tail - head >= 1 && side(h, pts[tail][0], pts[tail][1]) < -eps) tail--;
    while (tail - head >= 1 && side(h, pts[head + 1][0], pts[head + 1][1]) < -eps) head++;
    if (tail >= head) {
      const b = dq[tail];
      if (Math.abs(b.dx * h.dy - b.dy * h.dx) <= 1e-12 * Math.hypot(b.dx, b.dy) * Math.hypot(h.dx, h.dy))
        return []; // anti-parallel neighbours: unbounded or empty; callers always close the set
    }
    dq[++tail] = h;
    if (tail > head) pts[tail] = meet(dq[tail - 1], h);
  }
  while (tail - head >= 2 && side(dq[head], pts[tail][0], pts[tail][1]) < -eps) tail--;
  while (tail - head >= 2 && side(dq[tail], pts[head + 1][0], pts[head + 1][1]) < -eps) head++;
  if (tail - head < 2) return [];
  const ring: Ring = [];
  for (let i = head + 1; i <= tail; i++) ring.push(pts[i]);
  ring.push(meet(dq[tail], dq[head]));
  // Drop repeated vertices (half-planes through one point) and check the ring still has an area.
  const out: Ring = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || Math.abs(q[0] - p[0]) > eps || Math.abs(q[1] - p[1]) > eps) out.push(p);
  }
  while (
    out.length > 1 &&
    Math.abs(out[0][0] - out[out.length - 1][0]) <= eps &&
    Math.abs(out[0][1] - out[out.length - 1][1]) <= eps
  )
    out.pop();
  let a2 = 0;
  for (let i = 0, j = out.length - 1; i < out.length; j = i++)
    a2 += out[j][0] * out[i][1] - out[i][0] * out[j][1];
  return out.length >= 3 && a2 > eps * eps ? out : [];
}

/** The half-planes of a counter-clockwise ring's edges (zero-length edges skipped). */
export function edgeHalfPlanes(ring: Ring): HalfPlane[] {
  const out: HalfPlane[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    if (dx !== 0 || dy !== 0) out.push({ px: a[0], py: a[1], dx, dy });
  }
  return out;
}

/** Distance from (x, y) to a convex counter-clockwise ring: 0 inside, else to its nearest edge. */
function distanceToConvex(ring: Ring, x: number, y: number): number {
  let outside = false;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j];
    const [bx, by] = ring[i];
    const ex = bx - ax;
    const ey = by - ay;
    if (ex * (y - ay) - ey * (x - ax) < 0) outside = true;
    best = Math.min(best, pointSegmentDistanceXY(x, y, ax, ay, bx, by));
  }
  return outside ? best : 0;
}

/**
 * The kernel of a counter-clockwise ring (intersection of its edges' half-planes: a convex subset of it) when
 * the ring lies within `tol` of it, else null. Then every placement with clearance >= tol in the ring fits in
 * the kernel (eroding the ring by tol lands inside a convex set whose tol-dilation contains the ring), so a
 * search in the kernel loses at most tol of clearance and never leaves the ring.
 */
export function nearlyConvexKernel(ring: Ring, tol: number): Ring | null {
  const kernel = intersectHalfPlanes(edgeHalfPlanes(ring));
  if (kernel.length < 3) return null;
  for (const [x, y] of ring) if (distanceToConvex(kernel, x, y) > tol) return null;
  return kernel;
}

/**
 * Translations u with house + u inside the convex counter-clockwise ring `convex` (house: any ring, placed as
 * house + u; only its vertices matter since the region is convex). Empty when it fits nowhere.
 */
export function convexInnerFit(convex: Ring, house: Ring): Ring {
  const planes = edgeHalfPlanes(convex).map((h) => {
    // The house vertex farthest to the right of the edge's direction bounds the translation.
    let hx = 0;
    let hy = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (const [x, y] of house) {
      const c = h.dx * y - h.dy * x;
      if (c < worst) {
        worst = c;
        hx = x;
        hy = y;
      }
    }
    return { px: h.px - hx, py: h.py - hy, dx: h.dx, dy: h.dy };
  });
  return intersectHalfPlanes(planes);
}
