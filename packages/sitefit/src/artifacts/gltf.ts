// Binary glTF 2.0 (.glb) of a scene: the parcel as a flat polygon and each placement extruded to a box-like solid.
// Positions are float32 metres relative to a local origin (the parcel's bounding-box centre, stored in the scene's
// extras): S-JTSK coordinates near -1e6 would keep only decimetres in float32. glTF is Y-up, so the plan's
// (east, north, up) maps to (x, z = -north, y).
import { maxOf, minOf } from '../geom/arrays.ts';
import { signedArea } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import { localFrame } from './frame.ts';
import { triangulate } from './triangulate.ts';
import type { Artifact, Scene } from './types.ts';

/** Height of the extruded houses, metres: a two-storey house, for context only. */
export const HOUSE_HEIGHT_M = 6;
/** Exclusion zones float this far above the parcel so both stay visible. */
const ZONE_LIFT_M = 0.02;

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_INT = 5125;

interface MeshData {
  name: string;
  positions: number[];
  normals: number[];
  indices: number[];
  material: number;
}

/** Flat polygon at height z, facing up or down, in glTF axes. */
function cap(rings: Position[][], z: number, up: boolean, out: MeshData) {
  const t = triangulate(rings);
  const base = out.positions.length / 3;
  for (const [x, y] of t.points) {
    out.positions.push(x, z, -y);
    out.normals.push(0, up ? 1 : -1, 0);
  }
  for (let i = 0; i < t.triangles.length; i += 3) {
    const [a, b, c] = [t.triangles[i], t.triangles[i + 1], t.triangles[i + 2]];
    // Counter-clockwise in plan (x, y) is counter-clockwise seen from +Y in glTF (x, -z): the front face is up.
    if (up) out.indices.push(base + a, base + b, base + c);
    else out.indices.push(base + a, base + c, base + b);
  }
}

