// Per-rotation search data of the v2 solver, built only on the package's public building blocks
// (innerFitPolygon, contactSegments, maxClearancePoint; see ../index.ts), which the optimiser keeps stable
// while its internals change.

import { convexInnerFit } from '../geom/halfplane.ts';
import { cosSinDeg } from '../geom/ring.ts';
import type { Flat, Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { BranchAndBound } from '../search/bnb.ts';
import { feasibleExact } from '../search/cell-tests.ts';
import { maxClearancePoint } from '../search/clearance-point.ts';
import { essentialContactSegments, segDist } from '../search/contact.ts';
import { innerFitPolygon } from '../search/ifp.ts';
import { buildRotation, type RotationProblem } from '../search/rotation.ts';

export interface V2Rotation {
  id: number;
  /** Rotation of the house about its centroid, degrees counter-clockwise. */
  deg: number;
  /** The rotated house with its centroid at the local origin: placed at u it is house + u. */
  house: Ring;
  /** Inner-fit polygon (translations u keeping the house in the allowed region), 1 mm grid. */
  ifp: PolygonWithHoles[];
  /** Contact segments: for a feasible u, the clearance is the distance from u to the nearest one. */
  segs: Flat;
  /**
   * Set for a large non-convex region, searched without an inner-fit polygon (ifp is then empty): the exact
   * branch and bound finds the best translation, grid points are tested exactly (robust predicates).
   */
  problem?: RotationProblem;
}

export function rotateCentred(houseCentred: Ring, deg: number): Ring {
  const [c, s] = cosSinDeg(deg);
  return houseCentred.map(([x, y]) => [c * x - s * y, s * x + c * y] as Point);
}

export function buildV2Rotation(
  id: number,
  deg: number,
  region: PolygonWithHoles[],
  houseCentred: Ring,
  kernels: readonly Ring[] | null = null,
): V2Rotation {
  const house = rotateCentred(houseCentred, deg);
  // A (nearly) convex region: the inner-fit polygon is an intersection of half-planes, no Clipper boolean.
  const ifp = kernels
    ? kernels
        .map((k) => convexInnerFit(k, house))
        .filter((r) => r.length >= 3)
        .map((outer) => ({ outer, holes: [] }))
    : innerFitPolygon(region, house);
  return { id, deg, house, ifp, segs: ifp.length > 0 ? essentialContactSegments(region, house) : [] };
}

/**
 * The rotation of a large non-convex region without its inner-fit polygon: the Clipper union of the house's
 * bands along ~2000 region edges grows about quadratically (a 1993-vertex star took 3 s per rotation).
 */
export function buildV2RotationDirect(
  id: number,
  deg: number,
  region: PolygonWithHoles[],
  houseCentred: Ring,
): V2Rotation {
  const problem = buildRotation(id, deg, region, rotateCentred(houseCentred, deg));
  return { id, deg, house: problem.house, ifp: [], segs: problem.segs, problem };
}

/** Distance from (x, y) to the nearest contact segment: the clearance of the house placed at (x, y). */
export function clearanceAt(rot: V2Rotation, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; 4 * i < rot.segs.length; i++) best = Math.min(best, segDist(rot.segs, i, x, y));
  return best;
}

/** Crossing-parity point location in the IFP (floating point; candidates near its boundary are skipped). */
export function insideIfp(rot: V2Rotation, x: number, y: number): boolean {
  if (rot.problem) return feasibleExact(rot.problem, x, y);
  let inside = false;
  for (const p of rot.ifp) {
    for (const r of [p.outer, ...p.holes]) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [xi, yi] = r[i];
        const [xj, yj] = r[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** Bounding boxes [x0, y0, x1, y1] of the IFP components. */
export function ifpBoxes(rot: V2Rotation): [number, number, number, number][] {
  if (rot.problem) return rot.problem.box ? [rot.problem.box] : [];
  return rot.ifp.map((p) => {
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const [x, y] of p.outer) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    return [x0, y0, x1, y1];
  });
}

/**
 * Cells one rotation's largest-clearance search may evaluate: the typical rotation needs a few hundred; a
 * region fragmented by dozens of holes and zones needed ~50 000 per rotation. Past it the best translation found
 * so far is the candidate (still feasible and measured exactly), so a solve's time is bounded by construction.
 */
const MAX_CELLS = 5000;

/**
 * The translation of largest clearance for this rotation: the IFP point farthest from the IFP boundary (the
 * package's branch and bound), its clearance then measured on the contact segments (exact, no 1 mm rounding).
 */
export async function bestClearance(
  rot: V2Rotation,
  signal?: AbortSignal,
): Promise<{ x: number; y: number; clearance: number } | null> {
  if (rot.problem) {
    const search = new BranchAndBound({ precision: 1e-3, seed: 1, signal, maxCells: MAX_CELLS });
    search.add(rot.problem);
    const b = await search.best();
    return b ? { x: b.x, y: b.y, clearance: clearanceAt(rot, b.x, b.y) } : null;
  }
  const best = await maxClearancePoint(rot.ifp, { precision: 1e-3, signal, maxCells: MAX_CELLS });
  if (!best) return null;
  const [x, y] = best.point;
  return { x, y, clearance: clearanceAt(rot, x, y) };
}
