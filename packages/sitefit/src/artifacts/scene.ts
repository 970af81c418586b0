// Normalises a definition's inputs and outputs (sitefit@1.0.0 or @2.0.0) into the Scene the writers draw.

import { describeCrs } from '../crs/definitions.ts';
import { type PlacementTransform, placeByTransform } from '../geom/place.ts';
import { closeRing } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import { components, fromPath64 } from '../v2/clip.ts';
import { withDefaults } from '../v2/inputs.ts';
import { allowedPolygons, buildSite } from '../v2/site.ts';
import type { SitefitV2Inputs } from '../v2/types.ts';
import type { PolygonRings, Scene, ScenePlacement, SceneZone } from './types.ts';

interface ResultLike {
  id: string;
  transform: PlacementTransform;
  score: number;
  metrics: Record<string, number | undefined>;
  kpis?: Record<string, number>;
  footprint?: { coordinates: number[][][] };
  tags?: string[];
}

/** 'sitefit@2.0.0', 'sitefit:2.0.0' or '2.0.0' -> '2.0.0'. */
export function versionOf(definitionVersion: string): string {
  const m = /(\d+\.\d+\.\d+)$/.exec(definitionVersion.trim());
  if (!m) throw new Error(`Not a definition version: ${definitionVersion}`);
  return m[1];
}

function numericMetrics(m: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number') out[k] = v;
  return out;
}

export function buildScene(definitionVersion: string, inputs: unknown, outputs: unknown): Scene {
  const version = versionOf(definitionVersion);
  const results = ((outputs as { results?: ResultLike[] }).results ?? []) as ResultLike[];
  const major = Number(version.split('.')[0]);
  if (major === 1) return sceneV1(version, inputs as V1Inputs, results);
  if (major === 2) return sceneV2(version, withDefaults(inputs as SitefitV2Inputs), results);
  throw new Error(`No artifacts for sitefit@${version}`);
}

interface V1Inputs {
  crs: string;
  parcel: { coordinates: Position[] };
  house: { coordinates: Position[] };
}

function placements(results: ResultLike[], house: Position[]): ScenePlacement[] {
  return results.map((r, i) => {
    const p: ScenePlacement = {
      rank: i + 1,
      id: r.id,
      score: r.score,
      rotationDeg: r.transform.rotation.value,
      translation: { x: r.transform.translation.x, y: r.transform.translation.y },
      metrics: numericMetrics(r.metrics),
      tags: [...(r.tags ?? [])],
      footprint: r.footprint
        ? closeRing(r.footprint.coordinates[0] as Position[])
        : closeRing(placeByTransform(house, r.transform)),
    };
    if (r.kpis) p.kpis = { ...r.kpis };
    return p;
  });
}

function sceneV1(version: string, inputs: V1Inputs, results: ResultLike[]): Scene {
  return {
    definition: 'sitefit',
    version,
    crs: inputs.crs,
    geographic: describeCrs(inputs.crs)?.kind === 'geographic',
    parcel: [closeRing(inputs.parcel.coordinates)],
    exclusions: [],
    buildable: null,
    placements: placements(results, inputs.house.coordinates),
    streetEdges: [],
  };
}

function sceneV2(version: string, inputs: SitefitV2Inputs, results: ResultLike[]): Scene {
  const site = buildSite(inputs);
  const back = (p: readonly number[]): Position =>
    site.frame.toInput([p[0] + site.origin[0], p[1] + site.origin[1]]);
  const polys = (paths: ReturnType<typeof components>): PolygonRings[] =>
    paths.map((poly) => poly.map((path) => closeRing(fromPath64(path).map(back))));
  const exclusions: SceneZone[] = inputs.exclusions.map((e, i) => {
    const z = site.zones[i];
    const g = e.geometry;
    const source: SceneZone['source'] = Array.isArray(g)
      ? { type: 'Polygon', coordinates: [closeRing(g)] }
      : g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((r) => closeRing(r)) }
        : g.type === 'Point'
          ? { type: 'Point', coordinates: [g.coordinates[0], g.coordinates[1]] }
          : { type: 'LineString', coordinates: g.coordinates.map((p) => [p[0], p[1]] as Position) };
    return { id: z.id, kind: z.kind, buffer_m: z.buffer, source, area: polys(components(z.area)) };
  });
  const buildable = allowedPolygons(site).map((poly) => poly.map((ring) => closeRing(ring.map(back))));
  const house = (
    'type' in inputs.house
      ? inputs.house.type === 'Feature'
        ? inputs.house.geometry.coordinates[0]
        : inputs.house.coordinates[0]
      : inputs.house.coordinates
  ) as Position[];
  const parcelRings = (
    'type' in inputs.parcel
      ? inputs.parcel.type === 'Feature'
        ? inputs.parcel.geometry.coordinates
        : inputs.parcel.coordinates
      : [inputs.parcel.coordinates]
  ) as Position[][];
  return {
    definition: 'sitefit',
    version,
    crs: site.frame.inputCrs,
    geographic: site.frame.reprojected,
    parcel: parcelRings.map((r) => closeRing(r)),
    exclusions,
    buildable,
    placements: placements(results, house),
    streetEdges: [...(inputs.street?.edges ?? [])],
  };
}
