// The point of a region farthest from its boundary (largest inscribed circle), with the same branch and bound.
import { bounds } from '../geom/ring.ts';
import { doubles, type Point, type PolygonWithHoles } from '../geom/types.ts';
import { BranchAndBound } from './bnb.ts';
import { makeRotation } from './rotation.ts';

/**
 * Largest-clearance point of a region (polygons with holes, any frame): its location and distance to the
 * region boundary, to within `precision` (default 1e-5 m) of the optimum; null for an empty region.
 */
export async function maxClearancePoint(
  region: readonly PolygonWithHoles[],
  opts: { precision?: number; signal?: AbortSignal; maxCells?: number } = {},
): Promise<{ point: Point; clearance: number } | null> {
  const rings = region.flatMap((p) => [p.outer, ...p.holes]);
  // Region edges act as the "contact segments": the distance to the nearest is the distance to the boundary.
  const segs = doubles();
  for (const r of rings)
    for (let i = 0; i < r.length; i++) {
      const [ax, ay] = r[i];
      const [bx, by] = r[(i + 1) % r.length];
      segs.push(ax, ay, bx, by);
    }
  const box = bounds(region.map((p) => p.outer));
  const problem = makeRotation(0, 0, [], region, segs, box);
  // The region itself plays the inner-fit polygon: its inside is where the clearance is defined.
  problem.setIfp(region.slice());
  const search = new BranchAndBound({
    precision: opts.precision ?? 1e-5,
    seed: 1,
    signal: opts.signal,
    maxCells: opts.maxCells,
  });
  search.add(problem);
  const best = await search.best();
  return best ? { point: [best.x, best.y], clearance: best.clearance } : null;
}
