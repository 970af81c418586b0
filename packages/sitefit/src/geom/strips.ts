// houseInside (./contain.ts) and infeasibleDepth (../search/cell-tests.ts) with the polygon's edges bucketed in strips, for large regions that are
// tested many times (the exact feasibility tests of a search over a 2000-vertex parcel): each test reads the
// edges of a few strips instead of every edge. Same answers as the plain functions, by the same exact
// predicates: a point's winding number only changes at edges whose range across the strips holds the point, a
// house edge can only cross or touch edges whose strips it meets, and the plain functions already skip the rest
// by exact comparisons. The strips run across the region's longer side (a comb's teeth stand in their own
// strips); for strips across x, the index holds the coordinates swapped (x <-> y), a reflection, which keeps
// every location, crossing and touching and only flips orientation signs (the winding number's sign).
import { onSegment, orient } from './predicates.ts';
import type { Point, PolygonWithHoles } from './types.ts';

/** Below this many edges the plain functions are as fast. */
const MIN_EDGES = 64;
/** Edges per strip aimed at (a strip may hold more where the region is dense). */
const EDGES_PER_STRIP = 4;
const MAX_STRIPS = 4096;

export interface StripIndex {
  /** True when the index holds (y, x) instead of (x, y). */
  swapped: boolean;
  /** Edge endpoints in index coordinates, [ax, ay, bx, by] per edge. */
  e: number[];
  /** Ring of each edge: 0 the outer ring, k the hole k - 1. */
  ring: number[];
  rings: number;
  /** Range of the strips (index y: the region's extent across them) and their width. */
  y0: number;
  y1: number;
  w: number;
  /** Edge ids per strip. */
  strips: number[][];
  /** Stamps for visiting every edge once per query. */
  seen: Int32Array;
  stamp: number;
}

const cache = new WeakMap<PolygonWithHoles, StripIndex | null>();

/** The polygon's strip index (built once per polygon object), or null when it is small enough to scan. */
export function stripIndex(poly: PolygonWithHoles): StripIndex | null {
  let idx = cache.get(poly);
  if (idx !== undefined) return idx;
  idx = build(poly);
  cache.set(poly, idx);
  return idx;
}

function build(poly: PolygonWithHoles): StripIndex | null {
  const rings = [poly.outer, ...poly.holes];
  let n = 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = minX;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = maxX;
  for (const r of rings) {
    n += r.length;
    for (const [x, y] of r) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (n < MIN_EDGES) return null;
  // Strips across the longer side: bucket by the coordinate that varies most.
  const swapped = maxX - minX > maxY - minY;
  const lo = swapped ? minX : minY;
  const hi = swapped ? maxX : maxY;
  const count = Math.max(1, Math.min(MAX_STRIPS, Math.ceil(n / EDGES_PER_STRIP)));
  const w = (hi - lo) / count || 1;
  const e: number[] = [];
  const ring: number[] = [];
  const strips: number[][] = Array.from({ length: count }, () => []);
  rings.forEach((r, k) => {
    for (let i = 0; i < r.length; i++) {
      const a = r[i];
      const b = r[(i + 1) % r.length];
      const id = ring.length;
      if (swapped) e.push(a[1], a[0], b[1], b[0]);
      else e.push(a[0], a[1], b[0], b[1]);
      ring.push(k);
      const ya = swapped ? a[0] : a[1];
      const yb = swapped ? b[0] : b[1];
      const s0 = stripOf(Math.min(ya, yb), lo, w, count);
      const s1 = stripOf(Math.max(ya, yb), lo, w, count);
      for (let s = s0; s <= s1; s++) strips[s].push(id);
    }
  });
  return {
    swapped,
    e,
    ring,
    rings: rings.length,
    y0: lo,
    y1: hi,
    w,
    strips,
    seen: new Int32Array(ring.length),
    stamp: 0,
  };
}

function stripOf(y: number, lo: number, w: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.floor((y - lo) / w)));
}

/** The point in index coordinates. */
function toIndex(idx: StripIndex, p: Point): Point {
  return idx.swapped ? [p[1], p[0]] : p;
}

/**
 * locate (1 inside, 0 on the boundary, -1 outside) by the strip of q (index coordinates). Every edge whose range
 * holds q.y is in q's strip (an edge is in every strip its range meets, and edges on a strip border are in both).
 */
function locateIndexed(idx: StripIndex, q: Point, winding: number[]): number {
  if (q[1] < idx.y0 || q[1] > idx.y1) return -1; // outside the region's extent, so outside
  winding.fill(0);
  const s = idx.strips[stripOf(q[1], idx.y0, idx.w, idx.strips.length)];
  const e = idx.e;
  for (let k = 0; k < s.length; k++) {
    const o = 4 * s[k];
    const a: Point = [e[o], e[o + 1]];
    const b: Point = [e[o + 2], e[o + 3]];
    // pointInRing's steps for this edge (edges outside q.y's range change nothing there either).
    if (onSegment(a, b, q)) return 0;
    const r = idx.ring[s[k]];
    if (a[1] <= q[1]) {
      if (b[1] > q[1] && orient(a, b, q) > 0) winding[r]++;
    } else if (b[1] <= q[1] && orient(a, b, q) < 0) winding[r]--;
  }
  if (winding[0] === 0) return -1;
  for (let r = 1; r < idx.rings; r++) if (winding[r] !== 0) return -1;
  return 1;
}

