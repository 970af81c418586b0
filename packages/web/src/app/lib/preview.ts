// Live preview tier (a): a moved or rotated house re-evaluated in the page with the same exact sitefit code the
// engine uses (containment with robust predicates, clearance), on every pointer move, without a round trip.
// Pure: unit-tested and benchmarked in node.
import {
  centroid,
  cleanRing,
  clearance,
  houseInside,
  locate,
  type PolygonWithHoles,
  placeRing,
  pointInRing,
  type Ring,
  ringArea,
  segmentsCrossProperly,
  sitefitScore,
} from '@kuduso/sitefit';

/** The site a result was computed on, read from the job's GeoJSON artifact. */
export interface PreviewSite {
  definition: string;
  version: string;
  parcel: PolygonWithHoles;
  /** sitefit@2: where the house may stand (parcel minus setbacks and grown exclusion zones). */
  buildable: PolygonWithHoles[];
  /** sitefit@2: exclusion zones as grown by their buffers, for naming the one a house enters. */
  zones: { id: string; polygon: PolygonWithHoles }[];
}

export interface Pose {
  rotationDeg: number;
  tx: number;
  ty: number;
}

export interface PreviewResult {
  valid: boolean;
  /** Why it is not valid, in words. */
  reason: string | null;
  /** Smallest distance from the house to the parcel boundary (0 when outside). */
  minSetback: number;
  houseArea: number;
  /** sitefit@1.0.0 score and its parts, recomputed exactly; null for definitions whose score needs the engine. */
  score: number | null;
  parts: Record<string, number> | null;
  metrics: Record<string, number>;
}

const toPolygon = (rings: number[][][]): PolygonWithHoles => ({
  outer: cleanRing(rings[0]),
  holes: rings.slice(1).map((r) => cleanRing(r)),
});

interface Feature {
  geometry?: { type?: string; coordinates?: unknown };
  properties?: Record<string, unknown> | null;
}

/** Reads the parcel, buildable area and zones from a result's GeoJSON FeatureCollection. */
export function previewSiteFromGeojson(fc: { features?: Feature[]; name?: string }): PreviewSite {
  const [definition = 'sitefit', version = '1.0.0'] = String(fc.name ?? '').split('@');
  const features = fc.features ?? [];
  const polygonsOf = (f: Feature): number[][][][] =>
    f.geometry?.type === 'Polygon'
      ? [f.geometry.coordinates as number[][][]]
      : f.geometry?.type === 'MultiPolygon'
        ? (f.geometry.coordinates as number[][][][])
        : [];
  const parcelF = features.find((f) => f.properties?.role === 'parcel');
  if (!parcelF) throw new Error('The GeoJSON artifact has no parcel feature.');
  const parcel = toPolygon(polygonsOf(parcelF)[0]);
  const buildable = features
    .filter((f) => f.properties?.role === 'buildable')
    .flatMap(polygonsOf)
    .map(toPolygon);
  const zones = features
    .filter((f) => f.properties?.role === 'exclusion_zone')
    .flatMap((f) =>
      polygonsOf(f).map((p) => ({ id: String(f.properties?.id ?? 'zone'), polygon: toPolygon(p) })),
    );
  return { definition, version, parcel, buildable, zones };
}

/** The pose that turns `base` (a placed ring) by dDeg about its centroid, then moves it by (dx, dy). */
export function movePose(p: Pose, dx: number, dy: number, dDeg = 0): Pose {
  return { rotationDeg: p.rotationDeg + dDeg, tx: p.tx + dx, ty: p.ty + dy };
}

/** A placed ring moved from its result pose to another: rotate about its own centroid, then translate. */
export function reposition(placed: Ring, from: Pose, to: Pose): Ring {
  return placeRing(placed, to.rotationDeg - from.rotationDeg, to.tx - from.tx, to.ty - from.ty);
}

const round = (v: number, d = 1e6) => Math.round(v * d) / d;

/** Do the house and a zone share interior ground? (A vertex strictly inside the other, or edges crossing.) */
function meets(house: Ring, zone: PolygonWithHoles): boolean {
  if (house.some((v) => locate(v, zone) > 0)) return true;
  if (zone.outer.some((v) => pointInRing(v, house) > 0)) return true;
  for (let i = 0; i < house.length; i++) {
    const a = house[i];
    const b = house[(i + 1) % house.length];
    for (const r of [zone.outer, ...zone.holes])
      for (let j = 0; j < r.length; j++)
        if (segmentsCrossProperly(a, b, r[j], r[(j + 1) % r.length])) return true;
  }
  return false;
}

/** Evaluates one placed house (open ring, world coordinates) against the site. */
export function evaluatePlaced(site: PreviewSite, house: Ring): PreviewResult {
  const parcelArea = ringArea(site.parcel.outer) - site.parcel.holes.reduce((s, h) => s + ringArea(h), 0);
  const houseArea = ringArea(house);
  const origin = site.parcel.outer[0];
  const inParcel = houseInside(house, site.parcel);
  const minSetback = inParcel ? clearance(house, site.parcel, origin) : 0;
  let reason: string | null = null;
  if (!inParcel) reason = 'The house leaves the parcel.';
  else if (site.buildable.length && !site.buildable.some((b) => houseInside(house, b))) {
    const zone = site.zones.find((z) => meets(house, z.polygon));
    reason = zone
      ? `The house enters the exclusion zone "${zone.id}" (with its buffer).`
      : 'The house enters a setback: it leaves the buildable area.';
  }
  const utilization = houseArea / parcelArea;
  const yard = parcelArea - houseArea;
  const metrics: Record<string, number> = {
    min_setback_m: round(minSetback),
    house_area_m2: round(houseArea),
    yard_area_m2: round(yard),
    parcel_utilization: round(utilization),
  };
  if (site.version.startsWith('1.')) {
    const parts = {
      yard: 0.3 * (yard / 1000),
      setback: 0.4 * minSetback,
      utilization: 0.3 * Math.max(0, 1 - 2 * Math.abs(utilization - 0.4)),
    };
    return {
      valid: reason === null,
      reason,
      minSetback,
      houseArea,
      score: reason === null ? round(sitefitScore(yard, minSetback, utilization)) : null,
      parts,
      metrics,
    };
  }
  return { valid: reason === null, reason, minSetback, houseArea, score: null, parts: null, metrics };
}

export { centroid, type Ring };
