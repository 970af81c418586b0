// Tests on a single translation of a rotation's search: is it feasible, how far is it from the feasible set,
// does a straight path cross a contact segment, and the squared distances the cell scan uses. Pure functions
// (no search state), kept apart from the branch and bound that calls them in its hot loop.
import { houseInside, locate } from '../geom/contain.ts';
import { pointSegmentDistanceSq as sqSegDist } from '../geom/predicates.ts';
import { insideParity, nearestEdgeSq, type StripIndex, stripIndex, verticesAcross } from '../geom/strips.ts';
import { doubles, type Flat, type Point, type PolygonWithHoles } from '../geom/types.ts';
import { distanceToIfp, insideIfp, type RotationProblem } from './rotation.ts';

/**
 * Below this distance to a contact segment the Clipper polygon may misclassify a point: its vertices are sums of
 * points rounded to 1 mm (≤ 1.42 mm off) and its intersections are rounded again (≤ 0.71 mm).
 */
const CLASSIFY_MARGIN = 0.003;
/** Slack of infeasibleDepth (metres), far above floating-point error in a local frame. */
const DEPTH_MIN = 1e-9;

/**
 * Bound for a cell whose centre c is infeasible: a feasible point t of the cell is separated from c by the IFP
 * boundary, so its clearance is at most |t − c| − d ≤ r − d, with d the distance from c to that boundary. The
 * contact segments give d ≥ f; the computed IFP gives d ≥ (distance to its rings) − its rounding, which is much
 * larger deep inside the forbidden region, where contact segments are everywhere but the IFP is far.
 */
export function infeasibleDist(rot: RotationProblem, x: number, y: number, f: number): number {
  return Math.max(f, distanceToIfp(rot, x, y) - CLASSIFY_MARGIN);
}

/**
 * Is translation (x, y) feasible? By the IFP (1 mm grid) where the nearest contact segment is farther than the
 * IFP's rounding, else exactly (robust predicates on the house placed there), so bounds never rest on a guess.
 */
export function feasibleAt(rot: RotationProblem, x: number, y: number, f: number): boolean {
  if (f > CLASSIFY_MARGIN) return insideIfp(rot, x, y);
  return feasibleExact(rot, x, y);
}

/** Is translation (x, y) feasible, by robust predicates on the house placed there (no IFP needed)? */
export function feasibleExact(rot: RotationProblem, x: number, y: number): boolean {
  if (rot.house.length === 0) return rot.region.some((p) => locate([x, y], p) > 0);
  const placed = rot.house.map(([a, b]) => [a + x, b + y] as Point);
  return rot.region.some((p) => houseInside(placed, p));
}

/**
 * For an infeasible translation (x, y), a lower bound of its distance to every feasible translation, without the
 * IFP: a house vertex outside the region must travel at least its distance to the region boundary, and a region
 * vertex strictly inside the house at least its distance to the house boundary (the house then covers outside
 * ground near it). 0 when neither applies (edges crossing only). Vertices within DEPTH_MIN of the other
 * boundary are ignored, so a floating-point location error cannot inflate the bound.
 */
export function infeasibleDepth(rot: RotationProblem, x: number, y: number): number {
  const house = rot.house;
  const m = house.length;
  if (m === 0) return 0;
  // A large single polygon: the same bound from the strips near each vertex (../geom/strips.ts).
  const idx = rot.region.length === 1 ? stripIndex(rot.region[0]) : null;
  if (idx) return infeasibleDepthIndexed(idx, house, x, y);
  return infeasibleDepthScan(rot, x, y);
}

