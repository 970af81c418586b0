// Reference grid search: the seed's algorithm (every rotation x a grid of translations at grid_step) but with
// exact containment from the independent checker. It also counts what the seed's 20-point boundary sampling
// would have accepted wrongly. An oracle for tests and the benchmark, deliberately simple and slow.
import { checkPlacement, sampledInside, sampledSetback, samplePerimeter } from './checker.ts';

type P = readonly number[];

export interface GridPlacement {
  rotationDeg: number;
  /** Contract translation (rotate about the centroid, then translate). */
  translation: [number, number];
  setback: number;
}

export interface GridSearchResult {
  best: GridPlacement | null;
  evaluated: number;
  feasible: number;
  /** Placements the 20-point sampling accepts although the house is not inside (only with `sampled`). */
  falseAccepts: number;
  /** The best setback the seed would have reported: sampled distances over sampled accepts. */
  sampledBest: number | null;
}

function openRing(r: readonly P[]): number[][] {
  const o = r.map((p) => [p[0], p[1]]);
  const f = o[0];
  const l = o[o.length - 1];
  if (o.length > 1 && f[0] === l[0] && f[1] === l[1]) o.pop();
  return o;
}

/** Area centroid, written independently of the optimiser's. */
function centroidOf(r: number[][]): number[] {
  let a = 0;
  let x = 0;
  let y = 0;
  const [ox, oy] = r[0];
  for (let i = 0; i < r.length; i++) {
    const p = [r[i][0] - ox, r[i][1] - oy];
    const q = [r[(i + 1) % r.length][0] - ox, r[(i + 1) % r.length][1] - oy];
    const c = p[0] * q[1] - q[0] * p[1];
    a += c;
    x += (p[0] + q[0]) * c;
    y += (p[1] + q[1]) * c;
  }
  return [ox + x / (3 * a), oy + y / (3 * a)];
}

function rotated(r: number[][], deg: number, c: number[]): number[][] {
  const t = (deg * Math.PI) / 180;
  // Exact quarter turns keep axis-aligned cases exact, as in the optimiser's transform.
  const q = ((deg % 360) + 360) % 360;
  const cos = q === 90 || q === 270 ? 0 : q === 180 ? -1 : q === 0 ? 1 : Math.cos(t);
  const sin = q === 0 || q === 180 ? 0 : q === 90 ? 1 : q === 270 ? -1 : Math.sin(t);
  return r.map(([x, y]) => [
    c[0] + cos * (x - c[0]) - sin * (y - c[1]),
    c[1] + sin * (x - c[0]) + cos * (y - c[1]),
  ]);
}

/**
 * Runs the grid: the house centroid visits every point minX + i·step, minY + j·step of the parcel's bounding
 * box, at every rotation. With `sampled`, also evaluates the seed's 20-point containment at every point.
 */
export function gridSearch(
  parcelOuter: readonly P[],
  parcelHoles: readonly (readonly P[])[],
  house: readonly P[],
  rotations: readonly number[],
  gridStep: number,
  opts: { sampled?: boolean } = {},
): GridSearchResult {
  const outer = openRing(parcelOuter);
  const h = openRing(house);
  const c = centroidOf(h);
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [lo(xs), hi(xs), lo(ys), hi(ys)];
  const res: GridSearchResult = { best: null, evaluated: 0, feasible: 0, falseAccepts: 0, sampledBest: null };
  for (const deg of rotations) {
    const base = rotated(h, deg, c);
    const samples = opts.sampled ? samplePerimeter(base, 20) : [];
    const bx = base.map((p) => p[0] - c[0]);
    const by = base.map((p) => p[1] - c[1]);
    const [bx0, bx1, by0, by1] = [lo(bx), hi(bx), lo(by), hi(by)];
    for (let i = 0; minX + i * gridStep <= maxX + 1e-9; i++) {
      const px = minX + i * gridStep;
      for (let j = 0; minY + j * gridStep <= maxY + 1e-9; j++) {
        const py = minY + j * gridStep;
        const tx = px - c[0];
        const ty = py - c[1];
        res.evaluated++;
        const boxFits = px + bx0 >= minX && px + bx1 <= maxX && py + by0 >= minY && py + by1 <= maxY;
        let sampledOk = false;
        if (opts.sampled) {
          const s = samples.map((p) => [p[0] + tx, p[1] + ty]);
          sampledOk = sampledInside(outer, parcelHoles, s);
          if (sampledOk) {
            const d = sampledSetback(outer, parcelHoles, s);
            if (res.sampledBest === null || d > res.sampledBest) res.sampledBest = d;
          }
        }
        // The bounding-box test only skips placements that cannot be inside (a speed-up, not a filter).
        const check = boxFits
          ? checkPlacement(
              outer,
              parcelHoles,
              base.map((p) => [p[0] + tx, p[1] + ty]),
            )
          : null;
        const inside = check?.inside ?? false;
        if (sampledOk && !inside) res.falseAccepts++;
        if (!check || !inside) continue;
        res.feasible++;
        if (!res.best || check.minSetback > res.best.setback) {
          res.best = { rotationDeg: deg, translation: [tx, ty], setback: check.minSetback };
        }
      }
    }
  }
  return res;
}

// Loops, not Math.min(...xs): no argument spreading over input-sized arrays (and no code shared with the solver).
function lo(xs: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const x of xs) if (x < m) m = x;
  return m;
}

function hi(xs: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > m) m = x;
  return m;
}
