// The contract's transform (both contracts): rotate the house about its own area centroid by `deg` degrees
// counter-clockwise, then translate. The one implementation: the solvers, the preview and the drawings use it.
import { centroid, cosSinDeg } from './ring.ts';
import type { Point } from './types.ts';

/** The transform part of a contract result (only what placing needs). */
export interface PlacementTransform {
  rotation: { value: number };
  translation: { x: number; y: number };
}

/**
 * Places a ring: rotate by deg counter-clockwise about its centroid, then translate by (tx, ty). Open rings stay
 * open and closed ones closed (every given position is mapped).
 */
export function placeRing(
  house: readonly (readonly number[])[],
  deg: number,
  tx: number,
  ty: number,
): Point[] {
  const [cx, cy] = centroid(house);
  const [c, s] = cosSinDeg(deg);
  return house.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    return [cx + (c * dx - s * dy) + tx, cy + (s * dx + c * dy) + ty] as Point;
  });
}

/** placeRing with a contract result's transform. */
export function placeByTransform(house: readonly (readonly number[])[], t: PlacementTransform): Point[] {
  return placeRing(house, t.rotation.value, t.translation.x, t.translation.y);
}
