// For a house that fits nowhere: the largest uniform scale at which it would fit, to tell the user how much
// too large it is.
//
// Convex parcel: s·H + t fits the convex P = ∩ {x : n_i·x ≤ b_i} iff s·h_i + n_i·t ≤ b_i for every edge i, with
// h_i the house's support in direction n_i, so each rotation is a linear programme in (s, t). It is solved
// through its dual (min Σ b_i y_i, Σ y_i (h_i, n_i) = (1, 0, 0), y ≥ 0) by a simplex on 3x3 bases: a basis is
// three edges whose normals positively span the plane, its value Σ b w / Σ h w with weights w ≥ 0 (the 2x2
// cross products of the other two normals). With the origin inside P every b_i > 0, so the values are ratios of
// positive sums and stay accurate; the answer is measured at the basis's translation (min over edges of the
// scale that edge allows there), so it is achieved, never only claimed.
//
// Other regions: bisection on the scale; a scale fits when some rotation's Clipper inner-fit polygon is
// non-empty. The same programme on the convex hull of the outer rings bounds each rotation from above.
import { convexHull } from '../geom/hull.ts';
import { orient } from '../geom/predicates.ts';
import { bounds, cosSinDeg, rotateAboutOrigin } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { innerFitPolygon } from './ifp.ts';

/**
 * Slack of the prefilters (metres): Clipper rounds region and house to 1 mm, so its inner-fit polygon can be
 * non-empty at a scale where the exact house overlaps the region by up to about 1.4 mm.
 */
const CLIPPER_SLACK = 0.002;
/** Yield to the event loop after this much uninterrupted work (ms). */
const YIELD_MS = 4;
/** Relative primal violation below which a basis counts as optimal (float noise is far smaller). */
const LP_TOL = 1e-9;
/** Smallest usable pivot: the basis stays well conditioned. */
const PIVOT_MIN = 1e-12;
/** The convex answer is floored to 1 / STEPS, so its 3-decimal rounding never claims a fit beyond rounding. */
const STEPS = 1e4;

/** A convex polygon as unit-normal halfplanes n·(x − c) ≤ b, with a dual-feasible starting basis. */
interface HalfPlanes {
  k: number;
  nx: Float64Array;
  ny: Float64Array;
  b: Float64Array;
  cx: number;
  cy: number;
  /** Warm start: the last basis, dual feasible for every house since it depends only on the normals. */
  basis: Int32Array;
}

/** Result of one programme: the scale achieved at translation (x, y) and the dual bound above it. */
export interface ConvexFit {
  scale: number;
  upper: number;
  x: number;
  y: number;
}

/**
 * Largest s in [0, 1] such that the house scaled by s about its centroid fits the region at one of the
 * rotations: exact (touching allowed, floored to 1e-4) for a convex parcel, otherwise to about 0.1 % by
 * bisection. `centred` has its centroid at the origin, `region` is in a local frame.
 */
export async function maxFittingScale(
  region: readonly PolygonWithHoles[],
  centred: Ring,
  rotations: readonly number[],
  areaRatio: number,
  signal?: AbortSignal,
): Promise<number> {
  if (signal?.aborted) throw signal.reason;
  const corners = region.length === 1 && region[0].holes.length === 0 ? convexCorners(region[0].outer) : null;
  if (corners === null) return bisectFittingScale(region, centred, rotations, areaRatio, signal);
  const hp = halfPlanes(corners, 0);
  const house = supportPoints(centred);
  const turned = new Float64Array(house.length);
  const h = new Float64Array(hp.k);
  const fit: ConvexFit = { scale: 0, upper: 0, x: 0, y: 0 };
  const cap = Math.min(1, Math.sqrt(areaRatio));
  let best = 0;
  // Solves rotations from index r on until all are done or the deadline has passed; returns the next index,
  // or -1 if a support is not positive (a centroid outside the house's hull, which the spec rules out).
  const scan = (r: number, deadline: number): number => {
    while (r < rotations.length && best < cap) {
      // rotateAboutOrigin's arithmetic, without allocating a ring per rotation.
      const cs = cosSinDeg(rotations[r++]);
      for (let j = 0; j < house.length; j += 2) {
        turned[j] = cs[0] * house[j] - cs[1] * house[j + 1];
        turned[j + 1] = cs[1] * house[j] + cs[0] * house[j + 1];
      }
      if (basisBound(hp, turned) <= best) continue;
      if (!support(hp, turned, h)) return -1;
      solveFit(hp, h, best, cap, fit);
      best = Math.max(best, fit.scale);
      // Only full solves cost enough to watch the clock for (one on 2000 edges can take a millisecond).
      if (performance.now() > deadline) return r;
    }
    return rotations.length;
  };
  for (let r = 0; r < rotations.length; ) {
    r = scan(r, performance.now() + YIELD_MS);
    if (r < 0) return bisectFittingScale(region, centred, rotations, areaRatio, signal);
    if (r < rotations.length) await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw signal.reason;
  }
  // A touching fit computed as 0.99999999999 is still a fit: forgive float noise far below the step.
  return Math.min(cap, Math.floor(best * STEPS + 1e-6) / STEPS);
}

