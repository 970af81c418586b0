/** A point [x, y] in metres. */
export type Point = [number, number];
/** An open ring: vertices in order, the closing duplicate removed. */
export type Ring = Point[];
/**
 * Flat coordinates (e.g. [ax, ay, bx, by] per segment) as a plain array of doubles: small typed arrays cost about
 * half a microsecond each to allocate on Node 24 (an off-heap buffer), plain arrays a few nanoseconds. Build with
 * doubles() so the array holds unboxed doubles from the start.
 */
export type Flat = number[];

/** An empty array whose elements are unboxed doubles (an array that starts with integers would first hold them as small integers, and code reading both kinds is slower). */
export function doubles(): Flat {
  const a = [0.5];
  a.pop();
  return a;
}

/** A polygon with holes. After normalisation the outer ring is counter-clockwise and holes clockwise. */
export interface PolygonWithHoles {
  outer: Ring;
  holes: Ring[];
}
