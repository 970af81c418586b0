// Convex hull of a point set (exact turns).
import { orient } from './predicates.ts';
import type { Point, Ring } from './types.ts';

/** Convex hull (Andrew's monotone chain, exact turns), counter-clockwise without collinear points. */
export function convexHull(points: readonly Point[]): Ring {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const chain = (out: Point[], q: Point) => {
    while (out.length >= 2 && orient(out[out.length - 2], out[out.length - 1], q) <= 0) out.pop();
    out.push(q);
  };
  const lower: Point[] = [];
  const upper: Point[] = [];
  for (const q of p) chain(lower, q);
  for (let i = p.length - 1; i >= 0; i--) chain(upper, p[i]);
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
