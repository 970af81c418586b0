// The LP upper bound of the clearance over a search cell (see cellBound). The hottest code of the search: it
// runs for most cells, so it works on module scratch (no allocation) and enumerates only what can be a vertex.
import type { Flat } from '../geom/types.ts';

/** At most this many estimators enter the bound (distinct ones, from the nearest segments). */
const K = 3;
// Affine over-estimators g·(t − c) + g0 on the cell (compacted: constant ones are folded into `cap`).
const gx = new Float64Array(K);
const gy = new Float64Array(K);
const g0 = new Float64Array(K);
/** Squared distances of the cell's corners to the segment being processed. */
const corner2 = new Float64Array(4);
/** Estimators that are ±(signed distance to the segment's line) on the cell (the cell straddles the line). */
const straddle = new Int32Array(K);
/** Where cellBound found its maximum, relative to the cell centre (read right after the call; NaN: none). */
export const boundArg = new Float64Array(2);

// The running maximum of the vertex enumeration (module state: no closure, no allocation per cell).
let lpBest = Number.NEGATIVE_INFINITY;
let lpK = 0;
let lpCap = Number.POSITIVE_INFINITY;

function evalAt(x: number, y: number): void {
  let m = lpCap;
  for (let q = 0; q < lpK; q++) {
    const v = gx[q] * x + gy[q] * y + g0[q];
    if (v < m) m = v;
  }
  if (m > lpBest) {
    lpBest = m;
    boundArg[0] = x;
    boundArg[1] = y;
  }
}

/**
 * Max over the cell [−hx, hx] × [−hy, hy] of min(cap, the k affine estimators): the LP's vertices are the
 * corners, the points where two estimators are equal on a side, and the points where three are equal inside.
 * Stops early once a vertex reaches `top`, a bound no vertex can exceed.
 */
function lpMax(k: number, hx: number, hy: number, cap: number, top: number): void {
  lpK = k;
  lpCap = cap;
  if (k === 1) {
    // One plane: its best corner.
    evalAt(gx[0] >= 0 ? hx : -hx, gy[0] >= 0 ? hy : -hy);
    return;
  }
  evalAt(-hx, -hy);
  evalAt(hx, -hy);
  evalAt(-hx, hy);
  evalAt(hx, hy);
  for (let i = 0; i < k && lpBest < top; i++)
    for (let j = i + 1; j < k; j++) {
      // Line where the two estimators are equal: lx·x + ly·y = b; meet it with the four sides.
      const lx = gx[i] - gx[j];
      const ly = gy[i] - gy[j];
      const b = g0[j] - g0[i];
      if (lx !== 0) {
        const x0 = (b + ly * hy) / lx;
        if (x0 >= -hx && x0 <= hx) evalAt(x0, -hy);
        const x1 = (b - ly * hy) / lx;
        if (x1 >= -hx && x1 <= hx) evalAt(x1, hy);
      }
      if (ly !== 0) {
        const y0 = (b + lx * hx) / ly;
        if (y0 >= -hy && y0 <= hy) evalAt(-hx, y0);
        const y1 = (b - lx * hx) / ly;
        if (y1 >= -hy && y1 <= hy) evalAt(hx, y1);
      }
      for (let l = j + 1; l < k; l++) {
        const mx = gx[i] - gx[l];
        const my = gy[i] - gy[l];
        const c = g0[l] - g0[i];
        const det = lx * my - ly * mx;
        if (det === 0) continue;
        const x = (b * my - ly * c) / det;
        const y = (lx * c - b * mx) / det;
        // A point off the cell is not a vertex of the LP on the cell (the sides' vertices are found above).
        if (x >= -hx && x <= hx && y >= -hy && y <= hy) evalAt(x, y);
      }
    }
}

/**
 * Upper bound of min_i dist(t, segment i) over the rectangular cell of centre (cx, cy) and half-sizes hx, hy, using
 * the given nearest segments (flat [ax, ay, bx, by] per segment in `s`). Each distance is over-estimated on the
 * cell by an affine function (exact when the whole cell is on one side of the segment's line within its slab,
 * else the constant max over the corners, valid as the distance is convex); the max of their minimum over the
 * cell is a tiny LP solved by enumerating its candidate vertices. Exact on plateaus between parallel edges,
 * which the Lipschitz bound f(c) + h√2 would only certify with millimetre cells along the whole plateau. A cell
 * within a segment's slab that straddles its line has the distance |l(t)| = max(l, −l) there (l: signed distance
 * to the line), so the bound is the larger of the two LPs with +l and −l (exact again; without it a sliver
 * inner-fit polygon, whose cells straddle a contact line by the IFP's rounding, needs cells down to that
 * rounding along its length). When even min over estimators of their max over the corners (a cheaper valid
 * bound) is at or below `threshold`, that is returned and no maximiser is reported.
 */
