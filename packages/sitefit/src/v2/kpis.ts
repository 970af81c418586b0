// Orientation and street measures of a placement, and the normalised KPIs of the objective (all in [0, 1]).
import { pointSegmentDistanceXY } from '../geom/predicates.ts';
import type { Point, Ring } from '../geom/types.ts';
import { outwardNormal, type Site } from './site.ts';
import type { Weights } from './types.ts';

const DEG = Math.PI / 180;

export function normDeg(a: number): number {
  const r = a % 360;
  return r < 0 ? r + 360 : r;
}

/** Smallest absolute angle between two directions, degrees in [0, 180]. */
export function angleBetween(a: number, b: number): number {
  const d = normDeg(a - b);
  return d > 180 ? 360 - d : d;
}

/** Grid bearing (clockwise from grid north) of the main facade's outward normal at rotation 0. */
export function facadeBearing0(site: Site): number {
  const n = site.house.length;
  const a = site.house[site.facadeEdge];
  const b = site.house[(site.facadeEdge + 1) % n];
  const [nx, ny] = outwardNormal(a, b, site.houseOrientation);
  return normDeg(Math.atan2(nx, ny) / DEG);
}

/** Direction (degrees counter-clockwise from grid east) of the facade edge at rotation 0. */
export function facadeEdgeAngle0(site: Site): number {
  const n = site.house.length;
  const a = site.house[site.facadeEdge];
  const b = site.house[(site.facadeEdge + 1) % n];
  return Math.atan2(b[1] - a[1], b[0] - a[0]) / DEG;
}

export interface Orientation {
  /** True azimuth the facade faces. */
  facadeAzimuth: number;
  /** Absolute deviation from the preferred azimuth, [0, 180]. */
  deviation: number;
  sun: number;
}

/**
 * The facade after rotating the house by `deg` counter-clockwise: its grid bearing decreases by `deg`, and
 * true azimuth = grid bearing + convergence (see crs/convergence.ts).
 */
export function orientation(
  bearing0: number,
  deg: number,
  convergence: number,
  preferred: number,
): Orientation {
  const facadeAzimuth = normDeg(bearing0 - deg + convergence);
  const deviation = angleBetween(facadeAzimuth, preferred);
  return { facadeAzimuth, deviation, sun: (1 + Math.cos(deviation * DEG)) / 2 };
}

/**
 * Distance from a house inside the parcel to a parcel edge: the house cannot cross the edge, so the distance is
 * reached at a house vertex or at an edge end point.
 */
export function insideHouseEdgeDistance(house: Ring, a: Point, b: Point): number {
  let d = Number.POSITIVE_INFINITY;
  const m = house.length;
  for (let j = 0; j < m; j++) {
    const v = house[j];
    const w = house[(j + 1) % m];
    d = Math.min(
      d,
      pointSegmentDistanceXY(v[0], v[1], a[0], a[1], b[0], b[1]),
      pointSegmentDistanceXY(a[0], a[1], v[0], v[1], w[0], w[1]),
      pointSegmentDistanceXY(b[0], b[1], v[0], v[1], w[0], w[1]),
    );
  }
  return d;
}

export interface StreetMeasure {
  distance: number;
  /** Angle between the facade edge and the nearest street edge folded to [0, 45]. */
  alignment: number;
}

export function streetMeasure(site: Site, house: Ring, facadeAngle: number): StreetMeasure | null {
  let best: StreetMeasure | null = null;
  for (const e of site.edges) {
    if (!e.street) continue;
    const d = insideHouseEdgeDistance(house, e.a as Point, e.b as Point);
    if (best && d >= best.distance) continue;
    const streetAngle = Math.atan2(e.b[1] - e.a[1], e.b[0] - e.a[0]) / DEG;
    const r = normDeg(facadeAngle - streetAngle) % 90;
    best = { distance: d, alignment: r > 45 ? 90 - r : r };
  }
  return best;
}

export function weightedScore(w: Weights, k: Weights): number {
  const total = w.clearance + w.sun + w.garden + w.access + w.alignment;
  return (
    (w.clearance * k.clearance +
      w.sun * k.sun +
      w.garden * k.garden +
      w.access * k.access +
      w.alignment * k.alignment) /
    total
  );
}
