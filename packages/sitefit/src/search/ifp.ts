// Inner-fit polygon: every translation u for which house + u lies inside the region.
// Computed with Clipper2 on integers (1 mm) in the caller's local frame:
//   IFP = U_components (outer - h0)  minus  U_rings band(ring)  minus  U_holes (hole - h0 ∪ -house + a_hole)
// band(ring) = ∂ring ⊕ ∂(-house), the translations where the two boundaries meet (one parallelogram per pair
// of edges), or for a convex house the larger ∂ring ⊕ (-house) (the house meets the ring: one convex polygon
// per ring edge), which removes the same open set's complement. Away from the band the house is wholly inside or
// wholly outside each ring, and the reference vertex h0 / hole vertex a_hole decide which. See ../../README.md.
import { Clipper, ClipType, FillRule, PolyTree64 } from 'clipper2-ts';
import { forEachPolygon, fromPath64, pathsFromFlat, SCALE } from '../geom/clipper.ts';
import { convexPieces } from '../geom/convex.ts';
import type { PolygonWithHoles, Ring } from '../geom/types.ts';

/** Clipper works in integer millimetres (the package's one bridge, ../geom/clipper.ts). */
export const CLIPPER_SCALE = SCALE;

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

/** Exact on integers: does the flat ring turn the same way at every vertex (collinear allowed)? */
function isConvex(flat: number[]): boolean {
  const n = flat.length / 2;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const a = 2 * i;
    const b = 2 * ((i + 1) % n);
    const c = 2 * ((i + 2) % n);
    const cr =
      (flat[b] - flat[a]) * (flat[c + 1] - flat[b + 1]) - (flat[b + 1] - flat[a + 1]) * (flat[c] - flat[b]);
    if (cr === 0) continue;
    if (sign === 0) sign = Math.sign(cr);
    else if (Math.sign(cr) !== sign) return false;
  }
  return sign !== 0;
}

/** Counter-clockwise convex hull (monotone chain) of flat integer points, collinear points dropped. */
function convexHull(flat: number[]): number[] {
  const idx = Array.from({ length: flat.length / 2 }, (_, i) => i);
  idx.sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1]);
  const cross = (o: number, a: number, b: number) =>
    (flat[2 * a] - flat[2 * o]) * (flat[2 * b + 1] - flat[2 * o + 1]) -
    (flat[2 * a + 1] - flat[2 * o + 1]) * (flat[2 * b] - flat[2 * o]);
  const lower: number[] = [];
  for (const p of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: number[] = [];
  for (let k = idx.length - 1; k >= 0; k--) {
    const p = idx[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  const out: number[] = [];
  for (const p of [...lower.slice(0, -1), ...upper.slice(0, -1)]) out.push(flat[2 * p], flat[2 * p + 1]);
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
  // Convex pieces of the house (null: fall back to parallelograms, e.g. a ring degenerate after rounding).
  const hc = positive(h);
  const pieces = isConvex(hc) ? [Array.from({ length: m }, (_, j) => j)] : convexPieces(hc);
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
        if (pieces) {
          // Edge ⊕ (−piece) for each convex piece of the house: the hull of the piece's two reflected copies
          // at the edge's ends. One polygon per edge and piece instead of one parallelogram per edge pair:
          // far fewer polygons and intersections for Clipper.
          for (const piece of pieces) {
            const pts: number[] = [];
            for (const j of piece)
              pts.push(
                r[2 * i] - hc[2 * j],
                r[2 * i + 1] - hc[2 * j + 1],
                r[i2] - hc[2 * j],
                r[i2 + 1] - hc[2 * j + 1],
              );
            const hull = convexHull(pts);
            if (hull.length >= 6) clips.push(hull);
          }
          continue;
        }
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
    pathsFromFlat(subject),
    pathsFromFlat(clips),
    tree,
    FillRule.NonZero,
  );
  const out: PolygonWithHoles[] = [];
  forEachPolygon(tree, (outer, holes) => {
    out.push({ outer: fromPath64(outer), holes: holes.map(fromPath64) });
  });
  return out;
}