/**
 * The edges a containment test reads (./contain.ts): every edge of a plain polygon, or those of the strips a
 * range meets. Points are in the source's coordinates (`toSource`).
 */
export interface EdgeSource {
  toSource(p: Point): Point;
  locate(p: Point): number;
  /** Calls visit(p, q) once for every edge p-q whose range across the strips meets [lo, hi]; true stops it. */
  someEdge(lo: number, hi: number, visit: (p: Point, q: Point) => boolean): boolean;
}

/** The strip index as an EdgeSource: the strips of [lo, hi], each edge once (stamps). */
export function stripSource(idx: StripIndex): EdgeSource {
  const winding: number[] = new Array(idx.rings).fill(0);
  const e = idx.e;
  return {
    toSource: (p) => toIndex(idx, p),
    locate: (p) => locateIndexed(idx, p, winding),
    someEdge(lo, hi, visit) {
      const stamp = nextStamp(idx);
      for (let s = stripAt(idx, lo); s <= stripAt(idx, hi); s++) {
        const list = idx.strips[s];
        for (let k = 0; k < list.length; k++) {
          const id = list[k];
          if (idx.seen[id] === stamp) continue;
          idx.seen[id] = stamp;
          const o = 4 * id;
          if (visit([e[o], e[o + 1]], [e[o + 2], e[o + 3]])) return true;
        }
      }
      return false;
    },
  };
}

function nextStamp(idx: StripIndex): number {
  idx.stamp = (idx.stamp + 1) | 0;
  if (idx.stamp === 0) {
    idx.seen.fill(0);
    idx.stamp = 1;
  }
  return idx.stamp;
}

/** The strip of an index y (clamped to the strips). */
export function stripAt(idx: StripIndex, y: number): number {
  return stripOf(y, idx.y0, idx.w, idx.strips.length);
}

/**
 * Squared distance from q (index coordinates) to the nearest edge, or any value <= `enough` once one edge is
 * that close: the strips are read outwards from q's, and stop when the next ones are farther (across the strips)
 * than the best found. The minimum over the edges read is the minimum over all edges.
 */
export function nearestEdgeSq(
  idx: StripIndex,
  qx: number,
  qy: number,
  enough: number,
  sqSegDist: (px: number, py: number, ax: number, ay: number, bx: number, by: number) => number,
): number {
  const n = idx.strips.length;
  const home = stripAt(idx, qy);
  const stamp = nextStamp(idx);
  const e = idx.e;
  let d2 = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    // Strips home ± k lie at least (k - 1) strip widths from q across the strips (q may be outside them all).
    const gap = Math.max(0, (k - 1) * idx.w, qy < idx.y0 ? idx.y0 - qy : qy > idx.y1 ? qy - idx.y1 : 0);
    if (k > 0 && gap * gap >= d2) break;
    if (home - k < 0 && home + k >= n) break;
    for (const s of k === 0 ? [home] : [home - k, home + k]) {
      if (s < 0 || s >= n) continue;
      for (const id of idx.strips[s]) {
        if (idx.seen[id] === stamp) continue;
        idx.seen[id] = stamp;
        const o = 4 * id;
        const d = sqSegDist(qx, qy, e[o], e[o + 1], e[o + 2], e[o + 3]);
        if (d < d2) {
          d2 = d;
          if (d2 <= enough) return d2;
        }
      }
    }
  }
  return d2;
}

/** Floating-point crossing parity of q (index coordinates) over the edges of q's strip: inside the polygon. */
export function insideParity(idx: StripIndex, qx: number, qy: number): boolean {
  if (qy < idx.y0 || qy > idx.y1) return false;
  const e = idx.e;
  let inside = false;
  for (const id of idx.strips[stripAt(idx, qy)]) {
    const o = 4 * id;
    const ay = e[o + 1];
    const by = e[o + 3];
    if (by > qy !== ay > qy && qx < ((e[o] - e[o + 2]) * (qy - by)) / (ay - by) + e[o + 2]) inside = !inside;
  }
  return inside;
}

/** Calls visit(x, y) (index coordinates) for every polygon vertex whose strip meets [ylo, yhi]. */
export function verticesAcross(
  idx: StripIndex,
  ylo: number,
  yhi: number,
  visit: (x: number, y: number) => void,
): void {
  const stamp = nextStamp(idx);
  const e = idx.e;
  for (let s = stripAt(idx, ylo); s <= stripAt(idx, yhi); s++) {
    for (const id of idx.strips[s]) {
      if (idx.seen[id] === stamp) continue;
      idx.seen[id] = stamp;
      visit(e[4 * id], e[4 * id + 1]);
    }
  }
}