/** Estimators in gx/gy/g0 so far (module state for addAffine). */
let nAff = 0;
/** Number of straddling estimators (never merged) among them. */
let nStr = 0;

/**
 * Adds a one-sided affine estimator unless one with the same gradient is already there: of two parallel
 * over-estimators the lower one bounds everywhere, so the other would only take a slot (coincident contact
 * lines are common: the two ends of a house edge parallel to a parcel edge touch it along one line).
 */
function addAffine(ux: number, uy: number, u0: number): void {
  for (let i = 0; i < nAff; i++) {
    if (Math.abs(gx[i] - ux) <= 1e-12 && Math.abs(gy[i] - uy) <= 1e-12 && !isStraddle(i)) {
      if (u0 < g0[i]) g0[i] = u0;
      return;
    }
  }
  gx[nAff] = ux;
  gy[nAff] = uy;
  g0[nAff] = u0;
  nAff++;
}

function isStraddle(i: number): boolean {
  for (let j = 0; j < nStr; j++) if (straddle[j] === i) return true;
  return false;
}

export function cellBound(
  s: Flat,
  nearest: Int32Array,
  count: number,
  cx: number,
  cy: number,
  hx: number,
  hy: number,
  threshold = Number.NEGATIVE_INFINITY,
  excl: readonly number[] = NO_DISCS,
): number {
  let cheap = Number.POSITIVE_INFINITY;
  let cap = Number.POSITIVE_INFINITY;
  nAff = 0;
  nStr = 0;
  for (let q = 0; q < count && nAff < K; q++) {
    const o = 4 * nearest[q];
    const ax = s[o] - cx;
    const ay = s[o + 1] - cy;
    const dx = s[o + 2] - s[o];
    const dy = s[o + 3] - s[o + 1];
    const len2 = dx * dx + dy * dy;
    const inv = len2 > 0 ? 1 / len2 : 0;
    let inSlab = len2 > 0;
    let pos = 0;
    let neg = 0;
    let max2 = 0;
    for (let c = 0; c < 4; c++) {
      const wx = (c & 1 ? hx : -hx) - ax;
      const wy = (c & 2 ? hy : -hy) - ay;
      const t = (wx * dx + wy * dy) * inv;
      const cr = wx * dy - wy * dx;
      let d2: number;
      if (t <= 0) {
        if (t < 0 || len2 === 0) inSlab = false;
        d2 = wx * wx + wy * wy;
      } else if (t >= 1) {
        if (t > 1) inSlab = false;
        const ex = wx - dx;
        const ey = wy - dy;
        d2 = ex * ex + ey * ey;
      } else d2 = cr * cr * inv;
      if (cr > 0) pos++;
      else if (cr < 0) neg++;
      if (d2 > max2) max2 = d2;
      corner2[c] = d2;
    }
    const cmax = Math.sqrt(max2);
    if (cmax < cheap) cheap = cmax;
    if (inSlab) {
      // dist = ±((t − a) × d)/|d| with t relative to the centre; a straddled line starts as +l (flipped below).
      const il = (neg > 0 && pos === 0 ? -1 : 1) / Math.sqrt(len2);
      const ux = dy * il;
      const uy = -dx * il;
      const u0 = (-ax * dy + ay * dx) * il;
      if (neg > 0 && pos > 0) {
        gx[nAff] = ux;
        gy[nAff] = uy;
        g0[nAff] = u0;
        straddle[nStr++] = nAff++;
      } else addAffine(ux, uy, u0);
    } else {
      if (cmax < cap) cap = cmax;
      // The distance to a segment is convex, so on the cell it is at most its tangent plane at the centre
      // raised by the largest gap at a corner: an affine over-estimator that, unlike the constant, tightens as
      // the cell shrinks near an endpoint (a vertex contact), where the constant needs cells down to the
      // precision to close the bound.
      const t0 = Math.max(0, Math.min(1, -(ax * dx + ay * dy) * inv));
      const vx = -(ax + t0 * dx);
      const vy = -(ay + t0 * dy);
      const d0 = Math.sqrt(vx * vx + vy * vy);
      if (d0 > 0) {
        const ux = vx / d0;
        const uy = vy / d0;
        let gap = 0;
        for (let c = 0; c < 4; c++) {
          const e = Math.sqrt(corner2[c]) - (d0 + ux * (c & 1 ? hx : -hx) + uy * (c & 2 ? hy : -hy));
          if (e > gap) gap = e;
        }
        addAffine(ux, uy, d0 + gap);
      }
    }
  }
  if (cheap <= threshold || nAff === 0) {
    boundArg[0] = Number.NaN;
    boundArg[1] = Number.NaN;
    return cheap;
  }
  lpBest = Number.NEGATIVE_INFINITY;
  // Every sign pattern of the straddling estimators (at most 2^4 LPs; usually none or one straddles).
  for (let mask = 0; ; mask++) {
    lpMax(nAff, hx, hy, cap, cheap);
    if (mask + 1 >= 1 << nStr || lpBest >= cheap) break;
    // Gray code: flip the estimator whose bit changes.
    const q = straddle[31 - Math.clz32((mask + 1) & ~mask)];
    gx[q] = -gx[q];
    gy[q] = -gy[q];
    g0[q] = -g0[q];
  }
  // With one concave estimator (no straddling) whose maximiser is excluded, only the boundary of the
  // exclusion discs can hold the best eligible point (see arcMax).
  if (
    nStr === 0 &&
    excl.length > 0 &&
    lpBest > threshold &&
    insideDisc(excl, cx + boundArg[0], cy + boundArg[1])
  ) {
    const lp = lpBest;
    const ax = boundArg[0];
    const ay = boundArg[1];
    const arc = arcMax(nAff, cap, cx, cy, hx, hy, excl);
    if (arc < lp) return arc;
    boundArg[0] = ax;
    boundArg[1] = ay;
    return lp;
  }
  return lpBest;
}