function extrude(ring: Position[], height: number, out: MeshData) {
  const open = ring.slice(0, ring.length - 1);
  const ccw = signedArea(open) > 0;
  cap([open], height, true, out);
  cap([open], 0, false, out);
  for (let i = 0; i < open.length; i++) {
    const a = open[i];
    const b = open[(i + 1) % open.length];
    // Outward normal in plan: right of a->b for a counter-clockwise ring.
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const nx = (ccw ? dy : -dy) / len;
    const ny = (ccw ? -dx : dx) / len;
    const base = out.positions.length / 3;
    for (const [p, h] of [
      [a, 0],
      [b, 0],
      [b, height],
      [a, height],
    ] as const) {
      out.positions.push(p[0], h, -p[1]);
      out.normals.push(nx, 0, -ny);
    }
    // Wall quad, wound so its front face looks outwards.
    if (ccw) out.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
    else out.indices.push(base, base + 2, base + 1, base, base + 3, base + 2);
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

export function sceneToGlb(scene: Scene): Uint8Array {
  const frame = localFrame(scene);
  const meshes: MeshData[] = [];
  const parcel: MeshData = { name: 'parcel', positions: [], normals: [], indices: [], material: 0 };
  cap(
    scene.parcel.map((r) => r.map(frame.toLocal)),
    0,
    true,
    parcel,
  );
  meshes.push(parcel);
  // Exclusion zones as flat polygons 2 cm above the parcel (no z-fighting), each zone one mesh.
  for (const z of scene.exclusions) {
    const m: MeshData = { name: `exclusion ${z.id}`, positions: [], normals: [], indices: [], material: 3 };
    for (const poly of z.area)
      cap(
        poly.map((r) => r.map(frame.toLocal)),
        ZONE_LIFT_M,
        true,
        m,
      );
    meshes.push(m);
  }
  for (const p of scene.placements) {
    const m: MeshData = {
      name: `placement-${p.rank} ${p.id}`,
      positions: [],
      normals: [],
      indices: [],
      material: p.rank === 1 ? 1 : 2,
    };
    extrude(p.footprint.map(frame.toLocal), HOUSE_HEIGHT_M, m);
    meshes.push(m);
  }

  const chunks: Uint8Array[] = [];
  let byteLength = 0;
  const bufferViews: Record<string, unknown>[] = [];
  const accessors: Record<string, unknown>[] = [];
  const push = (bytes: Uint8Array, target: number) => {
    bufferViews.push({ buffer: 0, byteOffset: byteLength, byteLength: bytes.byteLength, target });
    chunks.push(bytes);
    const padded = pad4(bytes.byteLength);
    if (padded > bytes.byteLength) chunks.push(new Uint8Array(padded - bytes.byteLength));
    byteLength += padded;
    return bufferViews.length - 1;
  };
  const gltfMeshes: Record<string, unknown>[] = [];
  for (const m of meshes) {
    const pos = new Float32Array(m.positions);
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    // Bounds of the float32 values actually stored, as the spec requires.
    for (let i = 0; i < pos.length; i++) {
      min[i % 3] = Math.min(min[i % 3], pos[i]);
      max[i % 3] = Math.max(max[i % 3], pos[i]);
    }
    const count = pos.length / 3;
    if (count === 0 || m.indices.length === 0) continue;
    accessors.push({
      bufferView: push(new Uint8Array(pos.buffer), ARRAY_BUFFER),
      componentType: FLOAT,
      count,
      type: 'VEC3',
      min,
      max,
    });
    const posAcc = accessors.length - 1;
    accessors.push({
      bufferView: push(new Uint8Array(new Float32Array(m.normals).buffer), ARRAY_BUFFER),
      componentType: FLOAT,
      count,
      type: 'VEC3',
    });
    const nrmAcc = accessors.length - 1;
    const idx = new Uint32Array(m.indices);
    accessors.push({
      bufferView: push(new Uint8Array(idx.buffer), ELEMENT_ARRAY_BUFFER),
      componentType: UNSIGNED_INT,
      count: idx.length,
      type: 'SCALAR',
      min: [minOf(m.indices, (i) => i)],
      max: [maxOf(m.indices, (i) => i)],
    });
    gltfMeshes.push({
      name: m.name,
      primitives: [
        {
          attributes: { POSITION: posAcc, NORMAL: nrmAcc },
          indices: accessors.length - 1,
          material: m.material,
          mode: 4,
        },
      ],
    });
  }
  const nodes = gltfMeshes.map((m, i) => ({ name: m.name, mesh: i }));
  const matte = (rgba: number[], roughness: number) => ({
    baseColorFactor: rgba,
    metallicFactor: 0,
    roughnessFactor: roughness,
  });
  const materials: Record<string, unknown>[] = [
    { name: 'parcel', pbrMetallicRoughness: matte([0.55, 0.75, 0.45, 1], 1), doubleSided: true },
    { name: 'best placement', pbrMetallicRoughness: matte([0.9, 0.45, 0.15, 1], 0.8) },
    { name: 'placement', pbrMetallicRoughness: matte([0.7, 0.7, 0.72, 1], 0.8) },
  ];
  // The zone material (index 3) only when there are zones: validators flag unused objects.
  if (scene.exclusions.length > 0) {
    materials.push({
      name: 'exclusion zone',
      pbrMetallicRoughness: matte([0.85, 0.3, 0.3, 0.6], 1),
      alphaMode: 'BLEND',
      doubleSided: true,
    });
  }
  const json = {
    asset: { version: '2.0', generator: 'kuduso sitefit artifacts' },
    scene: 0,
    scenes: [
      {
        name: `${scene.definition}@${scene.version}`,
        nodes: nodes.map((_, i) => i),
        // Where the local origin is: add it to (x, -z) to get input-CRS coordinates (metres east/north for
        // projected CRSs; for EPSG:4326 the plan is a local equirectangular approximation around it).
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
    meshes: gltfMeshes,
    materials,
    accessors,
    bufferViews,
    buffers: [{ byteLength }],
  };
  const jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const jsonLen = pad4(jsonBytes.byteLength);
  const total = 12 + 8 + jsonLen + 8 + byteLength;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true); // 'glTF'
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLen); // JSON chunk is padded with spaces
  let o = 20 + jsonLen;
  dv.setUint32(o, byteLength, true);
  dv.setUint32(o + 4, 0x004e4942, true); // 'BIN\0'
  o += 8;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
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
