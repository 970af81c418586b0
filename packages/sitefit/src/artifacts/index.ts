// Artifacts of a sitefit result: pure functions of the materialised inputs and the outputs.
import { csvArtifact } from './csv.ts';
import { dxfArtifact } from './dxf.ts';
import { geojsonArtifact } from './geojson.ts';
import { gltfArtifact } from './gltf.ts';
import { buildScene } from './scene.ts';
import { svgArtifact } from './svg.ts';
import type { Artifact, Scene } from './types.ts';

export { placeByTransform as placementFootprint } from '../geom/place.ts';
// Exported names are prefixed or specific: the package index re-exports several modules with `export *`.
export { csvArtifact, sceneToCsv } from './csv.ts';
export { dxfArtifact, sceneToDxf } from './dxf.ts';
export { geojsonArtifact, sceneToGeoJson } from './geojson.ts';
export { gltfArtifact, HOUSE_HEIGHT_M as GLB_HOUSE_HEIGHT_M, sceneToGlb } from './gltf.ts';
export { buildScene as buildArtifactScene } from './scene.ts';
// The README documents it as API (packages/sitefit/test/package-api.test.ts checks both ways).
export { buildSheetArtifacts } from './sheet/artifacts.ts';
export { type Sheet, type SheetOptions, sceneToSheets, sheetSvgArtifacts } from './sheet/index.ts';
export { sceneToSvg, svgArtifact } from './svg.ts';
export { triangulate as triangulateRings } from './triangulate.ts';
export type { Artifact, Scene as ArtifactScene } from './types.ts';

/**
 * All four artifacts (GeoJSON, SVG plan, glTF binary, CSV) for one result set. `definitionVersion` is
 * 'sitefit@1.0.0', 'sitefit@2.0.0' (or just the version); inputs are the materialised inputs of that contract.
 */
export function buildArtifacts(definitionVersion: string, inputs: unknown, outputs: unknown): Artifact[] {
  return sceneArtifacts(buildScene(definitionVersion, inputs, outputs));
}

/** buildArtifacts' four from a scene already built (a 2.0.0 scene costs a Clipper offset of the site). */
export function sceneArtifacts(scene: Scene): Artifact[] {
  return [geojsonArtifact(scene), svgArtifact(scene), gltfArtifact(scene), csvArtifact(scene)];
}

/** The drawings for CAD users (DXF R12 of the parcel and placements), beside buildArtifacts' four. */
export function buildPlanArtifacts(definitionVersion: string, inputs: unknown, outputs: unknown): Artifact[] {
  return [dxfArtifact(buildScene(definitionVersion, inputs, outputs))];
}
