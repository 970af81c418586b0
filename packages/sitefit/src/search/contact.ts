// Contact segments: in translation space, the segments on which the placed house touches the region boundary
// (a house vertex on a region edge, or a region vertex on a house edge). For a feasible translation u the
// clearance — the distance from the placed house to the region boundary — equals the distance from u to the
// nearest contact segment, because sliding the house by d touches the boundary exactly when u + d meets one.
// This gives the clearance in floating point without the 1 mm rounding of the Clipper polygon.
import { orient } from '../geom/predicates.ts';
import type { PolygonWithHoles, Ring } from '../geom/types.ts';

/** Flat [ax, ay, bx, by] per contact segment of `house` (placed as house + u) against the region boundary. */
export function contactSegments(region: readonly PolygonWithHoles[], house: Ring): Float64Array {
  const rings: Ring[] = [];
  for (const p of region) rings.push(p.outer, ...p.holes);
  let count = 0;
  for (const r of rings) count += 2 * r.length * house.length;
  const out = new Float64Array(count * 4);
  let k = 0;
  const m = house.length;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const [px, py] = r[i];
      const [qx, qy] = r[(i + 1) % n];
      for (let j = 0; j < m; j++) {
        const [vx, vy] = house[j];
        const [wx, wy] = house[(j + 1) % m];
        // House vertex v on region edge p-q.
        out[k++] = px - vx;
        out[k++] = py - vy;
        out[k++] = qx - vx;
        out[k++] = qy - vy;
        // Region vertex p on house edge v-w.
        out[k++] = px - vx;
        out[k++] = py - vy;
        out[k++] = px - wx;
        out[k++] = py - wy;
      }
    }
  }
  return out;
}

/**
 * The contact segments that can realise the clearance or bound the feasible set: those of contactSegments for
 * which a nearest pair (or a touching pair) of that kind can exist. With rings oriented so that the house and
 * the region lie to their left and n(e) the outward normal of an edge: house vertex v on region edge F only when
 * v is not strictly reflex and n(F) lies in v's normal cone (between the normals of its two edges); region vertex
 * p on house edge E only when p is not strictly convex and n(E) lies between the normals of p's two edges.
 * A nearest pair realised inside F (resp. E) needs exactly that; one realised between two vertices has its
 * direction in both normal cones, and of two overlapping angular ranges (each under 180°) one holds an end of
 * the other, which is one of the kept pairs at the same distance; a strictly reflex house vertex or strictly
 * convex region vertex is never nearest (a point of an adjacent edge is nearer). A touching pair is found the
 * same way from the tangent cones (a house corner inside a region corner, a house edge on a reflex region
 * vertex, ...), so the feasible set's boundary still lies on the kept segments. Reflex/convex is decided
 * exactly; cone membership with a relative slack of 1e-9 that only keeps more segments (keeping more is always
 * safe: every contact segment is at least the clearance away from a feasible translation). Same layout as
 * contactSegments; about a third to a half of the segments on typical parcels.
 */
export function essentialContactSegments(region: readonly PolygonWithHoles[], house: Ring): Float64Array {
  const h = leftInterior(house, true);
  const m = h.length;
  // Outward normals of the house edges (edge j: h[j] -> h[j + 1]) and whether each vertex is strictly reflex.
  const hn = edgeNormals(h);
  const hReflex = h.map((v, j) => orient(h[(j + m - 1) % m], v, h[(j + 1) % m]) < 0);
  const { rings, normals, convex, total } = regionData(region);
  const out = new Float64Array(8 * total * m);
  let o = 0;
  for (let k = 0; k < rings.length; k++) {
    const r = rings[k];
    const rn = normals[k];
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const [px, py] = r[i];
      const [qx, qy] = r[(i + 1) % n];
      const pConvex = convex[k][i] === 1;
      // p's range of normals runs clockwise from n(F_prev) to n(F_next) when p is reflex (or straight).
      const f1 = (i + n - 1) % n;
      for (let j = 0; j < m; j++) {
        const [vx, vy] = h[j];
        // House vertex v on region edge F = p-q: v's normals run counter-clockwise from n(E_prev) to n(E_next).
        if (!hReflex[j] && between(hn, (j + m - 1) % m, rn, i, hn, j)) {
          out[o++] = px - vx;
          out[o++] = py - vy;
          out[o++] = qx - vx;
          out[o++] = qy - vy;
        }
        if (!pConvex && between(rn, i, hn, j, rn, f1)) {
          const [wx, wy] = h[(j + 1) % m];
          out[o++] = px - vx;
          out[o++] = py - vy;
          out[o++] = px - wx;
          out[o++] = py - wy;
        }
      }
    }
  }
  return out.slice(0, o);
}

interface RegionData {
  /** Outer rings and holes, oriented with the region on their left. */
  rings: Ring[];
  normals: Float64Array[];
  /** 1 where the region's vertex is strictly convex. */
  convex: Uint8Array[];
  /** Vertices of all rings. */
  total: number;
}