/**
 * Largest scale and a translation at which `house` (already rotated, centroid at the origin) fits the convex
 * counter-clockwise ring `outer`, touching allowed; null when either is not convex with positive area.
 */
export function fitConvex(outer: Ring, house: Ring): ConvexFit | null {
  const corners = convexCorners(outer);
  if (corners === null) return null;
  const hp = halfPlanes(corners, 0);
  const h = new Float64Array(hp.k);
  if (!support(hp, supportPoints(house), h)) return null;
  const fit: ConvexFit = { scale: 0, upper: 0, x: 0, y: 0 };
  solveFit(hp, h, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, fit);
  return fit;
}

/**
 * The general path: bisection on the scale with one Clipper inner-fit polygon per rotation and test, so a
 * scale counts as fitting when its 1 mm IFP is non-empty. Exported as the reference for the convex path.
 */
export async function bisectFittingScale(
  region: readonly PolygonWithHoles[],
  centred: Ring,
  rotations: readonly number[],
  areaRatio: number,
  signal?: AbortSignal,
): Promise<number> {
  const [rx0, ry0, rx1, ry1] = bounds(region.map((p) => p.outer));
  const outerHull = convexHull(region.flatMap((p) => p.outer));
  const hp = outerHull.length >= 3 ? halfPlanes(outerHull, CLIPPER_SLACK) : null;
  const hs = new Float64Array(hp?.k ?? 0);
  const fit: ConvexFit = { scale: 0, upper: 0, x: 0, y: 0 };
  // Per rotation the largest scale at which the house fits the hull of the outer rings (a necessary condition,
  // the box of old as a fallback): rotations are tried from the most promising, and skipped without Clipper
  // above their limit. Neither changes whether a scale fits, only how soon that is known.
  const rotated: { h: Ring; limit: number }[] = [];
  let lastYield = performance.now();
  const pause = async () => {
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (signal?.aborted) throw signal.reason;
  };
  for (const deg of rotations) {
    const h = rotateAboutOrigin(centred, deg);
    const [x0, y0, x1, y1] = bounds([h]);
    let limit = Math.min((rx1 - rx0 + CLIPPER_SLACK) / (x1 - x0), (ry1 - ry0 + CLIPPER_SLACK) / (y1 - y0));
    if (hp && support(hp, flat(h), hs)) {
      // The dual value bounds the optimum from above even if the simplex stopped early.
      solveFit(hp, hs, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, fit);
      limit = Math.min(limit, fit.upper);
    }
    rotated.push({ h, limit });
    await pause();
  }
  rotated.sort((a, b) => b.limit - a.limit);
  const fits = async (s: number): Promise<boolean> => {
    for (const { h, limit } of rotated) {
      if (s > limit) break;
      if (signal?.aborted) throw signal.reason;
      const ifp = innerFitPolygon(
        region,
        h.map(([x, y]) => [x * s, y * s]),
      );
      if (ifp.length > 0) return true;
    }
    await pause();
    return false;
  };
  let lo = 0;
  // The scaled house's area cannot exceed the region's.
  let hi = Math.min(1, Math.sqrt(areaRatio));
  if (await fits(hi)) return hi;
  for (let i = 0; i < 12 && hi - lo > 1e-3; i++) {
    const mid = (lo + hi) / 2;
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The corners of a ring that is exactly convex and counter-clockwise (straight vertices dropped), or null.
 * Repeated points, reversals and rings winding more than once are rejected: they would hide a corner.
 */
function convexCorners(ring: Ring): Ring | null {
  const pts = ring.filter((p, i) => {
    const q = ring[(i + 1) % ring.length];
    return p[0] !== q[0] || p[1] !== q[1];
  });
  const n = pts.length;
  if (n < 3) return null;
  const corners: Point[] = [];
  // Sign changes of the edges' dx: two per turn of the edge direction, since every turn is below 180°.
  let changes = 0;
  let first = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const a = pts[(i + n - 1) % n];
    const b = pts[i];
    const c = pts[(i + 1) % n];
    const o = orient(a, b, c);
    if (o < 0) return null;
    if (o > 0) corners.push(b);
    else if (
      Math.sign(b[0] - a[0]) !== Math.sign(c[0] - b[0]) ||
      Math.sign(b[1] - a[1]) !== Math.sign(c[1] - b[1])
    )
      return null;
    const dx = Math.sign(c[0] - b[0]);
    if (dx === 0) continue;
    if (first === 0) first = dx;
    else if (dx !== last) changes++;
    last = dx;
  }
  if (last !== first) changes++;
  return changes === 2 && corners.length >= 3 ? corners : null;
}

/** Halfplanes of a strictly convex counter-clockwise ring, each pushed out by `slack` metres. */
function halfPlanes(corners: Ring, slack: number): HalfPlanes {
  const k = corners.length;
  let cx = 0;
  let cy = 0;
  for (const [x, y] of corners) {
    cx += x / k;
    cy += y / k;
  }
  // The vertex average is interior, so every b is positive (see the header).
  const nx = new Float64Array(k);
  const ny = new Float64Array(k);
  const b = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const [ax, ay] = corners[i];
    const [qx, qy] = corners[(i + 1) % k];
    const len = Math.sqrt((qx - ax) ** 2 + (qy - ay) ** 2);
    nx[i] = (qy - ay) / len;
    ny[i] = (ax - qx) / len;
    b[i] = nx[i] * (ax - cx) + ny[i] * (ay - cy) + slack;
  }
  // Edge 0, the last edge within 180° of it and the next one: their normals positively span the plane.
  let j = 1;
  while (j < k - 2 && nx[0] * ny[j + 1] - ny[0] * nx[j + 1] >= 0) j++;
  return { k, nx, ny, b, cx, cy, basis: Int32Array.of(0, j, j + 1) };
}

