// Candidate positions for labels, in paper mm: beside a segment (outside first), inside a polygon (from its
// centre outwards), and around a point (with a leader line).
import { pointInRing } from '../../geom/predicates.ts';
import { bounds, centroid, signedArea } from '../../geom/ring.ts';
import type { Point } from '../../geom/types.ts';
import { besidePoint, labelSize } from './labels.ts';

type Candidate = { x: number; y: number; leader?: [number, number] };

/** Grid points tried inside a polygon at most (the grid coarsens beyond). */
const MAX_GRID = 5000;

/**
 * Beside segment a-b at a few places along it; `outward` is +1 when the outside is on the right of a->b
 * (in the paper's own coordinates), -1 when on the left. Outside first, then inside.
 */
export function besideSegment(
  a: Point,
  b: Point,
  outward: number,
  w: number,
  h: number,
  gap = 0.8,
  along = [0.5, 0.3, 0.7],
): Candidate[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const right: [number, number] = [dy / len, -dx / len];
  const out: Candidate[] = [];
  for (const side of [outward, -outward]) {
    const n: [number, number] = [right[0] * side, right[1] * side];
    for (const t of along) out.push(besidePoint([a[0] + t * dx, a[1] + t * dy], n, w, h, gap));
  }
  return out;
}

/** +1 when the outside of a ring (as the area it bounds) is on the right of its edges, else -1. */
export function outsideSide(ring: readonly Point[]): number {
  return signedArea(ring) > 0 ? 1 : -1;
}

/**
 * Points inside `ring` (closed, paper mm) and outside every ring of `avoid`, on a grid of `step` mm, nearest
 * to the ring's centroid first (at most `max`). Lazy: the point-in-ring tests (a 2000-vertex parcel makes each
 * one cost) run only for the candidates the placer gets to.
 */
export function* insidePoints(
  ring: readonly Point[],
  avoid: readonly Point[][],
  step: number,
  max = 300,
  within?: readonly [number, number, number, number],
): Generator<Candidate> {
  const open = ring.slice(0, -1);
  const b = bounds([open]);
  // Only the part on the sheet (a detail shows a window of a large parcel), on a grid of bounded size.
  const [x0, y0, x1, y1] = within
    ? [
        Math.max(b[0], within[0]),
        Math.max(b[1], within[1]),
        Math.min(b[2], within[2]),
        Math.min(b[3], within[3]),
      ]
    : b;
  if (!(x1 > x0 && y1 > y0)) return;
  const g = Math.max(step, Math.sqrt(((x1 - x0) * (y1 - y0)) / MAX_GRID));
  const rc = centroid(ring);
  const c: Point =
    rc[0] >= x0 && rc[0] <= x1 && rc[1] >= y0 && rc[1] <= y1 ? rc : [(x0 + x1) / 2, (y0 + y1) / 2];
  const pts: Point[] = [c];
  for (let x = x0 + g / 2; x < x1; x += g) for (let y = y0 + g / 2; y < y1; y += g) pts.push([x, y]);
  const d = (p: Point) => Math.hypot(p[0] - c[0], p[1] - c[1]);
  pts.sort((p, q) => d(p) - d(q));
  const holes = avoid.map((r) => r.slice(0, -1));
  let n = 0;
  for (const p of pts) {
    if (n >= max) return;
    if (pointInRing(p, open) <= 0 || holes.some((r) => pointInRing(p, r) >= 0)) continue;
    n++;
    yield { x: p[0], y: p[1] };
  }
}

/** Around point p: p itself, then rings of 12 positions further out, each with a leader line back to p. */
export function aroundPoint(p: Point, text: string, size: number, bold = false): Candidate[] {
  const [w, h] = labelSize(text, size, bold);
  const out: Candidate[] = [{ x: p[0], y: p[1] }];
  for (const k of [1.2, 2, 3, 4.5, 6, 8, 11, 15]) {
    for (let i = 0; i < 12; i++) {
      const a = (i * Math.PI) / 6 - Math.PI / 2;
      const c = besidePoint(p, [Math.cos(a), Math.sin(a)], w, h, k * h);
      out.push({ ...c, leader: [p[0], p[1]] });
    }
  }
  return out;
}