/** Per region (the same array for every rotation of a search): its rings' orientation, normals, convexity. */
const regionCache = new WeakMap<readonly PolygonWithHoles[], RegionData>();

function regionData(region: readonly PolygonWithHoles[]): RegionData {
  let d = regionCache.get(region);
  if (d) return d;
  const rings: Ring[] = [];
  for (const p of region)
    rings.push(leftInterior(p.outer, true), ...p.holes.map((r) => leftInterior(r, false)));
  d = {
    rings,
    normals: rings.map(edgeNormals),
    convex: rings.map((r) =>
      Uint8Array.from(r, (v, i) =>
        orient(r[(i + r.length - 1) % r.length], v, r[(i + 1) % r.length]) > 0 ? 1 : 0,
      ),
    ),
    total: rings.reduce((s, r) => s + r.length, 0),
  };
  regionCache.set(region, d);
  return d;
}

/** The ring oriented with the interior (outer, house) or the region around a hole on its left. */
function leftInterior(r: Ring, outer: boolean): Ring {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return a > 0 === outer ? r : r.slice().reverse();
}

/** Outward normals (unnormalised) of the edges r[i] -> r[i + 1] of a ring with its interior on the left, and their lengths: [nx, ny, |n|] per edge. */
function edgeNormals(r: Ring): Float64Array {
  const n = r.length;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const [ax, ay] = r[i];
    const [bx, by] = r[(i + 1) % n];
    out[3 * i] = by - ay;
    out[3 * i + 1] = ax - bx;
    out[3 * i + 2] = Math.sqrt((bx - ax) ** 2 + (by - ay) ** 2);
  }
  return out;
}

/** Does normal b[jb] lie in the closed counter-clockwise range from a[ja] to c[jc] (under 180°), with slack? */
function between(
  a: Float64Array,
  ja: number,
  b: Float64Array,
  jb: number,
  c: Float64Array,
  jc: number,
): boolean {
  const ax = a[3 * ja];
  const ay = a[3 * ja + 1];
  const bx = b[3 * jb];
  const by = b[3 * jb + 1];
  const cx = c[3 * jc];
  const cy = c[3 * jc + 1];
  const lb = b[3 * jb + 2] * CONE_SLACK;
  return ax * by - ay * bx >= -lb * a[3 * ja + 2] && bx * cy - by * cx >= -lb * c[3 * jc + 2];
}

/** Relative slack of the cone tests (far above rounding; only keeps more segments). */
const CONE_SLACK = 1e-9;

/** Distance from (x, y) to contact segment i. */
export function segDist(s: Float64Array, i: number, x: number, y: number): number {
  const o = 4 * i;
  const ax = s[o];
  const ay = s[o + 1];
  const dx = s[o + 2] - ax;
  const dy = s[o + 3] - ay;
  const wx = x - ax;
  const wy = y - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? (wx * dx + wy * dy) / len2 : 0;
  if (t <= 0) return Math.sqrt(wx * wx + wy * wy);
  if (t >= 1) {
    const ex = x - s[o + 2];
    const ey = y - s[o + 3];
    return Math.sqrt(ex * ex + ey * ey);
  }
  return Math.abs(wx * dy - wy * dx) / Math.sqrt(len2);
}

// Scratch for the bound below: up to K affine over-estimators g·(t - c) + c0 on the cell.
const K = 4;
const gx = new Float64Array(K);
const gy = new Float64Array(K);
const g0 = new Float64Array(K);
/** Estimators that are ±(signed distance to the segment's line) on the cell (the cell straddles the line). */
const straddle = new Int32Array(K);
/** Where cellBound found its maximum, relative to the cell centre (read right after the call). */
export const boundArg = new Float64Array(2);

// The running maximum of the vertex enumeration (module state instead of a closure: no allocation per cell).
let lpBest = Number.NEGATIVE_INFINITY;
let lpK = 0;
let lpHx = 0;
let lpHy = 0;

function evalAt(x0: number, y0: number): void {
  // Clamping keeps round-off from discarding a vertex on a side; a clamped point is still in the cell, so
  // it can only under-report, never over-report, the maximum of the piecewise-linear function.
  const x = Math.max(-lpHx, Math.min(x0, lpHx));
  const y = Math.max(-lpHy, Math.min(y0, lpHy));
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  let m = Number.POSITIVE_INFINITY;
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

/** Max over the cell of the minimum of the current estimators: vertex enumeration of the tiny LP. */
function lpMax(k: number, hx: number, hy: number): void {
  lpK = k;
  lpHx = hx;
  lpHy = hy;
  evalAt(-hx, -hy);
  evalAt(hx, -hy);
  evalAt(-hx, hy);
  evalAt(hx, hy);
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      // Line where the two estimators are equal: ax·x + ay·y = b; meet it with the four sides.
      const lx = gx[i] - gx[j];
      const ly = gy[i] - gy[j];
      const b = g0[j] - g0[i];
      // A meeting point off its side would be clamped to a corner, already evaluated: skipped instead.
      if (lx !== 0) {
        const x0 = (b - ly * -hy) / lx;
        if (x0 >= -hx && x0 <= hx) evalAt(x0, -hy);
        const x1 = (b - ly * hy) / lx;
        if (x1 >= -hx && x1 <= hx) evalAt(x1, hy);
      }
      if (ly !== 0) {
        const y0 = (b - lx * -hx) / ly;
        if (y0 >= -hy && y0 <= hy) evalAt(-hx, y0);
        const y1 = (b - lx * hx) / ly;
        if (y1 >= -hy && y1 <= hy) evalAt(hx, y1);
      }
      for (let l = j + 1; l < k; l++) {
        const mx = gx[i] - gx[l];
        const my = gy[i] - gy[l];
        const c = g0[l] - g0[i];
        const det = lx * my - ly * mx;
        if (det !== 0) evalAt((b * my - ly * c) / det, (lx * c - b * mx) / det);
      }
    }
}

