// Per-rotation data of the search: the rotated house, its contact segments and (lazily) its inner-fit polygon.
import { pointSegmentDistanceXY } from '../geom/predicates.ts';
import { bounds, rotateAboutOrigin } from '../geom/ring.ts';
import type { Flat, PolygonWithHoles, Ring } from '../geom/types.ts';
import { essentialContactSegments } from './contact.ts';
import { innerFitPolygon } from './ifp.ts';

export interface RotationProblem {
  id: number;
  /** Rotation of the house about its centroid, degrees counter-clockwise. */
  deg: number;
  /** The rotated house with its centroid at the local origin. */
  house: Ring;
  /** The region in the local frame. */
  region: readonly PolygonWithHoles[];
  /** Contact segments that can realise the clearance or bound the feasible set (essentialContactSegments). */
  segs: Flat;
  /** Translations keeping the house's bounding box in the region's: a superset of the IFP; null when empty. */
  box: [number, number, number, number] | null;
  /** Inner-fit polygon in the local frame (metres, 1 mm grid): computed by Clipper2 on first access. */
  readonly ifp: PolygonWithHoles[];
  /** All IFP rings flattened, for point location by crossing parity (computes the IFP if needed). */
  readonly ifpFlat: Float64Array[];
  /** True once the IFP has been computed or set. */
  readonly ifpReady: boolean;
  /** Replaces the IFP (e.g. by a region searched directly). */
  setIfp(ifp: PolygonWithHoles[]): void;
  /** Exclusion discs from already selected placements, flat [x, y, radius]*. */
  excl: number[];
  /** An upper bound of the clearance anywhere in this rotation (e.g. widthBound), capping its cells' bounds. */
  cap: number;
}

/** The lazily computed inner-fit polygon behind RotationProblem. */
class Rotation implements RotationProblem {
  id: number;
  deg: number;
  house: Ring;
  region: readonly PolygonWithHoles[];
  segs: Flat;
  box: [number, number, number, number] | null;
  excl: number[] = [];
  cap = Number.POSITIVE_INFINITY;
  #ifp: PolygonWithHoles[] | null = null;
  #flat: Float64Array[] = [];

  constructor(
    id: number,
    deg: number,
    house: Ring,
    region: readonly PolygonWithHoles[],
    segs: Flat,
    box: [number, number, number, number] | null,
  ) {
    this.id = id;
    this.deg = deg;
    this.house = house;
    this.region = region;
    this.segs = segs;
    this.box = box;
  }

  get ifp(): PolygonWithHoles[] {
    if (!this.#ifp) this.setIfp(innerFitPolygon(this.region, this.house));
    return this.#ifp!;
  }

  get ifpFlat(): Float64Array[] {
    this.ifp;
    return this.#flat;
  }

  get ifpReady(): boolean {
    return this.#ifp !== null;
  }

  setIfp(ifp: PolygonWithHoles[]): void {
    this.#ifp = ifp;
    this.#flat = [];
    for (const p of ifp)
      for (const r of [p.outer, ...p.holes]) {
        const f = new Float64Array(r.length * 2);
        r.forEach(([x, y], i) => {
          f[2 * i] = x;
          f[2 * i + 1] = y;
        });
        this.#flat.push(f);
      }
  }
}

/** A rotation problem over an arbitrary region (the house may be empty); segs and box as given. */
export function makeRotation(
  id: number,
  deg: number,
  house: Ring,
  region: readonly PolygonWithHoles[],
  segs: Flat,
  box: [number, number, number, number] | null,
): RotationProblem {
  return new Rotation(id, deg, house, region, segs, box);
}

/** Builds the rotation's data; `houseCentred` has its centroid at the origin, `region` is in the local frame. */
export function buildRotation(
  id: number,
  deg: number,
  region: readonly PolygonWithHoles[],
  houseCentred: Ring,
): RotationProblem {
  const house = rotateAboutOrigin(houseCentred, deg);
  return new Rotation(
    id,
    deg,
    house,
    region,
    essentialContactSegments(region, house),
    translationBox(region, house),
  );
}

/** Translations keeping the (rotated) house's bounding box inside the region's; null when there are none. */
export function translationBox(
  region: readonly PolygonWithHoles[],
  house: Ring,
): [number, number, number, number] | null {
  const [rx0, ry0, rx1, ry1] = regionBounds(region);
  const [hx0, hy0, hx1, hy1] = bounds([house]);
  const box: [number, number, number, number] = [rx0 - hx0, ry0 - hy0, rx1 - hx1, ry1 - hy1];
  return box[2] > box[0] && box[3] > box[1] ? box : null;
}

/** The region's bounding box, once per region (every rotation of a search shares the region array). */
const boundsCache = new WeakMap<readonly PolygonWithHoles[], [number, number, number, number]>();

export function regionBounds(region: readonly PolygonWithHoles[]): [number, number, number, number] {
  let b = boundsCache.get(region);
  if (!b) {
    b = bounds(region.map((p) => p.outer));
    boundsCache.set(region, b);
  }
  return b;
}

/** Bounding boxes of the IFP components (computes the IFP if needed). */
export function ifpBoxes(rot: RotationProblem): [number, number, number, number][] {
  return rot.ifp.map((p) => bounds([p.outer]));
}

/** Distance from (x, y) to the nearest IFP ring edge (computes the IFP if needed). */
export function distanceToIfp(rot: RotationProblem, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const f of rot.ifpFlat) {
    const n = f.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const d = pointSegmentDistanceXY(x, y, f[j], f[j + 1], f[i], f[i + 1]);
      if (d < best) best = d;
    }
  }
  return best;
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