/** infeasibleDepth over every region edge (small or several polygons; the reference of the indexed one). */
export function infeasibleDepthScan(rot: RotationProblem, x: number, y: number): number {
  const house = rot.house;
  const m = house.length;
  if (m === 0) return 0;
  const edges = regionEdges(rot.region);
  const ne = edges.length;
  let depth2 = 0;
  // Crossing parity over all rings of all polygons (disjoint, holes inside outers) is "inside the region"; it
  // can only be wrong within rounding of an edge, where the distance is below DEPTH_MIN and ignored. The
  // distance is only needed for a vertex outside, and only while it can still raise the bound.
  let hx0 = Number.POSITIVE_INFINITY;
  let hy0 = hx0;
  let hx1 = Number.NEGATIVE_INFINITY;
  let hy1 = hx1;
  for (let v = 0; v < m; v++) {
    const qx = house[v][0] + x;
    const qy = house[v][1] + y;
    if (qx < hx0) hx0 = qx;
    if (qx > hx1) hx1 = qx;
    if (qy < hy0) hy0 = qy;
    if (qy > hy1) hy1 = qy;
    let inside = false;
    for (let o = 0; o < ne; o += 4) {
      const ay = edges[o + 1];
      const by = edges[o + 3];
      if (by > qy !== ay > qy && qx < ((edges[o] - edges[o + 2]) * (qy - by)) / (ay - by) + edges[o + 2])
        inside = !inside;
    }
    if (inside) continue;
    let d2 = Number.POSITIVE_INFINITY;
    for (let o = 0; o < ne && d2 > depth2; o += 4) {
      const e = sqSegDist(qx, qy, edges[o], edges[o + 1], edges[o + 2], edges[o + 3]);
      if (e < d2) d2 = e;
    }
    if (d2 > depth2) depth2 = d2;
  }
  // Region vertices (each edge's start) inside the house (one region: with several, a vertex of one may be
  // ground of none).
  if (rot.region.length === 1) {
    for (let o = 0; o < ne; o += 4) {
      const px = edges[o];
      const py = edges[o + 1];
      if (px <= hx0 || px >= hx1 || py <= hy0 || py >= hy1) continue;
      const qx = px - x;
      const qy = py - y;
      let inside = false;
      for (let i = 0, j = m - 1; i < m; j = i++) {
        const ay = house[j][1];
        const by = house[i][1];
        if (by > qy !== ay > qy && qx < ((house[j][0] - house[i][0]) * (qy - by)) / (ay - by) + house[i][0])
          inside = !inside;
      }
      if (!inside) continue;
      let d2 = Number.POSITIVE_INFINITY;
      for (let i = 0, j = m - 1; i < m && d2 > depth2; j = i++) {
        const e = sqSegDist(qx, qy, house[j][0], house[j][1], house[i][0], house[i][1]);
        if (e < d2) d2 = e;
      }
      if (d2 > depth2) depth2 = d2;
    }
  }
  const depth = Math.sqrt(depth2);
  return depth > DEPTH_MIN ? depth - DEPTH_MIN : 0;
}

/**
 * infeasibleDepth on one polygon's strip index: the crossing parity of a house vertex needs only the edges of its
 * strip, its distance to the boundary only the strips within that distance, and the region vertices inside the
 * house only the strips the house spans. Index coordinates may be swapped (x <-> y): parity, distances and
 * "inside the house" do not change under that reflection (the house is swapped alike).
 */
function infeasibleDepthIndexed(idx: StripIndex, house: readonly Point[], x: number, y: number): number {
  const m = house.length;
  const sw = idx.swapped;
  let depth2 = 0;
  let hx0 = Number.POSITIVE_INFINITY;
  let hy0 = hx0;
  let hx1 = Number.NEGATIVE_INFINITY;
  let hy1 = hx1;
  // The placed house in index coordinates.
  const hs: number[] = [];
  for (let v = 0; v < m; v++) {
    const px = house[v][0] + x;
    const py = house[v][1] + y;
    const qx = sw ? py : px;
    const qy = sw ? px : py;
    hs.push(qx, qy);
    if (qx < hx0) hx0 = qx;
    if (qx > hx1) hx1 = qx;
    if (qy < hy0) hy0 = qy;
    if (qy > hy1) hy1 = qy;
    if (insideParity(idx, qx, qy)) continue;
    const d2 = nearestEdgeSq(idx, qx, qy, depth2, sqSegDist);
    if (d2 > depth2) depth2 = d2;
  }
  verticesAcross(idx, hy0, hy1, (px, py) => {
    if (px <= hx0 || px >= hx1 || py <= hy0 || py >= hy1) return;
    let inside = false;
    for (let i = 0, j = m - 1; i < m; j = i++) {
      const ay = hs[2 * j + 1];
      const by = hs[2 * i + 1];
      if (by > py !== ay > py && px < ((hs[2 * j] - hs[2 * i]) * (py - by)) / (ay - by) + hs[2 * i])
        inside = !inside;
    }
    if (!inside) return;
    let d2 = Number.POSITIVE_INFINITY;
    for (let i = 0, j = m - 1; i < m && d2 > depth2; j = i++) {
      const e = sqSegDist(px, py, hs[2 * j], hs[2 * j + 1], hs[2 * i], hs[2 * i + 1]);
      if (e < d2) d2 = e;
    }
    if (d2 > depth2) depth2 = d2;
  });
  const depth = Math.sqrt(depth2);
  return depth > DEPTH_MIN ? depth - DEPTH_MIN : 0;
}

