// sitefit@2.0.0 inputs and outputs as TypeScript types, after Ajv has materialised the defaults
// (contracts/sitefit/2.0.0/*.schema.json is the source of truth; these mirror it).

export type Position = [number, number];
export type Ring = Position[];

export interface PlainRing {
  coordinates: Ring;
}
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: Ring[];
  bbox?: number[];
}
export interface GeoJsonPoint {
  type: 'Point';
  coordinates: Position;
}
export interface GeoJsonLineString {
  type: 'LineString';
  coordinates: Position[];
}
export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  geometry: GeoJsonPolygon;
  properties?: Record<string, unknown> | null;
  bbox?: number[];
}
export type AreaInput = PlainRing | GeoJsonPolygon | GeoJsonFeature;

export type ExclusionKind = 'easement' | 'tree_protection' | 'utility_buffer' | 'other';

export interface ExclusionInput {
  id?: string;
  kind: ExclusionKind;
  buffer_m: number;
  geometry: Ring | GeoJsonPolygon | GeoJsonPoint | GeoJsonLineString;
}

export interface Weights {
  clearance: number;
  sun: number;
  garden: number;
  access: number;
  alignment: number;
}

export interface SitefitV2Inputs {
  crs: string;
  parcel: AreaInput;
  house: AreaInput;
  setbacks: {
    uniform_m: number;
    front_m?: number;
    side_m?: number;
    rear_m?: number;
    edges: { edge: number; distance_m: number }[];
  };
  street?: { edges: number[] };
  exclusions: ExclusionInput[];
  max_site_coverage: number;
  existing_built_area_m2: number;
  orientation: { facade_edge: number; offset_from_south_deg: number };
  objective: { weights: Weights; garden_min_width_m: number };
  rotation: { min: number; max: number; step: number };
  grid_step: number;
  max_results: number;
  /** 0..1, default 0.3: how far results 2..N must be from earlier ones (see the schema). */
  diversity?: number;
  seed: number;
}

export interface V2Warning {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface V2Metrics {
  yard_area_m2: number;
  min_setback_m: number;
  house_area_m2: number;
  orientation_deg: number;
  parcel_utilization: number;
  clearance_slack_m: number;
  facade_azimuth_deg: number;
  sun_deviation_deg: number;
  garden_area_m2: number;
  site_coverage: number;
  street_distance_m?: number;
  street_alignment_deg?: number;
  [key: string]: number | undefined;
}

export interface V2Result {
  id: string;
  transform: {
    rotation: { axis: 'z'; value: number; units: 'deg' };
    translation: { x: number; y: number; z: number; units: 'm' | 'deg' };
    scale: { uniform: number };
  };
  score: number;
  metrics: V2Metrics;
  kpis: Weights;
  footprint: { type: 'Polygon'; coordinates: Ring[] };
  tags: string[];
}

export interface SitefitV2Outputs {
  results: V2Result[];
  artifacts: { kind: string; url: string; expires_at: string; label: string }[];
  metadata: {
    definition: 'sitefit';
    version: '2.0.0';
    units: string;
    seed: number;
    generated_at: string;
    engine: string;
    cache_hit: boolean;
    warnings: V2Warning[];
    crs: string;
    working_crs: string;
    convergence_deg: number;
    objective: Weights;
  };
}
