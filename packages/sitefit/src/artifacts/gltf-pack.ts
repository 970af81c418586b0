// Packing meshes into glTF buffers: one binary buffer of 4-byte aligned views (positions, normals, indices per
// mesh) with their accessors, and the GLB container (12-byte header, JSON chunk, BIN chunk).
import { maxOf, minOf } from '../geom/arrays.ts';
import type { MeshData } from './gltf-mesh.ts';

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_INT = 5125;

type Json = Record<string, unknown>;

export interface PackedMeshes {
  meshes: Json[];
  accessors: Json[];
  bufferViews: Json[];
  chunks: Uint8Array[];
  byteLength: number;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Bounds of the float32 values actually stored, as the spec requires. */
function vec3Bounds(pos: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pos.length; i++) {
    min[i % 3] = Math.min(min[i % 3], pos[i]);
    max[i % 3] = Math.max(max[i % 3], pos[i]);
  }
  return { min, max };
}

/** The glTF meshes, accessors and buffer views of `meshes`; empty meshes are left out (validators flag them). */
export function packMeshes(meshes: MeshData[]): PackedMeshes {
  const out: PackedMeshes = { meshes: [], accessors: [], bufferViews: [], chunks: [], byteLength: 0 };
  const view = (bytes: Uint8Array, target: number) => {
    out.bufferViews.push({ buffer: 0, byteOffset: out.byteLength, byteLength: bytes.byteLength, target });
    out.chunks.push(bytes);
    const padded = pad4(bytes.byteLength);
    if (padded > bytes.byteLength) out.chunks.push(new Uint8Array(padded - bytes.byteLength));
    out.byteLength += padded;
    return out.bufferViews.length - 1;
  };
  const accessor = (a: Json) => out.accessors.push(a) - 1;
  for (const m of meshes) {
    const pos = new Float32Array(m.positions);
    const count = pos.length / 3;
    if (count === 0 || m.indices.length === 0) continue;
    const { min, max } = vec3Bounds(pos);
    const posView = view(new Uint8Array(pos.buffer), ARRAY_BUFFER);
    const POSITION = accessor({ bufferView: posView, componentType: FLOAT, count, type: 'VEC3', min, max });
    const nrmView = view(new Uint8Array(new Float32Array(m.normals).buffer), ARRAY_BUFFER);
    const NORMAL = accessor({ bufferView: nrmView, componentType: FLOAT, count, type: 'VEC3' });
    const idx = new Uint32Array(m.indices);
    const indices = accessor({
      bufferView: view(new Uint8Array(idx.buffer), ELEMENT_ARRAY_BUFFER),
      componentType: UNSIGNED_INT,
      count: idx.length,
      type: 'SCALAR',
      min: [minOf(m.indices, (i) => i)],
      max: [maxOf(m.indices, (i) => i)],
    });
    out.meshes.push({
      name: m.name,
      primitives: [{ attributes: { POSITION, NORMAL }, indices, material: m.material, mode: 4 }],
    });
  }
  return out;
}

/** The GLB file: header, the JSON chunk (padded with spaces) and the BIN chunk. */
export function glbContainer(json: Json, chunks: Uint8Array[], byteLength: number): Uint8Array {
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
  out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLen);
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