/** The region's ring edges, flat [ax, ay, bx, by]* (a: the previous vertex), once per region. */
const edgeCache = new WeakMap<readonly PolygonWithHoles[], Flat>();

function regionEdges(region: readonly PolygonWithHoles[]): Flat {
  let e = edgeCache.get(region);
  if (e) return e;
  e = doubles();
  for (const p of region)
    for (let k = -1; k < p.holes.length; k++) {
      const r = k < 0 ? p.outer : p.holes[k];
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) e.push(r[j][0], r[j][1], r[i][0], r[i][1]);
    }
  edgeCache.set(region, e);
  return e;
}

/** Relative margin of pathCrosses' orientation tests, far above their floating-point error. */
const CROSS_MARGIN = 1e-9;

/**
 * Could the segment p-c meet contact segment i (touching counts)? False only when one segment lies strictly on
 * one side of the other's line by more than a relative margin, so rounding can never hide a crossing.
 */
export function pathCrosses(s: Flat, i: number, px: number, py: number, cx: number, cy: number): boolean {
  const o = 4 * i;
  const ax = s[o];
  const ay = s[o + 1];
  const bx = s[o + 2];
  const by = s[o + 3];
  const dx = cx - px;
  const dy = cy - py;
  const ex = bx - ax;
  const ey = by - ay;
  const tol =
    CROSS_MARGIN *
    (Math.abs(dx) + Math.abs(dy)) *
    (Math.abs(ex) + Math.abs(ey) + Math.abs(ax - px) + Math.abs(ay - py));
  const oa = dx * (ay - py) - dy * (ax - px);
  const ob = dx * (by - py) - dy * (bx - px);
  if ((oa > tol && ob > tol) || (oa < -tol && ob < -tol)) return false;
  const op = ex * (py - ay) - ey * (px - ax);
  const oc = ex * (cy - ay) - ey * (cx - ax);
  if ((op > tol && oc > tol) || (op < -tol && oc < -tol)) return false;
  return true;
}

/** Squared distance from (x, y) to segment i of an auxOf array. */
export function sqDist(a: Flat, i: number, x: number, y: number): number {
  const o = 5 * i;
  const wx = x - a[o];
  const wy = y - a[o + 1];
  const dx = a[o + 2];
  const dy = a[o + 3];
  let t = (wx * dx + wy * dy) * a[o + 4];
  t = Math.max(0, Math.min(t, 1));
  const ex = wx - t * dx;
  const ey = wy - t * dy;
  return ex * ex + ey * ey;
}

/** Per segment [ax, ay, dx, dy, 1/|d|²], built once per rotation for sqDist. */
export function auxOf(s: Flat): Flat {
  const n = s.length / 4;
  const a = doubles();
  for (let i = 0; i < n; i++) {
    const dx = s[4 * i + 2] - s[4 * i];
    const dy = s[4 * i + 3] - s[4 * i + 1];
    const l2 = dx * dx + dy * dy;
    a.push(s[4 * i], s[4 * i + 1], dx, dy, l2 > 0 ? 1 / l2 : 0);
  }
  return a;
}
