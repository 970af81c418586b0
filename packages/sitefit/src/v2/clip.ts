// The 2.0.0 site booleans (buffers, offsets, unions, circles) on the package's one Clipper bridge
// (../geom/clipper.ts: integer millimetres in a local frame).
import {
  Clipper,
  ClipType,
  EndType,
  FillRule,
  JoinType,
  type Path64,
  type Paths64,
  PolyTree64,
} from 'clipper2-ts';
import { forEachPolygon, SCALE, toPath64 } from '../geom/clipper.ts';
import type { Position } from './types.ts';

export { fromPath64, SCALE, toPath64 } from '../geom/clipper.ts';

export type Pt = Position;

export function union(paths: Paths64): Paths64 {
  return Clipper.union(paths, FillRule.NonZero);
}

export function difference(subject: Paths64, clip: Paths64): Paths64 {
  return Clipper.difference(subject, clip, FillRule.NonZero);
}

export function intersection(subject: Paths64, clip: Paths64): Paths64 {
  return Clipper.intersect(subject, clip, FillRule.NonZero);
}

/** Polygons (rings) given with holes in any orientation, normalised with the even-odd rule. */
export function normalisePolygon(rings: readonly (readonly Pt[])[]): Paths64 {
  return Clipper.union(
    rings.map((r) => toPath64(r)),
    FillRule.EvenOdd,
  );
}

/**
 * Chord tolerance of buffered arcs (Clipper units: 5 cm). Arcs (parcel corners that point into the parcel,
 * tree circles) dominate the vertex count of the allowed region and so the cost of every inner-fit polygon,
 * which is quadratic in vertices: 5 cm keeps a 5 m tree circle at 23 vertices instead of 157 at 1 mm, and a
 * wavy 40-vertex parcel with a 3 m setback at about 150 region vertices instead of 230 at 2 cm. Buffers are
 * grown by the same amount, so the approximation costs at most 5 cm of extra distance near arcs and never
 * undercuts a setback or a buffer.
 */
export const ARC_TOL = 50;

/**
 * Grows closed polygons (`closed`) or open paths/points by `delta` metres with round joins. The arcs are
 * approximated by chords no more than ARC_TOL inside the true arc, and the delta is raised by that tolerance, so
 * the result always contains the exact buffer: a setback or a buffer is never undercut by the approximation.
 */
export function buffer(paths: Paths64, delta: number, closed: boolean): Paths64 {
  if (delta <= 0) return closed ? union(paths) : [];
  return Clipper.inflatePaths(
    paths,
    delta * SCALE + ARC_TOL,
    JoinType.Round,
    closed ? EndType.Polygon : EndType.Round,
    2,
    ARC_TOL,
  );
}

/** Shrinks (negative delta) or grows closed polygons with round joins, without the safety margin of buffer(). */
export function offset(paths: Paths64, delta: number, arcTol = 1): Paths64 {
  return Clipper.inflatePaths(paths, delta * SCALE, JoinType.Round, EndType.Polygon, 2, arcTol);
}

export function areaM2(paths: Paths64): number {
  return Clipper.areaPaths(paths) / (SCALE * SCALE);
}

/** Outer rings with their holes, from a Clipper result: [[outer, ...holes], ...]. */
export function components(paths: Paths64): Paths64[] {
  const tree = new PolyTree64();
  Clipper.booleanOpWithPolyTree(ClipType.Union, paths, null, tree, FillRule.NonZero);
  const out: Paths64[] = [];
  forEachPolygon(tree, (outer, holes) => {
    out.push([outer, ...holes]);
  });
  return out;
}

export function circle(center: Pt, radius: number): Paths64 {
  // Vertices on a circle of radius r / cos(pi / n): the polygon contains the exact disc.
  // n chosen so the polygon strays at most ARC_TOL outside the disc.
  const tol = ARC_TOL / SCALE;
  const n = Math.max(
    12,
    Math.min(256, Math.ceil(Math.PI / Math.acos(Math.max(0.5, 1 - tol / Math.max(radius, tol))))),
  );
  const r = (radius / Math.cos(Math.PI / n)) * SCALE + 1;
  const path: Path64 = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    path.push({
      x: Math.round(center[0] * SCALE + r * Math.cos(a)),
      y: Math.round(center[1] * SCALE + r * Math.sin(a)),
    });
  }
  return [path];
}

/**
 * A simpler polygon inside `paths`: shrink by eps, drop vertices within eps of their neighbours' chord
 * (Clipper's simplify), then clip to the original. The last step makes containment a guarantee, whatever the
 * simplification did; the first keeps the clipped result from re-acquiring the original's vertices. Costs at
 * most about 2 eps of room along the boundary.
 */
export function simplifyInside(paths: Paths64, eps: number): Paths64 {
  const e = eps * SCALE;
  const simpler = Clipper.simplifyPaths(offset(paths, -eps, ARC_TOL), e, true);
  return intersection(union(simpler), paths);
}