const NO_DISCS: readonly number[] = [];

/** Is (x, y) strictly inside one of the discs (flat [x, y, radius]*)? */
export function insideDisc(excl: readonly number[], x: number, y: number): boolean {
  for (let i = 0; i < excl.length; i += 3) {
    const dx = x - excl[i];
    const dy = y - excl[i + 1];
    if (dx * dx + dy * dy < excl[i + 2] * excl[i + 2]) return true;
  }
  return false;
}

/** Relative slack of arcMax's membership tests: points that far outside still count (the bound only grows). */
const ARC_SLACK = 1e-9;
/** Scratch: the discs meeting the cell (relative to its centre) and the candidate unit directions of one circle. */
let near = new Float64Array(48);
let dirs = new Float64Array(128);

/**
 * Max of min(cap, the k affine estimators) over the part of the cell outside the union U of the exclusion discs,
 * when the estimators' maximiser over the cell lies in U: the estimator g is concave and the cell convex, so for
 * any eligible t the segment from the maximiser to t leaves U at a point of ∂U in the cell where g ≥ g(t). On a
 * circle of U each estimator is c + ρ·cos(φ − α), and the max of their minimum over the circle's arcs that lie in
 * the cell and outside the other discs is at an arc end (a side or another circle), at an estimator's peak, or
 * where two estimators are equal: those points are enumerated (as unit directions from the circle's centre, no
 * trigonometry). Membership is tested with a slack that can only admit more points. −∞ when ∂U misses the cell
 * (the cell lies inside U). The maximiser, nudged just outside its circle, goes to boundArg.
 */
