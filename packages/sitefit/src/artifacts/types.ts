// What the artifact writers draw: a scene normalised from a definition's inputs and outputs, in the input CRS.
import type { Point as Position } from '../geom/types.ts';

export interface Artifact {
  kind: 'geojson' | 'svg' | 'gltf' | 'csv' | 'dxf' | 'pdf';
  label: string;
  filename: string;
  contentType: string;
  body: Uint8Array;
}

/** A polygon as rings: the outer ring first, then holes; each ring closed. */
export type PolygonRings = Position[][];

export interface SceneZone {
  id: string;
  kind: string;
  buffer_m: number;
  /** The zone as given (GeoJSON geometry in the input CRS). */
  source:
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'Point'; coordinates: Position }
    | {
        type: 'LineString';
        coordinates: Position[];
      };
  /** The zone grown by its buffer: the area the house must avoid. */
  area: PolygonRings[];
}

export interface ScenePlacement {
  rank: number;
  id: string;
  score: number;
  rotationDeg: number;
  translation: { x: number; y: number };
  metrics: Record<string, number>;
  kpis?: Record<string, number>;
  tags: string[];
  /** The placed house, closed ring, input CRS. */
  footprint: Position[];
}

export interface Scene {
  definition: string;
  version: string;
  crs: string;
  /** Coordinates are degrees (EPSG:4326): the writers convert to metres where they measure. */
  geographic: boolean;
  parcel: PolygonRings;
  exclusions: SceneZone[];
  /** Where the house may stand (parcel minus setbacks and zones), when the definition knows it. */
  buildable: PolygonRings[] | null;
  placements: ScenePlacement[];
  /** Indices (outer ring) of the street edges, when given. */
  streetEdges: number[];
}
