// Binary glTF 2.0 (.glb) of a scene: the parcel as a flat polygon and each placement extruded to a box-like solid.
// Positions are float32 metres relative to a local origin (the parcel's bounding-box centre): S-JTSK coordinates
// near -1e6 would keep only decimetres in float32. The origin and the CRS are kept in `asset.extras` (and, as
// before, in the scene's extras), so the model can be put back on the map. glTF is Y-up, so the plan's
// (east, north, up) maps to (x, z = -north, y).
import { epsgOf, type LocalFrame, localFrame } from './frame.ts';
import { HOUSE_HEIGHT_M, type MeshData, parcelMesh, placementMeshes, zoneMeshes } from './gltf-mesh.ts';
import { glbContainer, packMeshes } from './gltf-pack.ts';
import type { Artifact, Scene } from './types.ts';

export { HOUSE_HEIGHT_M } from './gltf-mesh.ts';

type Json = Record<string, unknown>;

/** Every mesh of the model, in node order: parcel, zones, placements. */
function sceneMeshes(scene: Scene, frame: LocalFrame): MeshData[] {
  return [parcelMesh(scene, frame), ...zoneMeshes(scene, frame), ...placementMeshes(scene, frame)];
}

function materials(scene: Scene): Json[] {
  const matte = (rgba: number[], roughness: number) => ({
    baseColorFactor: rgba,
    metallicFactor: 0,
    roughnessFactor: roughness,
  });
  const out: Json[] = [
    { name: 'parcel', pbrMetallicRoughness: matte([0.55, 0.75, 0.45, 1], 1), doubleSided: true },
    { name: 'best placement', pbrMetallicRoughness: matte([0.9, 0.45, 0.15, 1], 0.8) },
    { name: 'placement', pbrMetallicRoughness: matte([0.7, 0.7, 0.72, 1], 0.8) },
  ];
  // The zone material (index 3) only when there are zones: validators flag unused objects.
  if (scene.exclusions.length > 0) {
    out.push({
      name: 'exclusion zone',
      pbrMetallicRoughness: matte([0.85, 0.3, 0.3, 0.6], 1),
      alphaMode: 'BLEND',
      doubleSided: true,
    });
  }
  return out;
}

/**
 * The geographic origin of the model: add `origin` to (x, -z) to get input-CRS coordinates. For projected CRSs
 * the local frame is a translation (metres east/north); for EPSG:4326 the origin is (lon, lat) and the local
 * metres are an equirectangular approximation around it.
 */
export function geoOrigin(scene: Scene, frame: LocalFrame): Json {
  return {
    crs: scene.crs,
    epsg: epsgOf(scene.crs),
    origin: frame.origin,
    local_frame: scene.geographic ? 'equirectangular-m' : 'translation',
    up: 'y',
    north: '-z',
  };
}

function gltfDocument(
  scene: Scene,
  frame: LocalFrame,
): { json: Json; chunks: Uint8Array[]; byteLength: number } {
  const packed = packMeshes(sceneMeshes(scene, frame));
  const nodes = packed.meshes.map((m, i) => ({ name: m.name, mesh: i }));
  const json = {
    asset: { version: '2.0', generator: 'kuduso sitefit artifacts', extras: geoOrigin(scene, frame) },
    scene: 0,
    scenes: [
      {
        name: `${scene.definition}@${scene.version}`,
        nodes: nodes.map((_, i) => i),
        extras: {
          crs: scene.crs,
          origin: frame.origin,
          up: 'y',
          north: '-z',
          house_height_m: HOUSE_HEIGHT_M,
        },
      },
    ],
    nodes,
    meshes: packed.meshes,
    materials: materials(scene),
    accessors: packed.accessors,
    bufferViews: packed.bufferViews,
    buffers: [{ byteLength: packed.byteLength }],
  };
  return { json, chunks: packed.chunks, byteLength: packed.byteLength };
}

export function sceneToGlb(scene: Scene): Uint8Array {
  const { json, chunks, byteLength } = gltfDocument(scene, localFrame(scene));
  return glbContainer(json, chunks, byteLength);
}

export function gltfArtifact(scene: Scene): Artifact {
  return {
    kind: 'gltf',
    label: '3D model (glTF binary)',
    filename: 'sitefit.glb',
    contentType: 'model/gltf-binary',
    body: sceneToGlb(scene),
  };
}
