/** A point [x, y] in metres. */
export type Point = [number, number];
/** An open ring: vertices in order, the closing duplicate removed. */
export type Ring = Point[];
/** A polygon with holes. After normalisation the outer ring is counter-clockwise and holes clockwise. */
export interface PolygonWithHoles {
  outer: Ring;
  holes: Ring[];
}
