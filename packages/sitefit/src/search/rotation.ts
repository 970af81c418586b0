// Per-rotation data of the search: the rotated house, its inner-fit polygon and its contact segments.
import { bounds, cosSinDeg } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { contactSegments } from './contact.ts';
import { innerFitPolygon } from './ifp.ts';

export interface RotationProblem {
  id: number;
  /** Rotation of the house about its centroid, degrees counter-clockwise. */
  deg: number;
  /** The rotated house with its centroid at the local origin. */
  house: Ring;
  /** Contact segments (see contact.ts). */
  segs: Float64Array;
  /** Inner-fit polygon in the local frame (metres, 1 mm grid). */
  ifp: PolygonWithHoles[];
  /** All IFP rings flattened, for point location by crossing parity. */
  ifpFlat: Float64Array[];
  /** Exclusion discs from already selected placements, flat [x, y, radius]*. */
  excl: number[];
}

/** Rotates a ring about the origin. */
export function rotateAboutOrigin(ring: Ring, deg: number): Ring {
  const [c, s] = cosSinDeg(deg);
  return ring.map(([x, y]) => [c * x - s * y, s * x + c * y] as Point);
}

/** Builds the rotation's data; `houseCentred` has its centroid at the origin, `region` is in the local frame. */
export function buildRotation(
  id: number,
  deg: number,
  region: readonly PolygonWithHoles[],
  houseCentred: Ring,
): RotationProblem {
  const house = rotateAboutOrigin(houseCentred, deg);
  const ifp = innerFitPolygon(region, house);
  const ifpFlat: Float64Array[] = [];
  for (const p of ifp)
    for (const r of [p.outer, ...p.holes]) {
      const f = new Float64Array(r.length * 2);
      r.forEach(([x, y], i) => {
        f[2 * i] = x;
        f[2 * i + 1] = y;
      });
      ifpFlat.push(f);
    }
  return { id, deg, house, segs: contactSegments(region, house), ifp, ifpFlat, excl: [] };
}

/** Crossing-parity point location in the IFP (floating point; only used to classify search cells). */
export function insideIfp(rot: RotationProblem, x: number, y: number): boolean {
  let inside = false;
  for (const f of rot.ifpFlat) {
    const n = f.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = f[i + 1];
      const yj = f[j + 1];
      if (yi > y !== yj > y && x < ((f[j] - f[i]) * (y - yi)) / (yj - yi) + f[i]) inside = !inside;
    }
  }
  return inside;
}

/** Bounding boxes of the IFP components. */
export function ifpBoxes(rot: RotationProblem): [number, number, number, number][] {
  return rot.ifp.map((p) => bounds([p.outer]));
}
