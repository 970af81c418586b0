// Per-rotation search data of the v2 solver, on the search's building blocks: the inner-fit polygon (Clipper, or
// half-planes for a convex region), contact segments and the search's RotationProblem (point location, boxes,
// exact tests), so 2.0.0 and 1.0.0 locate and measure translations with the same code.

import { convexInnerFit } from '../geom/halfplane.ts';
import { rotateAboutOrigin } from '../geom/ring.ts';
import type { Flat, PolygonWithHoles, Ring } from '../geom/types.ts';
import { BranchAndBound } from '../search/bnb.ts';
import { feasibleExact } from '../search/cell-tests.ts';
import { maxClearancePoint } from '../search/clearance-point.ts';
import { essentialContactSegments, segDist } from '../search/contact.ts';
import { innerFitPolygon } from '../search/ifp.ts';
import {
  ifpBoxes as boxesOfIfp,
  buildRotation,
  insideIfp as insideOfIfp,
  makeRotation,
  type RotationProblem,
} from '../search/rotation.ts';

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
   * The search's rotation problem. With an inner-fit polygon it holds that polygon (point location and boxes
   * are the search's own). `direct`: a large non-convex region searched without one (ifp is then empty): the
   * exact branch and bound finds the best translation, grid points are tested exactly (robust predicates).
   */
  problem: RotationProblem;
  direct: boolean;
}

export function buildV2Rotation(
  id: number,
  deg: number,
  region: PolygonWithHoles[],
  houseCentred: Ring,
  kernels: readonly Ring[] | null = null,
): V2Rotation {
  const house = rotateAboutOrigin(houseCentred, deg);
  // A (nearly) convex region: the inner-fit polygon is an intersection of half-planes, no Clipper boolean.
  const ifp = kernels
    ? kernels
        .map((k) => convexInnerFit(k, house))
        .filter((r) => r.length >= 3)
        .map((outer) => ({ outer, holes: [] }))
    : innerFitPolygon(region, house);
  const segs = ifp.length > 0 ? essentialContactSegments(region, house) : [];
  const problem = makeRotation(id, deg, house, region, segs, null);
  problem.setIfp(ifp);
  return { id, deg, house, ifp, segs, problem, direct: false };
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
  const problem = buildRotation(id, deg, region, rotateAboutOrigin(houseCentred, deg));
  return { id, deg, house: problem.house, ifp: [], segs: problem.segs, problem, direct: true };
}

/** Distance from (x, y) to the nearest contact segment: the clearance of the house placed at (x, y). */
export function clearanceAt(rot: V2Rotation, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; 4 * i < rot.segs.length; i++) best = Math.min(best, segDist(rot.segs, i, x, y));
  return best;
}

/** Is (x, y) feasible: crossing parity in the IFP (candidates near its boundary are skipped), or exactly. */
export function insideIfp(rot: V2Rotation, x: number, y: number): boolean {
  return rot.direct ? feasibleExact(rot.problem, x, y) : insideOfIfp(rot.problem, x, y);
}

/** Bounding boxes [x0, y0, x1, y1] of the IFP components (direct: the translation box). */
export function ifpBoxes(rot: V2Rotation): [number, number, number, number][] {
  if (rot.direct) return rot.problem.box ? [rot.problem.box] : [];
  return boxesOfIfp(rot.problem);
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
  if (rot.direct) {
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