/** The vertices that can realise the house's support: all of them, or the hull's once sorting pays off. */
function supportPoints(house: Ring): Float64Array {
  return flat(house.length > 16 ? convexHull(house) : house);
}

/** A ring as flat coordinates, for the hot loops. */
function flat(ring: Ring): Float64Array {
  return Float64Array.from(ring.flat());
}

/** The house's support h_i = max over its (flat) vertices of n_i·v; false unless all are positive. */
function support(hp: HalfPlanes, house: Float64Array, h: Float64Array): boolean {
  for (let i = 0; i < hp.k; i++) {
    h[i] = supportOne(hp, i, house);
    if (!(h[i] > 0)) return false;
  }
  return true;
}

function supportOne(hp: HalfPlanes, i: number, house: Float64Array): number {
  const nx = hp.nx[i];
  const ny = hp.ny[i];
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < house.length; j += 2) {
    const v = nx * house[j] + ny * house[j + 1];
    if (v > m) m = v;
  }
  return m;
}

/** The warm basis's value for this house, Σ b w / Σ h w: an upper bound on its scale found from 3 edges. */
function basisBound(hp: HalfPlanes, house: Float64Array): number {
  const { nx, ny, b, basis } = hp;
  const i0 = basis[0];
  const i1 = basis[1];
  const i2 = basis[2];
  const w0 = nx[i1] * ny[i2] - ny[i1] * nx[i2];
  const w1 = nx[i2] * ny[i0] - ny[i2] * nx[i0];
  const w2 = nx[i0] * ny[i1] - ny[i0] * nx[i1];
  const den =
    supportOne(hp, i0, house) * w0 + supportOne(hp, i1, house) * w1 + supportOne(hp, i2, house) * w2;
  return den > 0 ? (b[i0] * w0 + b[i1] * w1 + b[i2] * w2) / den : Number.POSITIVE_INFINITY;
}

