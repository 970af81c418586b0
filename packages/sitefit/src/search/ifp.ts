// Inner-fit polygon: every translation u for which house + u lies inside the region.
// Computed with Clipper2 on integers (1 mm) in the caller's local frame:
//   IFP = U_components (outer - h0)  minus  U_rings (∂ring ⊕ ∂(-house))  minus  U_holes (hole - h0 ∪ -house + a_hole)
// The band ∂ring ⊕ ∂(-house) is the set of translations where the two boundaries meet (a union of one
// parallelogram per pair of edges); away from it the house is either wholly inside or wholly outside a ring,
// and the reference vertex h0 / hole vertex a_hole decide which. See ../README.md for the derivation.
import {
  Clipper,
  ClipType,
  FillRule,
  type Path64,
  type Paths64,
  type PolyPath64,
  PolyTree64,
} from 'clipper2-ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';

/** Clipper works in integer millimetres. */
export const CLIPPER_SCALE = 1000;

/** Integer inputs of the inner-fit boolean: subject minus (union of clips), both NonZero, flat [x0,y0,x1,y1,...]. */
export interface IfpClipInput {
  subject: number[][];
  clips: number[][];
}

function toInt(ring: Ring): number[] {
  const out: number[] = [];
  for (const [x, y] of ring) out.push(Math.round(x * CLIPPER_SCALE), Math.round(y * CLIPPER_SCALE));
  return out;
}

/** Twice the signed area of a flat integer ring. */
function area2(flat: number[]): number {
  let s = 0;
  const n = flat.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    s += flat[i] * flat[j + 1] - flat[j] * flat[i + 1];
  }
  return s;
}

function positive(flat: number[]): number[] {
  if (area2(flat) >= 0) return flat;
  const out: number[] = [];
  for (let i = flat.length - 2; i >= 0; i -= 2) out.push(flat[i], flat[i + 1]);
  return out;
}

/**
 * Builds the integer boolean inputs for the inner-fit polygon of `house` in `region` (both in the same local
 * frame, metres; the house placed by u means house + u). Exposed so the benchmark can run the same boolean on
 * both Clipper2 ports.
 */
export function ifpClipInput(region: readonly PolygonWithHoles[], house: Ring): IfpClipInput {
  const h = toInt(house);
  const m = h.length / 2;
  const subject: number[][] = [];
  const clips: number[][] = [];
  const negHouse: number[] = [];
  for (let j = 0; j < h.length; j += 2) negHouse.push(-h[j], -h[j + 1]);
  for (const poly of region) {
    const outer = toInt(poly.outer);
    subject.push(positive(outer.map((v, i) => v - h[i % 2])));
    const rings = [outer, ...poly.holes.map(toInt)];
    rings.forEach((r, ri) => {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const i2 = ((i + 1) % n) * 2;
        for (let j = 0; j < m; j++) {
          const j2 = ((j + 1) % m) * 2;
          const q = [
            r[2 * i] - h[2 * j],
            r[2 * i + 1] - h[2 * j + 1],
            r[i2] - h[2 * j],
            r[i2 + 1] - h[2 * j + 1],
            r[i2] - h[j2],
            r[i2 + 1] - h[j2 + 1],
            r[2 * i] - h[j2],
            r[2 * i + 1] - h[j2 + 1],
          ];
          if (area2(q) !== 0) clips.push(positive(q));
        }
      }
      if (ri > 0) {
        // A house wholly inside a hole, or a hole wholly inside the house.
        clips.push(positive(r.map((v, i) => v - h[i % 2])));
        clips.push(positive(negHouse.map((v, i) => v + r[i % 2])));
      }
    });
  }
  return { subject, clips };
}

function toPaths(flats: number[][]): Paths64 {
  return flats.map((f) => {
    const p: Path64 = [];
    for (let i = 0; i < f.length; i += 2) p.push({ x: f[i], y: f[i + 1] });
    return p;
  });
}

function fromPath(p: Path64): Ring {
  return p.map((pt) => [pt.x / CLIPPER_SCALE, pt.y / CLIPPER_SCALE] as Point);
}

function collect(node: PolyPath64, out: PolygonWithHoles[]): void {
  for (let i = 0; i < node.count; i++) {
    const outer = node.child(i);
    const poly: PolygonWithHoles = { outer: fromPath(outer.poly ?? []), holes: [] };
    for (let k = 0; k < outer.count; k++) {
      const hole = outer.child(k);
      poly.holes.push(fromPath(hole.poly ?? []));
      collect(hole, out);
    }
    out.push(poly);
  }
}

/**
 * Inner-fit polygon of `house` in `region` (local frame, metres): the translations u with house + u inside the
 * region, as polygons with holes (outer counter-clockwise). Vertices are on a 1 mm grid, so the boundary is
 * within about 1 mm of the exact set; callers that need exactness verify final placements separately.
 */
export function innerFitPolygon(region: readonly PolygonWithHoles[], house: Ring): PolygonWithHoles[] {
  const { subject, clips } = ifpClipInput(region, house);
  const tree = new PolyTree64();
  Clipper.booleanOpWithPolyTree(
    ClipType.Difference,
    toPaths(subject),
    toPaths(clips),
    tree,
    FillRule.NonZero,
  );
  const out: PolygonWithHoles[] = [];
  collect(tree, out);
  return out;
}
