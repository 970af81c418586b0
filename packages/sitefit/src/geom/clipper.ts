// The one bridge to Clipper2 (clipper2-ts): integer millimetres in the caller's local frame. Clipper is exact on
// integers, and a local origin keeps S-JTSK magnitudes (around -740000, -1040000) far from 2^53 after scaling.
// The inner-fit polygon (../search/ifp.ts) and the 2.0.0 site booleans (../v2/clip.ts) build on it.
import type { Path64, Paths64, PolyPath64, PolyTree64 } from 'clipper2-ts';
import type { Point } from './types.ts';

/** Clipper units per metre (1 mm). */
export const SCALE = 1000;

/** A ring (open or closed: a repeated closing position is dropped) in Clipper units. */
export function toPath64(ring: readonly (readonly number[])[]): Path64 {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  const out: Path64 = [];
  for (let i = 0; i < (closed ? n - 1 : n); i++) {
    out.push({ x: Math.round(ring[i][0] * SCALE), y: Math.round(ring[i][1] * SCALE) });
  }
  return out;
}

/** A Clipper path back in metres. */
export function fromPath64(path: Path64): Point[] {
  return path.map((p) => [Number(p.x) / SCALE, Number(p.y) / SCALE] as Point);
}

/** Flat integer rings [x0, y0, x1, y1, ...] (already in Clipper units) as Clipper paths. */
export function pathsFromFlat(flats: readonly (readonly number[])[]): Paths64 {
  return flats.map((f) => {
    const p: Path64 = [];
    for (let i = 0; i < f.length; i += 2) p.push({ x: f[i], y: f[i + 1] });
    return p;
  });
}

/**
 * Every outer ring of a PolyTree with its holes, depth first: visit(outer, holes). Islands inside holes are
 * polygons of their own.
 */
export function forEachPolygon(tree: PolyTree64, visit: (outer: Path64, holes: Path64[]) => void): void {
  const walk = (node: PolyPath64) => {
    for (let i = 0; i < node.count; i++) {
      const outer = node.child(i);
      const holes: Path64[] = [];
      for (let j = 0; j < outer.count; j++) {
        const hole = outer.child(j);
        holes.push(hole.poly ?? []);
        walk(hole);
      }
      visit(outer.poly ?? [], holes);
    }
  };
  walk(tree);
}
