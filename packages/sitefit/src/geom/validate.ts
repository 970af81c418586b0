// Input geometry checks. Everything that can be normalised (orientation, closing point, repeated vertices) is;
// everything else throws a SitefitDomainError naming the field and what to do about it.
import { SitefitDomainError } from '../errors.ts';
import { orient, pointInRing, segmentsIntersect } from './predicates.ts';
import { cleanRing, orientRing, ringArea } from './ring.ts';
import type { Point, PolygonWithHoles, Ring } from './types.ts';

/** Areas below this (1 mm²) are treated as zero: such a ring cannot hold or be a building. */
const MIN_AREA_M2 = 1e-6;

/** Checks one closed ring given as contract coordinates and returns it cleaned (orientation unchanged). */
export function checkRing(coords: unknown, field: string, label: string): Ring {
  if (!Array.isArray(coords)) {
    throw new SitefitDomainError(
      'INVALID_COORDINATES',
      `${label} must be an array of [x, y] positions.`,
      field,
      'Give the ring as [[x, y], ...] with the last position repeating the first.',
    );
  }
  for (let i = 0; i < coords.length; i++) {
    const p = coords[i];
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new SitefitDomainError(
        'INVALID_COORDINATES',
        `${label} position ${i} is not a pair of finite numbers.`,
        `${field}/${i}`,
        'Each position is [x, y] in metres of a projected CRS.',
      );
    }
  }
  const first = coords[0] as number[] | undefined;
  const last = coords[coords.length - 1] as number[] | undefined;
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    throw new SitefitDomainError(
      'RING_NOT_CLOSED',
      `${label} ring is not closed: its last position differs from its first.`,
      field,
      'Repeat the first position at the end of the ring.',
    );
  }
  const ring = cleanRing(coords as number[][]);
  if (ring.length < 3) {
    throw new SitefitDomainError(
      'TOO_FEW_VERTICES',
      `${label} ring has ${ring.length} distinct vertices; at least 3 are needed.`,
      field,
      'A polygon needs at least three distinct corners.',
    );
  }
  if (allCollinear(ring)) {
    throw new SitefitDomainError(
      'ZERO_AREA',
      `${label} ring encloses no area (its vertices are collinear or nearly so).`,
      field,
      'Check the coordinate order and units (metres).',
    );
  }
  const hit = findSelfIntersection(ring);
  if (hit) {
    throw new SitefitDomainError(
      'SELF_INTERSECTION',
      `${label} ring intersects itself: edges ${hit[0]} and ${hit[1]} meet.`,
      field,
      'Edges may only meet their neighbours at shared corners; split a figure-eight into separate polygons.',
    );
  }
  if (ringArea(ring) < MIN_AREA_M2) {
    throw new SitefitDomainError(
      'ZERO_AREA',
      `${label} ring encloses no area (its vertices are collinear or nearly so).`,
      field,
      'Check the coordinate order and units (metres).',
    );
  }
  return ring;
}

function allCollinear(ring: Ring): boolean {
  for (let i = 2; i < ring.length; i++) if (orient(ring[0], ring[1], ring[i]) !== 0) return false;
  return true;
}

/**
 * Finds two edges that meet where they should not (exact predicates): non-adjacent edges touching or
 * crossing, or adjacent edges folding back over each other. Returns their indices or null.
 * A sweep over x keeps this near-linear for typical parcels.
 */
export function findSelfIntersection(ring: Ring): [number, number] | null {
  const n = ring.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (i: number) => Math.min(ring[i][0], ring[(i + 1) % n][0]);
  const maxX = (i: number) => Math.max(ring[i][0], ring[(i + 1) % n][0]);
  order.sort((a, b) => minX(a) - minX(b));
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi];
    const a = ring[i];
    const b = ring[(i + 1) % n];
    const hi = maxX(i);
    const yLo = Math.min(a[1], b[1]);
    const yHi = Math.max(a[1], b[1]);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj];
      if (minX(j) > hi) break;
      const c = ring[j];
      const d = ring[(j + 1) % n];
      if (Math.max(c[1], d[1]) < yLo || Math.min(c[1], d[1]) > yHi) continue;
      const adjacent = (i + 1) % n === j || (j + 1) % n === i;
      if (adjacent) {
        // Shared vertex is expected; a fold-back (collinear and overlapping) is not.
        const [p, q, r] = (i + 1) % n === j ? [a, b, d] : [c, d, b];
        if (orient(p, q, r) === 0 && (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < 0) {
          return [Math.min(i, j), Math.max(i, j)];
        }
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return [Math.min(i, j), Math.max(i, j)];
    }
  }
  return null;
}

/**
 * Checks a polygon with holes and returns it normalised: outer ring counter-clockwise, holes clockwise.
 * `fields` gives the JSON pointers used in errors for the outer ring and for each hole.
 */
export function checkPolygon(
  outerCoords: unknown,
  holesCoords: readonly unknown[],
  fields: { outer: string; hole: (i: number) => string },
  label = 'parcel',
): PolygonWithHoles {
  const outer = orientRing(checkRing(outerCoords, fields.outer, label), true);
  const holes: Ring[] = [];
  holesCoords.forEach((h, i) => {
    const hole = orientRing(checkRing(h, fields.hole(i), `${label} hole ${i}`), false);
    if (!ringStrictlyInside(hole, outer)) {
      throw new SitefitDomainError(
        'HOLE_OUTSIDE_PARCEL',
        `${label} hole ${i} is not strictly inside the outer ring.`,
        fields.hole(i),
        'Holes must lie inside the outer ring without touching it.',
      );
    }
    for (let k = 0; k < holes.length; k++) {
      if (
        ringsTouch(hole, holes[k]) ||
        pointInRing(hole[0], holes[k]) >= 0 ||
        pointInRing(holes[k][0], hole) >= 0
      ) {
        throw new SitefitDomainError(
          'HOLES_OVERLAP',
          `${label} holes ${k} and ${i} overlap or touch.`,
          fields.hole(i),
          'Merge overlapping holes into one.',
        );
      }
    }
    holes.push(hole);
  });
  return { outer, holes };
}

function ringsTouch(a: Ring, b: Ring): boolean {
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = a[(i + 1) % a.length];
    for (let j = 0; j < b.length; j++) if (segmentsIntersect(p, q, b[j], b[(j + 1) % b.length])) return true;
  }
  return false;
}

function ringStrictlyInside(inner: Ring, outer: Ring): boolean {
  return !ringsTouch(inner, outer) && inner.every((p: Point) => pointInRing(p, outer) === 1);
}
