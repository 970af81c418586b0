// A cheap upper bound of a rotation's clearance from widths. A house placed with clearance c lies, grown by c,
// inside the region, hence inside the convex hull of its outer rings: along every direction n the house's width
// plus 2c is at most the hull's. The bound is the minimum over the hull's edge normals and the house's edge
// normals (for two convex polygons one of these directions separates them best). A rotation whose bound is
// below the minimum clearance has no eligible placement and is not searched; the bound also caps its cells,
// which lets the search set aside a rotation that cannot beat the best without refining it.
import { convexHull } from '../geom/hull.ts';
import { cosSinDeg } from '../geom/ring.ts';
import { doubles, type Flat, type Point, type PolygonWithHoles, type Ring } from '../geom/types.ts';

export interface HullWidths {
  /** The hull's vertices, flat [x, y]*. */
  hull: Flat;
  /** Unit outward normals of the hull's edges and the hull's width along each. */
  nx: Flat;
  ny: Flat;
  width: Flat;
}

/** The hull of the region's outer rings and its widths along its own edge normals (once per search). */
export function hullWidths(region: readonly PolygonWithHoles[]): HullWidths {
  const pts: Point[] = [];
  for (const p of region) for (const v of p.outer) pts.push(v);
  const h = convexHull(pts);
  const k = h.length;
  const hull = doubles();
  const nx = doubles();
  const ny = doubles();
  const width = doubles();
  for (let i = 0; i < k; i++) hull.push(h[i][0], h[i][1]);
  for (let i = 0; i < k; i++) {
    const [ax, ay] = h[i];
    const [bx, by] = h[(i + 1) % k];
    const len = Math.sqrt((bx - ax) ** 2 + (by - ay) ** 2);
    nx.push((by - ay) / len);
    ny.push((ax - bx) / len);
    width.push(extent(hull, nx[i], ny[i]));
  }
  return { hull, nx, ny, width };
}

/** max − min of n·p over flat points. */
function extent(flat: Flat, nx: number, ny: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < flat.length; i += 2) {
    const v = nx * flat[i] + ny * flat[i + 1];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** The centred house as flat coordinates with its edges' unit outward normals (once per search). */
export interface HouseWidths {
  flat: Flat;
  nx: Flat;
  ny: Flat;
}

export function houseWidths(centred: Ring): HouseWidths {
  const m = centred.length;
  const flat = doubles();
  const nx = doubles();
  const ny = doubles();
  for (let j = 0; j < m; j++) {
    const [ax, ay] = centred[j];
    const [bx, by] = centred[(j + 1) % m];
    flat.push(ax, ay);
    const len = Math.sqrt((bx - ax) ** 2 + (by - ay) ** 2);
    nx.push(len > 0 ? (by - ay) / len : 0);
    ny.push(len > 0 ? (ax - bx) / len : 0);
  }
  return { flat, nx, ny };
}

/**
 * Upper bound of the clearance of the house rotated by `deg` anywhere in the region: min over the directions of
 * (hull width − house width) / 2. Negative when the house cannot fit at all. The directions are turned instead
 * of the house (no allocation). Floating point: the widths carry rounding of ~1e-15 relative, far below the
 * millimetre floor the search applies to it.
 */
export function widthBound(w: HullWidths, h: HouseWidths, deg: number): number {
  const [c, s] = cosSinDeg(deg);
  let best = Number.POSITIVE_INFINITY;
  // The house rotated by R along n has the unrotated house's extent along Rᵀn.
  for (let i = 0; i < w.nx.length; i++) {
    const b = w.width[i] - extent(h.flat, c * w.nx[i] + s * w.ny[i], c * w.ny[i] - s * w.nx[i]);
    if (b < best) best = b;
  }
  for (let j = 0; j < h.nx.length; j++) {
    const nx = c * h.nx[j] - s * h.ny[j];
    const ny = s * h.nx[j] + c * h.ny[j];
    const b = extent(w.hull, nx, ny) - extent(h.flat, h.nx[j], h.ny[j]);
    if (b < best) best = b;
  }
  return best / 2;
}
