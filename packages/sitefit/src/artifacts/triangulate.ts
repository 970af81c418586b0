// Ear-clipping triangulation of a polygon with holes (concave rings welcome). Holes are first joined to the outer
// ring by bridges to a mutually visible vertex (Eberly's method), then ears are clipped. Small polygons only:
// the cost is quadratic in the vertex count, fine for parcels and houses (hundreds of vertices).
import { maxOf, pushAll } from '../geom/arrays.ts';
import type { Point as Position } from '../geom/types.ts';

export interface Triangulation {
  /** All vertices of all rings (open rings, outer first), in the order given. */
  points: Position[];
  /** Triangles as index triples into points, counter-clockwise. */
  triangles: number[];
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function openRing(ring: readonly (readonly number[])[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [p[0], p[1]];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1])
    out.pop();
  return out;
}

function ringArea(pts: Position[], idx: number[]): number {
  let a = 0;
  for (let i = 0; i < idx.length; i++) {
    const p = pts[idx[i]];
    const q = pts[idx[(i + 1) % idx.length]];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Inside or on the triangle abc (counter-clockwise). */
function inTriangle(p: Position, a: Position, b: Position, c: Position): boolean {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/** Joins one hole (clockwise index list) into the outer list (counter-clockwise) with a bridge. */
function bridge(pts: Position[], outer: number[], hole: number[]): number[] {
  let m = 0;
  for (let i = 1; i < hole.length; i++) {
    const p = pts[hole[i]];
    const q = pts[hole[m]];
    if (p[0] > q[0] || (p[0] === q[0] && p[1] < q[1])) m = i;
  }
  const M = pts[hole[m]];
  // Closest edge hit by the ray from M towards +x.
  let bestX = Infinity;
  let bestPos = -1;
  for (let i = 0; i < outer.length; i++) {
    const a = pts[outer[i]];
    const b = pts[outer[(i + 1) % outer.length]];
    if (a[1] === b[1]) continue;
    if (a[1] > M[1] === b[1] > M[1] && a[1] !== M[1] && b[1] !== M[1]) continue;
    if (Math.min(a[1], b[1]) > M[1] || Math.max(a[1], b[1]) < M[1]) continue;
    const x = a[0] + ((M[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
    if (x < M[0] || x >= bestX) continue;
    bestX = x;
    // The endpoint with the larger x is the first candidate (visible unless a reflex vertex hides it).
    bestPos = a[0] >= b[0] ? i : (i + 1) % outer.length;
    if (x === a[0] && M[1] === a[1]) bestPos = i;
    else if (x === b[0] && M[1] === b[1]) bestPos = (i + 1) % outer.length;
  }
  let pos = bestPos;
  if (pos < 0) {
    // No edge to the right (invalid input): use the nearest vertex so the output is still a triangulation.
    let d = Infinity;
    outer.forEach((v, i) => {
      const e = Math.hypot(pts[v][0] - M[0], pts[v][1] - M[1]);
      if (e < d) {
        d = e;
        pos = i;
      }
    });
  } else {
    const I: Position = [bestX, M[1]];
    const P = pts[outer[pos]];
    if (!same(I, P)) {
      // A reflex vertex inside triangle M-I-P would block the view of P: take the one closest in angle to the ray.
      let bestAngle = Infinity;
      let bestDist = Infinity;
      const tri: [Position, Position, Position] = cross(M, I, P) >= 0 ? [M, I, P] : [M, P, I];
      for (let i = 0; i < outer.length; i++) {
        if (i === pos) continue;
        const v = pts[outer[i]];
        const prev = pts[outer[(i - 1 + outer.length) % outer.length]];
        const next = pts[outer[(i + 1) % outer.length]];
        if (cross(prev, v, next) > 0) continue; // convex: cannot block
        if (same(v, P) || !inTriangle(v, ...tri)) continue;
        const angle = Math.abs(Math.atan2(v[1] - M[1], v[0] - M[0]));
        const dist = Math.hypot(v[0] - M[0], v[1] - M[1]);
        if (angle < bestAngle || (angle === bestAngle && dist < bestDist)) {
          bestAngle = angle;
          bestDist = dist;
          pos = i;
        }
      }
    }
  }
  const loop = [...hole.slice(m), ...hole.slice(0, m), hole[m]];
  return [...outer.slice(0, pos + 1), ...loop, outer[pos], ...outer.slice(pos + 1)];
}

/** Triangulates [outer, ...holes] (closed or open rings, any orientation). */
export function triangulate(rings: readonly (readonly (readonly number[])[])[]): Triangulation {
  const points: Position[] = [];
  const lists: number[][] = [];
  for (const r of rings) {
    const ring = openRing(r);
    const start = points.length;
    pushAll(points, ring);
    lists.push(ring.map((_, i) => start + i));
  }
  if (lists.length === 0 || lists[0].length < 3) return { points, triangles: [] };
  let outer = lists[0];
  if (ringArea(points, outer) < 0) outer = [...outer].reverse();
  const holes = lists
    .slice(1)
    .filter((h) => h.length >= 3)
    .map((h) => (ringArea(points, h) > 0 ? [...h].reverse() : h));
  const east = (h: number[]) => maxOf(h, (i) => points[i][0]);
  holes.sort((a, b) => east(b) - east(a));
  for (const h of holes) outer = bridge(points, outer, h);
  return { points, triangles: clipEars(points, outer) };
}

function clipEars(pts: Position[], poly: number[]): number[] {
  const out: number[] = [];
  const v = [...poly];
  let guard = 0;
  while (v.length > 3 && guard < 10 * poly.length * poly.length + 100) {
    guard++;
    let clipped = false;
    for (let i = 0; i < v.length; i++) {
      const ia = v[(i - 1 + v.length) % v.length];
      const ib = v[i];
      const ic = v[(i + 1) % v.length];
      const a = pts[ia];
      const b = pts[ib];
      const c = pts[ic];
      const turn = cross(a, b, c);
      if (turn === 0 && !same(a, c)) {
        // Collinear (or a spike): drop the vertex, nothing to fill.
        v.splice(i, 1);
        clipped = true;
        break;
      }
      if (turn < 0) continue;
      let ear = true;
      for (let j = 0; j < v.length && ear; j++) {
        const p = pts[v[j]];
        if (same(p, a) || same(p, b) || same(p, c)) continue;
        if (inTriangle(p, a, b, c)) ear = false;
      }
      if (!ear) continue;
      if (turn > 0) out.push(ia, ib, ic);
      v.splice(i, 1);
      clipped = true;
      break;
    }
    if (!clipped) {
      // Only on invalid (self-intersecting) input: clip anyway so the loop ends.
      const ia = v[v.length - 1];
      const ib = v[0];
      const ic = v[1];
      if (cross(pts[ia], pts[ib], pts[ic]) > 0) out.push(ia, ib, ic);
      v.splice(0, 1);
    }
  }
  if (v.length === 3 && cross(pts[v[0]], pts[v[1]], pts[v[2]]) > 0) out.push(v[0], v[1], v[2]);
  return out;
}
