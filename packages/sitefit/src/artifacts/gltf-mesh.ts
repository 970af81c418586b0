// The meshes of the glTF model, by what they show: the parcel (flat), the exclusion zones (flat, lifted) and
// each placement (extruded). Positions are metres in the local frame, already in glTF axes: the plan's
// (east, north, up) is (x, -z, y).
import { signedArea } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import type { LocalFrame } from './frame.ts';
import { triangulate } from './triangulate.ts';
import type { Scene } from './types.ts';

/** Height of the extruded houses, metres: a two-storey house, for context only. */
export const HOUSE_HEIGHT_M = 6;
/** Exclusion zones float this far above the parcel so both stay visible. */
const ZONE_LIFT_M = 0.02;

/** Material indices (see gltf.ts): parcel, best placement, other placements, exclusion zone. */
export const MATERIAL = { parcel: 0, best: 1, placement: 2, zone: 3 } as const;

export interface MeshData {
  name: string;
  positions: number[];
  normals: number[];
  indices: number[];
  material: number;
}

function mesh(name: string, material: number): MeshData {
  return { name, positions: [], normals: [], indices: [], material };
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

/** One wall quad from a to b, its normal pointing outwards. */
function wall(a: Position, b: Position, height: number, ccw: boolean, out: MeshData) {
  // Outward normal in plan: right of a->b for a counter-clockwise ring.
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return;
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
  // Wound so its front face looks outwards.
  if (ccw) out.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  else out.indices.push(base, base + 2, base + 1, base, base + 3, base + 2);
}

function extrude(ring: Position[], height: number, out: MeshData) {
  const open = ring.slice(0, ring.length - 1);
  const ccw = signedArea(open) > 0;
  cap([open], height, true, out);
  cap([open], 0, false, out);
  for (let i = 0; i < open.length; i++) wall(open[i], open[(i + 1) % open.length], height, ccw, out);
}

export function parcelMesh(scene: Scene, frame: LocalFrame): MeshData {
  const m = mesh('parcel', MATERIAL.parcel);
  cap(
    scene.parcel.map((r) => r.map(frame.toLocal)),
    0,
    true,
    m,
  );
  return m;
}

/** Exclusion zones as flat polygons 2 cm above the parcel (no z-fighting), each zone one mesh. */
export function zoneMeshes(scene: Scene, frame: LocalFrame): MeshData[] {
  return scene.exclusions.map((z) => {
    const m = mesh(`exclusion ${z.id}`, MATERIAL.zone);
    for (const poly of z.area)
      cap(
        poly.map((r) => r.map(frame.toLocal)),
        ZONE_LIFT_M,
        true,
        m,
      );
    return m;
  });
}

/** Each placement extruded to HOUSE_HEIGHT_M, the best in its own material. */
export function placementMeshes(scene: Scene, frame: LocalFrame): MeshData[] {
  return scene.placements.map((p) => {
    const m = mesh(`placement-${p.rank} ${p.id}`, p.rank === 1 ? MATERIAL.best : MATERIAL.placement);
    extrude(p.footprint.map(frame.toLocal), HOUSE_HEIGHT_M, m);
    return m;
  });
}
