// Ring normalisation and measures. Rings are open (no closing duplicate) once normalised.
import { orient } from './predicates.ts';
import type { Point, Ring } from './types.ts';

/** Drops the closing duplicate and consecutive duplicate vertices; does not reorient. */
export function cleanRing(coords: readonly (readonly number[])[]): Ring {
  const out: Ring = [];
  for (const c of coords) {
    const p: Point = [c[0], c[1]];
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) {
    out.pop();
  }
  return out;
}

/** Number of distinct positions of an open or closed ring (a repeated closing position is not counted). */
export function closedLength(ring: readonly (readonly number[])[]): number {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return n - 1;
  return n;
}

/** The ring closed (last position repeats the first), as fresh pairs; GeoJSON and drawings want closed rings. */
export function closeRing(ring: readonly (readonly number[])[]): Point[] {
  const out = ring.map((p) => [p[0], p[1]] as Point);
  const n = out.length;
  if (n > 0 && (out[0][0] !== out[n - 1][0] || out[0][1] !== out[n - 1][1])) out.push([out[0][0], out[0][1]]);
  return out;
}

/**
 * Shoelace signed area (positive for counter-clockwise), computed about the first vertex for accuracy (S-JTSK
 * magnitudes). Open or closed rings: a closing duplicate adds a zero-area triangle.
 */
export function signedArea(ring: readonly (readonly number[])[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const [ox, oy] = ring[0];
  let s = 0;
  for (let i = 1; i < n - 1; i++) {
    const ax = ring[i][0] - ox;
    const ay = ring[i][1] - oy;
    const bx = ring[i + 1][0] - ox;
    const by = ring[i + 1][1] - oy;
    s += ax * by - ay * bx;
  }
  return s / 2;
}

/** Absolute area of a ring. */
export function ringArea(ring: readonly (readonly number[])[]): number {
  return Math.abs(signedArea(ring));
}

/**
 * Area centroid of a simple ring, open or closed (relative to the first vertex to keep precision); a
 * degenerate (zero-area) ring falls back to the mean of its distinct vertices.
 */
export function centroid(ring: readonly (readonly number[])[]): Point {
  const n = ring.length;
  const [ox, oy] = ring[0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 1; i < n - 1; i++) {
    const ax = ring[i][0] - ox;
    const ay = ring[i][1] - oy;
    const bx = ring[i + 1][0] - ox;
    const by = ring[i + 1][1] - oy;
    const cross = ax * by - ay * bx;
    a += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const m = closedLength(ring);
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < m; i++) {
      sx += ring[i][0] - ox;
      sy += ring[i][1] - oy;
    }
    return [ox + sx / m, oy + sy / m];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** True when the ring winds counter-clockwise. Uses the exact turn at the lowest-leftmost (convex) vertex. */
export function isCounterClockwise(ring: Ring): boolean {
  let k = 0;
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[k];
    if (p[1] < q[1] || (p[1] === q[1] && p[0] < q[0])) k = i;
  }
  const n = ring.length;
  const o = orient(ring[(k + n - 1) % n], ring[k], ring[(k + 1) % n]);
  return o !== 0 ? o > 0 : signedArea(ring) > 0;
}

/** Returns the ring oriented counter-clockwise (ccw = true) or clockwise. */
export function orientRing(ring: Ring, ccw: boolean): Ring {
  return isCounterClockwise(ring) === ccw ? ring : ring.slice().reverse();
}

/** cos/sin of an angle in degrees, exact at multiples of 90 so axis-aligned rotations stay exact. */
export function cosSinDeg(deg: number): [number, number] {
  const r = ((deg % 360) + 360) % 360;
  if (r === 0) return [1, 0];
  if (r === 90) return [0, 1];
  if (r === 180) return [-1, 0];
  if (r === 270) return [0, -1];
  const rad = (r * Math.PI) / 180;
  return [Math.cos(rad), Math.sin(rad)];
}

/** Rotates a ring counter-clockwise by deg about the origin (a house centred on its centroid). */
export function rotateAboutOrigin(ring: readonly Point[], deg: number): Ring {
  const [c, s] = cosSinDeg(deg);
  return ring.map(([x, y]) => [c * x - s * y, s * x + c * y] as Point);
}

/** Rotates a ring counter-clockwise by deg about a point. */
export function rotateRing(ring: Ring, deg: number, about: Point): Ring {
  const [c, s] = cosSinDeg(deg);
  const [ox, oy] = about;
  return ring.map(([x, y]) => {
    const dx = x - ox;
    const dy = y - oy;
    return [ox + c * dx - s * dy, oy + s * dx + c * dy] as Point;
  });
}

/** Translates a ring. */
export function translateRing(ring: Ring, dx: number, dy: number): Ring {
  return ring.map(([x, y]) => [x + dx, y + dy] as Point);
}

/** Axis-aligned bounds [minX, minY, maxX, maxY]. */
export function bounds(
  rings: readonly (readonly (readonly [number, number])[])[],
): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const r of rings)
    for (const [x, y] of r) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}
