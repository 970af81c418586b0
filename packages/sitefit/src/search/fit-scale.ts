// For a house that fits nowhere: the largest uniform scale at which it would fit, to tell the user how much
// too large it is. Bisection on the scale; a scale fits when some rotation's inner-fit polygon is non-empty.
import { bounds } from '../geom/ring.ts';
import type { PolygonWithHoles, Ring } from '../geom/types.ts';
import { innerFitPolygon } from './ifp.ts';
import { rotateAboutOrigin } from './rotation.ts';

/**
 * Slack of the bounding-box prefilter (metres): a rotation whose scaled house box exceeds the region's box by
 * more than this cannot have a non-empty inner-fit polygon, even after Clipper's 1 mm rounding.
 */
const BOX_SLACK = 0.002;
/** Yield to the event loop after this much uninterrupted work (ms). */
const YIELD_MS = 4;

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
  const [rx0, ry0, rx1, ry1] = bounds(region.map((p) => p.outer));
  // Per rotation the largest scale its bounding box allows (a necessary condition, like the reference grid's
  // box test): rotations are tried from the most promising, and skipped without Clipper above their limit.
  // Neither changes whether a scale fits, only how soon that is known.
  const rotated = rotations
    .map((deg) => {
      const h = rotateAboutOrigin(centred, deg);
      const [x0, y0, x1, y1] = bounds([h]);
      const limit = Math.min((rx1 - rx0 + BOX_SLACK) / (x1 - x0), (ry1 - ry0 + BOX_SLACK) / (y1 - y0));
      return { h, limit };
    })
    .sort((a, b) => b.limit - a.limit);
  let lastYield = performance.now();
  const fits = async (s: number): Promise<boolean> => {
    for (const { h, limit } of rotated) {
      if (s > limit) break;
      if (signal?.aborted) throw signal.reason;
      const ifp = innerFitPolygon(
        region,
        h.map(([x, y]) => [x * s, y * s]),
      );
      if (ifp.length > 0) return true;
    }
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (signal?.aborted) throw signal.reason;
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
