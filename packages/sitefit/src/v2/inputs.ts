// Reads the 2.0.0 input forms (plain ring, GeoJSON Polygon, Feature) into rings. Schema validation has already
// happened; this only unwraps, and fills the defaults when a caller skipped the contract (tests, CLI).
import type {
  AreaInput,
  ExclusionInput,
  GeoJsonLineString,
  GeoJsonPoint,
  GeoJsonPolygon,
  Position,
  Ring,
  SitefitV2Inputs,
} from './types.ts';

/** [outer, ...holes] of a parcel-like input, as given (not re-oriented, not closed-checked). */
export function areaRings(a: AreaInput): Ring[] {
  if ('type' in a) {
    if (a.type === 'Feature') return a.geometry.coordinates;
    return a.coordinates;
  }
  return [a.coordinates];
}

/** The JSON pointer of ring `ring` of an area input at `base` (for error fields). */
export function ringPointer(a: AreaInput, base: string, ring: number): string {
  if ('type' in a) {
    return a.type === 'Feature' ? `${base}/geometry/coordinates/${ring}` : `${base}/coordinates/${ring}`;
  }
  return `${base}/coordinates`;
}

export type ExclusionShape =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] };

export function exclusionShape(e: ExclusionInput): ExclusionShape {
  const g = e.geometry;
  if (Array.isArray(g)) return { type: 'Polygon', coordinates: [g] };
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: (g as GeoJsonPolygon).coordinates };
  if (g.type === 'Point') return { type: 'Point', coordinates: (g as GeoJsonPoint).coordinates };
  return { type: 'LineString', coordinates: (g as GeoJsonLineString).coordinates };
}

/** Fills in the schema defaults (the AppServer's Ajv does this already; direct callers may not). */
export function withDefaults(
  raw: Partial<SitefitV2Inputs> & Pick<SitefitV2Inputs, 'crs' | 'parcel' | 'house'>,
) {
  const s = raw.setbacks ?? ({} as Partial<SitefitV2Inputs['setbacks']>);
  const w = raw.objective?.weights ?? ({} as Partial<SitefitV2Inputs['objective']['weights']>);
  const o = raw.orientation ?? ({} as Partial<SitefitV2Inputs['orientation']>);
  const r = raw.rotation ?? ({} as Partial<SitefitV2Inputs['rotation']>);
  const out: SitefitV2Inputs = {
    crs: raw.crs,
    parcel: raw.parcel,
    house: raw.house,
    setbacks: { ...s, uniform_m: s.uniform_m ?? 0, edges: s.edges ?? [] },
    exclusions: (raw.exclusions ?? []).map((e) => ({
      ...e,
      kind: e.kind ?? 'other',
      buffer_m: e.buffer_m ?? 0,
    })),
    max_site_coverage: raw.max_site_coverage ?? 1,
    existing_built_area_m2: raw.existing_built_area_m2 ?? 0,
    orientation: { facade_edge: o.facade_edge ?? 0, offset_from_south_deg: o.offset_from_south_deg ?? 0 },
    objective: {
      weights: {
        clearance: w.clearance ?? 1,
        sun: w.sun ?? 1,
        garden: w.garden ?? 1,
        access: w.access ?? 0,
        alignment: w.alignment ?? 0,
      },
      garden_min_width_m: raw.objective?.garden_min_width_m ?? 6,
    },
    rotation: { min: r.min ?? 0, max: r.max ?? 360, step: r.step ?? 5 },
    grid_step: raw.grid_step ?? 0.5,
    max_results: raw.max_results ?? 5,
    diversity: raw.diversity ?? 0.3,
    seed: raw.seed ?? 1,
  };
  if (raw.street) out.street = raw.street;
  return out;
}
