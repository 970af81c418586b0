// The contract's transform: rotate the house about its own centroid, then translate.
import { centroid, cosSinDeg } from './ring.ts';
import type { Point, Ring } from './types.ts';

/** Places an open ring: rotate by deg counter-clockwise about its centroid, then translate by (tx, ty). */
export function placeRing(house: Ring, deg: number, tx: number, ty: number): Ring {
  const [cx, cy] = centroid(house);
  const [c, s] = cosSinDeg(deg);
  return house.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    return [cx + (c * dx - s * dy) + tx, cy + (s * dx + c * dy) + ty] as Point;
  });
}