function arcMax(
  k: number,
  cap: number,
  cx: number,
  cy: number,
  hx: number,
  hy: number,
  excl: readonly number[],
): number {
  const r = Math.sqrt(hx * hx + hy * hy);
  // Only discs whose circle meets the cell matter; a disc holding the whole cell leaves nothing eligible.
  if (near.length < excl.length) near = new Float64Array(2 * excl.length);
  let nd = 0;
  for (let a = 0; a < excl.length; a += 3) {
    const ex = excl[a] - cx;
    const ey = excl[a + 1] - cy;
    const rho = excl[a + 2];
    const dc = Math.sqrt(ex * ex + ey * ey);
    if (dc + r <= rho) return Number.NEGATIVE_INFINITY;
    if (dc > rho + r) continue;
    near[nd++] = ex;
    near[nd++] = ey;
    near[nd++] = rho;
  }
  const cand = 8 + 2 * (nd / 3) + k * (k + 1);
  if (dirs.length < 2 * cand) dirs = new Float64Array(4 * cand);
  let best = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < nd; a += 3) {
    const ex = near[a];
    const ey = near[a + 1];
    const rho = near[a + 2];
    const tol = ARC_SLACK * (rho + r);
    let n = 0;
    // Sides x = ±hx and y = ±hy.
    for (let sgn = -1; sgn <= 1; sgn += 2) {
      const c = (sgn * hx - ex) / rho;
      if (c >= -1 && c <= 1) {
        const q = Math.sqrt(1 - c * c);
        dirs[n++] = c;
        dirs[n++] = q;
        dirs[n++] = c;
        dirs[n++] = -q;
      }
      const d = (sgn * hy - ey) / rho;
      if (d >= -1 && d <= 1) {
        const q = Math.sqrt(1 - d * d);
        dirs[n++] = q;
        dirs[n++] = d;
        dirs[n++] = -q;
        dirs[n++] = d;
      }
    }
    // Other circles: the chord's two ends.
    for (let b = 0; b < nd; b += 3) {
      if (b === a) continue;
      const dx = near[b] - ex;
      const dy = near[b + 1] - ey;
      const d = Math.sqrt(dx * dx + dy * dy);
      const rb = near[b + 2];
      if (d === 0 || d >= rho + rb || d <= Math.abs(rho - rb)) continue;
      const c = Math.max(-1, Math.min(1, (rho * rho + d * d - rb * rb) / (2 * rho * d)));
      const q = Math.sqrt(1 - c * c);
      const ux = dx / d;
      const uy = dy / d;
      dirs[n++] = c * ux - q * uy;
      dirs[n++] = c * uy + q * ux;
      dirs[n++] = c * ux + q * uy;
      dirs[n++] = c * uy - q * ux;
    }
    // Peaks of the estimators and the points where two are equal (A·cos φ + B·sin φ = C).
    for (let i = 0; i < k; i++) {
      const gl = Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
      if (gl > 0) {
        dirs[n++] = gx[i] / gl;
        dirs[n++] = gy[i] / gl;
      }
      for (let j = i + 1; j < k; j++) {
        const lx = gx[i] - gx[j];
        const ly = gy[i] - gy[j];
        const R = rho * Math.sqrt(lx * lx + ly * ly);
        if (R === 0) continue;
        const c = -(lx * ex + ly * ey + g0[i] - g0[j]) / R;
        if (c < -1 || c > 1) continue;
        const q = Math.sqrt(1 - c * c);
        const ux = (rho * lx) / R;
        const uy = (rho * ly) / R;
        dirs[n++] = c * ux - q * uy;
        dirs[n++] = c * uy + q * ux;
        dirs[n++] = c * ux + q * uy;
        dirs[n++] = c * uy - q * ux;
      }
    }
    for (let t = 0; t < n; t += 2) {
      const px = ex + rho * dirs[t];
      const py = ey + rho * dirs[t + 1];
      if (px < -hx - tol || px > hx + tol || py < -hy - tol || py > hy + tol) continue;
      let m = cap;
      for (let q = 0; q < k; q++) {
        const v = gx[q] * px + gy[q] * py + g0[q];
        if (v < m) m = v;
      }
      if (m <= best) continue;
      let covered = false;
      for (let b = 0; b < nd && !covered; b += 3) {
        if (b === a) continue;
        const dx = px - near[b];
        const dy = py - near[b + 1];
        const rb = near[b + 2] - tol;
        covered = rb > 0 && dx * dx + dy * dy < rb * rb;
      }
      if (covered) continue;
      best = m;
      // Just outside the circle, so that the point itself is eligible.
      boundArg[0] = ex + rho * (1 + 1e-12) * dirs[t];
      boundArg[1] = ey + rho * (1 + 1e-12) * dirs[t + 1];
    }
  }
  return best;
}
