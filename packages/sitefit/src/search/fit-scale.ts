// For a house that fits nowhere: the largest uniform scale at which it would fit, to tell the user how much
// too large it is. Bisection on the scale; a scale fits when some rotation's inner-fit polygon is non-empty.
import type { PolygonWithHoles, Ring } from '../geom/types.ts';
import { innerFitPolygon } from './ifp.ts';
import { rotateAboutOrigin } from './rotation.ts';

/**
 * Largest s in [0, 1] (to about 0.1 %) such that the house scaled by s about its centroid fits the region at
 * one of the rotations. `centred` has its centroid at the origin, `region` is in a local frame.
 */
export async function maxFittingScale(
  region: readonly PolygonWithHoles[],
  centred: Ring,
  rotations: readonly number[],
  areaRatio: number,
  signal?: AbortSignal,
): Promise<number> {
  const rotated = rotations.map((deg) => rotateAboutOrigin(centred, deg));
  const fits = async (s: number): Promise<boolean> => {
    for (const h of rotated) {
      if (signal?.aborted) throw signal.reason;
      const ifp = innerFitPolygon(
        region,
        h.map(([x, y]) => [x * s, y * s]),
      );
      if (ifp.length > 0) return true;
    }
    await new Promise((resolve) => setImmediate(resolve));
    return false;
  };
  let lo = 0;
  // The scaled house's area cannot exceed the region's.
  let hi = Math.min(1, Math.sqrt(areaRatio));
  if (await fits(hi)) return hi;
  for (let i = 0; i < 12 && hi - lo > 1e-3; i++) {
    const mid = (lo + hi) / 2;
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