/**
 * Maximises s subject to s·h_i + n_i·t ≤ b_i by the simplex on the dual: every basis is dual feasible, so
 * its value is an upper bound; it stops once the bound is at most `below` (the rotation cannot win) or the
 * achieved scale reaches `enough`. The entering edge is the one limiting the scale most at the basis's
 * translation, i.e. the most violated; degenerate pivots (a parallel pair of edges plus a zero-weight third)
 * only swap the third for a tighter bound along the pair's mid-line, so they cannot cycle.
 */
function solveFit(hp: HalfPlanes, h: Float64Array, below: number, enough: number, out: ConvexFit): void {
  const { k, nx, ny, b } = hp;
  const basis = hp.basis;
  let i0 = basis[0];
  let i1 = basis[1];
  let i2 = basis[2];
  out.scale = Number.NEGATIVE_INFINITY;
  out.upper = Number.POSITIVE_INFINITY;
  for (let iter = 0, cap = 4 * k + 50; iter < cap; iter++) {
    // Inverse of the basis matrix with columns (h, nx, ny): its rows are cross products of the other columns.
    const r0x = nx[i1] * ny[i2] - ny[i1] * nx[i2];
    const r0y = ny[i1] * h[i2] - h[i1] * ny[i2];
    const r0z = h[i1] * nx[i2] - nx[i1] * h[i2];
    const r1x = nx[i2] * ny[i0] - ny[i2] * nx[i0];
    const r1y = ny[i2] * h[i0] - h[i2] * ny[i0];
    const r1z = h[i2] * nx[i0] - nx[i2] * h[i0];
    const r2x = nx[i0] * ny[i1] - ny[i0] * nx[i1];
    const r2y = ny[i0] * h[i1] - h[i0] * ny[i1];
    const r2z = h[i0] * nx[i1] - nx[i0] * h[i1];
    const det = h[i0] * r0x + h[i1] * r1x + h[i2] * r2x;
    if (!(det > 0)) return;
    const b0 = b[i0];
    const b1 = b[i1];
    const b2 = b[i2];
    const s = (b0 * r0x + b1 * r1x + b2 * r2x) / det;
    const tx = (b0 * r0y + b1 * r1y + b2 * r2y) / det;
    const ty = (b0 * r0z + b1 * r1z + b2 * r2z) / det;
    out.upper = Math.min(out.upper, s);
    let enter = -1;
    let worst = Number.POSITIVE_INFINITY;
    for (let i = 0; i < k; i++) {
      const v = (b[i] - nx[i] * tx - ny[i] * ty) / h[i];
      if (v < worst) {
        worst = v;
        enter = i;
      }
    }
    if (worst > out.scale) {
      out.scale = worst;
      out.x = tx + hp.cx;
      out.y = ty + hp.cy;
    }
    if (worst >= s - LP_TOL * s || s <= below || worst >= enough) {
      basis[0] = i0;
      basis[1] = i1;
      basis[2] = i2;
      return;
    }
    // Ratio test on the dual weights y = B⁻¹e₁ along d = B⁻¹a_enter.
    const a0 = h[enter];
    const a1 = nx[enter];
    const a2 = ny[enter];
    const d0 = r0x * a0 + r0y * a1 + r0z * a2;
    const d1 = r1x * a0 + r1y * a1 + r1z * a2;
    const d2 = r2x * a0 + r2y * a1 + r2z * a2;
    const tol = PIVOT_MIN * (Math.abs(d0) + Math.abs(d1) + Math.abs(d2));
    let leave = -1;
    let ratio = Number.POSITIVE_INFINITY;
    if (d0 > tol) {
      leave = 0;
      ratio = Math.max(r0x, 0) / d0;
    }
    if (d1 > tol && Math.max(r1x, 0) / d1 < ratio) {
      leave = 1;
      ratio = Math.max(r1x, 0) / d1;
    }
    if (d2 > tol && Math.max(r2x, 0) / d2 < ratio) leave = 2;
    if (leave === 0) i0 = enter;
    else if (leave === 1) i1 = enter;
    else if (leave === 2) i2 = enter;
    else return;
  }
}