/**
 * Upper bound of min_i dist(t, segment i) over the rectangular cell of centre (cx, cy) and half-sizes hx, hy, using the
 * given nearest segments. Each distance is over-estimated on the cell by an affine function (exact when the
 * whole cell is on one side of the segment's line within its slab, else the constant max over the corners,
 * valid as the distance is convex); the max of their minimum over the square is a tiny LP solved by
 * enumerating its candidate vertices. Exact on plateaus between parallel edges, which the Lipschitz bound
 * f(c) + h√2 would only certify with millimetre cells along the whole plateau. A cell within a segment's slab
 * that straddles its line has the distance |l(t)| = max(l, −l) there (l: signed distance to the line), so the
 * bound is the larger of the two LPs with +l and −l (exact again; without it a sliver inner-fit polygon, whose
 * cells straddle a contact line by the IFP's rounding, needs cells down to that rounding along its length).
 */
export function cellBound(
  s: Float64Array,
  nearest: Int32Array,
  count: number,
  cx: number,
  cy: number,
  hx: number,
  hy: number,
  threshold = Number.NEGATIVE_INFINITY,
): number {
  const k = Math.min(count, K);
  // min over estimators of their max over the corners: a valid, cheaper bound, enough when it is already at
  // or below `threshold` (the cell cannot beat the incumbent; no maximiser is reported then).
  let cheap = Number.POSITIVE_INFINITY;
  let ns = 0;
  for (let q = 0; q < k; q++) {
    const o = 4 * nearest[q];
    const ax = s[o] - cx;
    const ay = s[o + 1] - cy;
    const dx = s[o + 2] - s[o];
    const dy = s[o + 3] - s[o + 1];
    const len2 = dx * dx + dy * dy;
    let inSlab = len2 > 0;
    let pos = 0;
    let neg = 0;
    let cmax = 0;
    for (let c = 0; c < 4; c++) {
      const px = c & 1 ? hx : -hx;
      const py = c & 2 ? hy : -hy;
      const wx = px - ax;
      const wy = py - ay;
      const t = len2 > 0 ? (wx * dx + wy * dy) / len2 : 0;
      const cr = wx * dy - wy * dx;
      if (t < 0 || t > 1) inSlab = false;
      if (cr > 0) pos++;
      else if (cr < 0) neg++;
      const d = segDist(s, nearest[q], cx + px, cy + py);
      if (d > cmax) cmax = d;
    }
    if (cmax < cheap) cheap = cmax;
    if (inSlab && (neg === 0 || pos === 0)) {
      // dist = sign·((t - a) × d)/|d| = sign·((t.x - a.x)·dy - (t.y - a.y)·dx)/|d|, t relative to the centre
      // (the cell is on one side of the line: the corners are, and it is their hull).
      const inv = (neg === 0 ? 1 : -1) / Math.sqrt(len2);
      gx[q] = dy * inv;
      gy[q] = -dx * inv;
      g0[q] = (-ax * dy + ay * dx) * inv;
    } else if (inSlab) {
      // Straddling: +l for now, the sign is flipped below.
      const inv = 1 / Math.sqrt(len2);
      gx[q] = dy * inv;
      gy[q] = -dx * inv;
      g0[q] = (-ax * dy + ay * dx) * inv;
      straddle[ns++] = q;
    } else {
      gx[q] = 0;
      gy[q] = 0;
      g0[q] = cmax;
    }
  }
  if (cheap <= threshold) {
    boundArg[0] = Number.NaN;
    boundArg[1] = Number.NaN;
    return cheap;
  }
  lpBest = Number.NEGATIVE_INFINITY;
  // Every sign pattern of the straddling estimators (at most 2^4 LPs; usually one or two straddle).
  for (let mask = 0; ; mask++) {
    lpMax(k, hx, hy);
    if (mask + 1 >= 1 << ns) break;
    // Gray code: flip the estimator whose bit changes.
    const flip = 31 - Math.clz32((mask + 1) & ~mask);
    const q = straddle[flip];
    gx[q] = -gx[q];
    gy[q] = -gy[q];
    g0[q] = -g0[q];
  }
  return lpBest;
}
