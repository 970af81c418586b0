// Independent placement checker (an oracle for tests and the benchmark). It shares no code with the optimiser:
// no Clipper, its own exact orientation tests (robust-predicates) and its own point-segment distances.
import { orient2d } from 'robust-predicates';

type P = readonly number[];

/** Exact side of c relative to the directed line a->b: >0 left, <0 right, 0 on it. */
function side(a: P, b: P, c: P): number {
  return -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
}

function open(ring: readonly P[]): P[] {
  const r = ring.slice();
  const f = r[0];
  const l = r[r.length - 1];
  if (r.length > 1 && f[0] === l[0] && f[1] === l[1]) r.pop();
  return r;
}

function between(a: P, b: P, c: P): boolean {
  return (
    c[0] >= Math.min(a[0], b[0]) &&
    c[0] <= Math.max(a[0], b[0]) &&
    c[1] >= Math.min(a[1], b[1]) &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** 1 inside, 0 on the boundary, -1 outside (even-odd ray crossing with exact side tests). */
function ringLocation(p: P, ring: readonly P[]): number {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    const s = side(a, b, p);
    if (s === 0 && between(a, b, p)) return 0;
    if (a[1] > p[1] !== b[1] > p[1]) {
      // The edge straddles the horizontal through p: it crosses the ray to the right when p is on the
      // side of the edge that faces away from the ray's direction.
      const crossesRight = b[1] > a[1] ? s > 0 : s < 0;
      if (crossesRight) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

function regionLocation(p: P, outer: readonly P[], holes: readonly (readonly P[])[]): number {
  const o = ringLocation(p, outer);
  if (o <= 0) return o;
  for (const h of holes) {
    const l = ringLocation(p, h);
    if (l === 0) return 0;
    if (l > 0) return -1;
  }
  return 1;
}

/** Parameters along a-b where it meets c-d (touching and overlap included). */
function meetParams(a: P, b: P, c: P, d: P): number[] {
  const s1 = side(a, b, c);
  const s2 = side(a, b, d);
  const s3 = side(c, d, a);
  const s4 = side(c, d, b);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const along = (q: P) => ((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / (dx * dx + dy * dy);
  if (s1 === 0 && s2 === 0) {
    const out: number[] = [];
    for (const q of [c, d]) if (between(a, b, q)) out.push(along(q));
    for (const q of [a, b]) if (between(c, d, q)) out.push(along(q));
    return out;
  }
  if (s1 * s2 > 0 || s3 * s4 > 0) return [];
  // Proper or touching crossing: intersection by the ratio of exact-signed areas.
  const t = s3 / (s3 - s4);
  return [Math.min(1, Math.max(0, t))];
}

function dist(p: P, a: P, b: P): number {
  const abx = b[0] - a[0];
  const aby = b[1] - a[1];
  const apx = p[0] - a[0];
  const apy = p[1] - a[1];
  const l2 = abx * abx + aby * aby;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, (apx * abx + apy * aby) / l2));
  return Math.hypot(apx - t * abx, apy - t * aby);
}

export interface CheckResult {
  inside: boolean;
  /** Distance from the house to the parcel boundary (holes included); 0 when touching, -1 when not inside. */
  minSetback: number;
}

/**
 * Checks a placed house (closed or open ring, world coordinates) against a parcel (outer ring and holes).
 * Inside means the closed house lies in the closed parcel.
 */
export function checkPlacement(
  parcelOuter: readonly P[],
  parcelHoles: readonly (readonly P[])[],
  placedHouse: readonly P[],
): CheckResult {
  const outer = open(parcelOuter);
  const holes = parcelHoles.map(open);
  const house = open(placedHouse);
  const rings = [outer, ...holes];
  for (const v of house) if (regionLocation(v, outer, holes) < 0) return { inside: false, minSetback: -1 };
  for (const r of rings)
    for (const v of r) if (ringLocation(v, house) > 0) return { inside: false, minSetback: -1 };
  // Split every house edge where it meets the boundary; every piece must be inside or on the boundary.
  let touching = false;
  for (let j = 0; j < house.length; j++) {
    const a = house[j];
    const b = house[(j + 1) % house.length];
    const ts = [0, 1];
    for (const r of rings)
      for (let i = 0; i < r.length; i++)
        for (const t of meetParams(a, b, r[i], r[(i + 1) % r.length])) ts.push(t);
    if (ts.length > 2) touching = true;
    ts.sort((x, y) => x - y);
    for (let k = 0; k + 1 < ts.length; k++) {
      if (ts[k + 1] - ts[k] < 1e-12) continue;
      const t = (ts[k] + ts[k + 1]) / 2;
      const m = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      if (regionLocation(m, outer, holes) < 0) return { inside: false, minSetback: -1 };
    }
  }
  if (touching) return { inside: true, minSetback: 0 };
  // Distances in a frame at the first parcel vertex so projected magnitudes cancel before squaring.
  const o = outer[0];
  const loc = (q: P) => [q[0] - o[0], q[1] - o[1]];
  const h = house.map(loc);
  let best = Number.POSITIVE_INFINITY;
  for (const r of rings) {
    const rr = r.map(loc);
    for (let i = 0; i < rr.length; i++) {
      const p = rr[i];
      const q = rr[(i + 1) % rr.length];
      for (let j = 0; j < h.length; j++) {
        const a = h[j];
        const b = h[(j + 1) % h.length];
        best = Math.min(best, dist(a, p, q), dist(p, a, b));
      }
    }
  }
  return { inside: true, minSetback: best };
}

/** Points spaced evenly along a ring's perimeter, starting at its first vertex (the seed's sampling). */
export function samplePerimeter(ring: readonly P[], count: number): number[][] {
  const r = open(ring);
  const lens = r.map((p, i) => Math.hypot(r[(i + 1) % r.length][0] - p[0], r[(i + 1) % r.length][1] - p[1]));
  const total = lens.reduce((s, l) => s + l, 0);
  const out: number[][] = [];
  let edge = 0;
  let acc = 0;
  for (let k = 0; k < count; k++) {
    const target = (k * total) / count;
    while (acc + lens[edge] < target && edge < r.length - 1) acc += lens[edge++];
    const t = lens[edge] > 0 ? (target - acc) / lens[edge] : 0;
    const a = r[edge];
    const b = r[(edge + 1) % r.length];
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

/** The seed's containment test: every sampled perimeter point inside or on the parcel. */
export function sampledInside(
  parcelOuter: readonly P[],
  parcelHoles: readonly (readonly P[])[],
  samples: readonly P[],
): boolean {
  const outer = open(parcelOuter);
  const holes = parcelHoles.map(open);
  return samples.every((s) => regionLocation(s, outer, holes) >= 0);
}

/** The seed's setback under sampling: the smallest distance from a sampled point to the parcel boundary. */
export function sampledSetback(
  parcelOuter: readonly P[],
  parcelHoles: readonly (readonly P[])[],
  samples: readonly P[],
): number {
  let best = Number.POSITIVE_INFINITY;
  for (const r of [open(parcelOuter), ...parcelHoles.map(open)])
    for (let i = 0; i < r.length; i++)
      for (const s of samples) best = Math.min(best, dist(s, r[i], r[(i + 1) % r.length]));
  return best;
}
