// Exact measures of a placed house against the site, independent of Clipper: distances with exact
// intersection tests (robust predicates) and point-segment distances. These produce the reported metrics and
// verify every returned placement; the search itself works on the Clipper region.
import { pointInRing, pointSegmentDistance, segmentSegmentDistance } from '../geom/predicates.ts';
import type { Point, Ring } from '../geom/types.ts';
import type { Site } from './site.ts';

/** Distance between a closed polygon (ring, open form) and a segment: 0 when they meet or it is inside. */
export function ringSegmentDistance(ring: Ring, a: Point, b: Point): number {
  if (pointInRing(a, ring) >= 0) return 0;
  let d = Number.POSITIVE_INFINITY;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    d = Math.min(d, segmentSegmentDistance(ring[i], ring[(i + 1) % n], a, b));
    if (d === 0) return 0;
  }
  return d;
}

/** Distance between a house ring and a polygon with holes given as rings (0 when they overlap). */
export function ringPolygonDistance(house: Ring, rings: Ring[]): number {
  const outer = rings[0];
  // Overlap: a house vertex in the polygon (not in a hole), or a polygon vertex in the house.
  for (const v of house) {
    if (pointInRing(v, outer) >= 0 && !rings.slice(1).some((h) => pointInRing(v, h) > 0)) return 0;
  }
  for (const r of rings) for (const p of r) if (pointInRing(p, house) >= 0) return 0;
  let d = Number.POSITIVE_INFINITY;
  for (const r of rings) {
    for (let i = 0; i < r.length; i++)
      d = Math.min(d, ringSegmentDistance(house, r[i], r[(i + 1) % r.length]));
  }
  return d;
}

export function pointRingDistance(p: Point, ring: Ring): number {
  if (pointInRing(p, ring) >= 0) return 0;
  let d = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ring.length; i++)
    d = Math.min(d, pointSegmentDistance(p, ring[i], ring[(i + 1) % ring.length]));
  return d;
}

export interface ConstraintMargins {
  /** Smallest distance to the parcel boundary (outer ring and holes): the 1.0.0 min_setback_m. */
  minSetback: number;
  /** Smallest (distance - required distance) over parcel edges and exclusion zones. */
  slack: number;
  /** Which constraint is tightest, e.g. 'edge-2-front', 'hole-edge' or 'exclusion-oak'. */
  tightest: string;
}

/** Margins of a placed house (local working coordinates, open ring) against every constraint of the site. */
export function constraintMargins(site: Site, house: Ring): ConstraintMargins {
  let minSetback = Number.POSITIVE_INFINITY;
  let slack = Number.POSITIVE_INFINITY;
  let tightest = '';
  for (const e of site.edges) {
    const d = ringSegmentDistance(house, e.a as Point, e.b as Point);
    minSetback = Math.min(minSetback, d);
    if (d - e.setback < slack) {
      slack = d - e.setback;
      tightest = e.index >= 0 ? `edge-${e.index}-${e.cls}` : 'hole-edge';
    }
  }
  for (const z of site.zones) {
    let d: number;
    if (z.shape.type === 'Point') d = pointRingDistance(z.shape.coordinates as Point, house);
    else if (z.shape.type === 'LineString') {
      const line = z.shape.coordinates as Point[];
      d = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < line.length; i++)
        d = Math.min(d, ringSegmentDistance(house, line[i], line[i + 1]));
    } else d = ringPolygonDistance(house, z.shape.coordinates as Ring[]);
    if (d - z.buffer < slack) {
      slack = d - z.buffer;
      tightest = `exclusion-${z.id}`;
    }
  }
  return { minSetback, slack, tightest };
}
