// Branch and bound for the largest clearance over (rotation, translation), shared by all rotations so that
// rotations that cannot win are never refined. Cells are squares in a rotation's translation space; each
// holds an upper bound of the clearance reachable inside it. Cells are never thrown away except when they
// provably hold no feasible point or lie inside an exclusion disc, so the search can be re-run after each
// selected placement adds a disc ("the best placement not near-duplicating one already chosen").
import { boundArg, cellBound, segDist } from './contact.ts';
import { ifpBoxes, insideIfp, type RotationProblem } from './rotation.ts';

interface Cell {
  rot: RotationProblem;
  x: number;
  y: number;
  /** Half the side. */
  h: number;
  /** Distance from the centre to the nearest contact segment (the clearance if the centre is feasible). */
  f: number;
  feasible: boolean;
  ub: number;
  /** Best evaluated point of the cell: the bound's maximiser when it beats the centre, else the centre. */
  px: number;
  py: number;
  pf: number;
  /** Contact segments that can still be nearest anywhere in this cell (null: all). */
  list: Int32Array | null;
  key: number;
}

export interface Candidate {
  rot: RotationProblem;
  x: number;
  y: number;
  clearance: number;
}

export interface SearchOptions {
  /** Stop refining when no cell can beat the best by more than this (metres). */
  precision: number;
  seed: number;
  signal?: AbortSignal;
}

/** Below this centre clearance the Clipper polygon (1 mm grid) may misclassify the centre. */
const CLASSIFY_MARGIN = 0.002;
/** Cells are not split below this half-size (metres). */
const MIN_HALF = 1e-5;
/** Clearances equal within this are ties, broken by the seeded key. */
const TIE = 1e-9;

function mix(a: number): number {
  let h = a | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Heap order: larger bound first; among equal bounds the better point first (depth-first on plateaus). */
function above(a: Cell, b: Cell): boolean {
  return a.ub > b.ub || (a.ub === b.ub && (a.pf > b.pf || (a.pf === b.pf && a.key < b.key)));
}

export class BranchAndBound {
  readonly rotations: RotationProblem[] = [];
  private readonly heap: Cell[] = [];
  private readonly settled: Cell[] = [];
  private readonly opts: SearchOptions;
  private counter = 0;
  private lastYield = performance.now();
  private dist = new Float64Array(64);
  private nearest = new Int32Array(4);
  /** Cells evaluated so far (for the benchmark). */
  evaluated = 0;

  constructor(opts: SearchOptions) {
    this.opts = opts;
  }

  /** Adds a rotation's root cells: squares covering each IFP component's bounding box. */
  add(rot: RotationProblem): void {
    this.rotations.push(rot);
    if (this.dist.length < rot.segs.length / 4) this.dist = new Float64Array(rot.segs.length / 4);
    for (const [x0, y0, x1, y1] of ifpBoxes(rot)) {
      const w = x1 - x0;
      const hgt = y1 - y0;
      // Squares no thinner than 1/32 of the long side, so a sliver region does not explode the root count.
      const side = Math.max(Math.min(w, hgt), Math.max(w, hgt) / 32, 1e-4);
      const nx = Math.ceil(w / side);
      const ny = Math.ceil(hgt / side);
      for (let i = 0; i < nx; i++)
        for (let j = 0; j < ny; j++) {
          const c = this.evaluate(rot, x0 + (i + 0.5) * side, y0 + (j + 0.5) * side, side / 2, null);
          if (c) this.push(c);
        }
    }
  }

  /** Moves another search's rotations and cells into this one (used after angle refinement). */
  adopt(other: BranchAndBound): void {
    for (const r of other.rotations) this.rotations.push(r);
    for (const c of other.heap) this.push(c);
    for (const c of other.settled) this.settled.push(c);
    if (this.dist.length < other.dist.length) this.dist = new Float64Array(other.dist.length);
    this.evaluated += other.evaluated;
  }

  private evaluate(rot: RotationProblem, x: number, y: number, h: number, parent: Cell | null): Cell | null {
    this.evaluated++;
    const segs = rot.segs;
    const list = parent ? parent.list : null;
    const n = list ? list.length : segs.length / 4;
    const dist = this.dist;
    let f = Number.POSITIVE_INFINITY;
    for (let q = 0; q < n; q++) {
      const d = segDist(segs, list ? list[q] : q, x, y);
      dist[q] = d;
      if (d < f) f = d;
    }
    const r = h * Math.SQRT2;
    // Inside the parent's clear disc nothing separates the child from the feasible parent centre.
    const feasible =
      parent?.feasible && Math.hypot(x - parent.x, y - parent.y) < parent.f ? true : insideIfp(rot, x, y);
    let ub: number;
    let px = x;
    let py = y;
    let pf = f;
    if (feasible) {
      const near = this.nearest;
      // The four nearest segments (positions in the list), by insertion.
      let k = 0;
      for (let q = 0; q < n; q++) {
        const d = dist[q];
        if (k === 4 && d >= dist[near[3]]) continue;
        let p = k < 4 ? k++ : 3;
        while (p > 0 && dist[near[p - 1]] > d) {
          near[p] = near[p - 1];
          p--;
        }
        near[p] = q;
      }
      for (let q = 0; q < k; q++) near[q] = list ? list[near[q]] : near[q];
      ub = Math.min(f + r, cellBound(segs, near, k, x, y, h));
      // Where the bound peaks the clearance often equals the bound (plateaus, vertices of the medial axis):
      // evaluating it there lets the lower bound meet the upper bound without millimetre cells.
      const ax = x + boundArg[0];
      const ay = y + boundArg[1];
      if (ub < f + r && Math.hypot(ax - x, ay - y) < f) {
        let g = Number.POSITIVE_INFINITY;
        for (let q = 0; q < n && g > f; q++) {
          const d = segDist(segs, list ? list[q] : q, ax, ay);
          if (d < g) g = d;
        }
        if (g > f) {
          px = ax;
          py = ay;
          pf = g;
        }
      }
    } else {
      // A feasible point t of the cell is separated from the centre by the IFP boundary, which lies on the
      // contact segments, so its clearance is at most |t - c| - f ≤ r - f (r + f while f is within the
      // Clipper rounding, where the classification itself is uncertain).
      ub = f > CLASSIFY_MARGIN ? r - f : r + f;
      if (ub <= 0) return null;
    }
    let kept: Int32Array | null = null;
    if (h > MIN_HALF) {
      // Segments farther than f + 2r from the centre cannot be nearest anywhere in the cell.
      const limit = f + 2 * r;
      let m = 0;
      for (let q = 0; q < n; q++) if (dist[q] <= limit) m++;
      kept = new Int32Array(m);
      m = 0;
      for (let q = 0; q < n; q++) if (dist[q] <= limit) kept[m++] = list ? list[q] : q;
    }
    return {
      rot,
      x,
      y,
      h,
      f,
      px,
      py,
      pf,
      feasible,
      ub,
      list: kept,
      key: mix(this.opts.seed * 0x9e3779b1 + this.counter++),
    };
  }

  private free(c: Cell, x: number, y: number): boolean {
    const e = c.rot.excl;
    for (let i = 0; i < e.length; i += 3) if (Math.hypot(x - e[i], y - e[i + 1]) < e[i + 2]) return false;
    return true;
  }

  /** Clearance of the cell's best eligible point (its maximiser, else its centre), or -1 when neither is. */
  private value(c: Cell): number {
    if (!c.feasible) return -1;
    if (c.pf > c.f && this.free(c, c.px, c.py)) return c.pf;
    if (c.f > 0 && this.free(c, c.x, c.y)) return c.f;
    return -1;
  }

  private excluded(c: Cell): boolean {
    const e = c.rot.excl;
    const r = c.h * Math.SQRT2;
    for (let i = 0; i < e.length; i += 3)
      if (Math.hypot(c.x - e[i], c.y - e[i + 1]) + r < e[i + 2]) return true;
    return false;
  }

  /** Throws the abort reason when aborted; yields to the event loop when 4 ms have passed since the last yield. */
  async checkpoint(): Promise<void> {
    const { signal } = this.opts;
    if (signal?.aborted) throw signal.reason;
    if (performance.now() - this.lastYield > 4) {
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
      if (signal?.aborted) throw signal.reason;
    }
  }

  /**
   * The eligible translation (feasible, outside every exclusion disc) of largest clearance over all
   * rotations, to within `precision`, or null when none is left.
   */
  async best(): Promise<Candidate | null> {
    let best: Cell | null = null;
    let bestF = -1;
    const consider = (c: Cell) => {
      const v = this.value(c);
      if (v <= 0) return;
      if (!best || v > bestF + TIE || (v >= bestF - TIE && c.key < best.key)) {
        best = c;
        bestF = v;
      }
    };
    for (const c of this.heap) consider(c);
    for (const c of this.settled) consider(c);
    let steps = 0;
    while (this.heap.length > 0) {
      const top = this.heap[0];
      if (best && top.ub <= bestF + this.opts.precision) break;
      this.pop();
      if (this.excluded(top)) continue;
      if (top.h <= MIN_HALF) {
        this.settled.push(top);
        continue;
      }
      const h = top.h / 2;
      for (let i = 0; i < 4; i++) {
        const c = this.evaluate(top.rot, top.x + (i & 1 ? h : -h), top.y + (i & 2 ? h : -h), h, top);
        if (!c) continue;
        this.push(c);
        consider(c);
      }
      if ((++steps & 31) === 0) await this.checkpoint();
    }
    await this.checkpoint();
    if (!best) return null;
    const c: Cell = best;
    const alt = c.pf > c.f && this.free(c, c.px, c.py);
    return { rot: c.rot, x: alt ? c.px : c.x, y: alt ? c.py : c.y, clearance: bestF };
  }

  private push(c: Cell): void {
    const a = this.heap;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!above(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  private pop(): void {
    const a = this.heap;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && above(a[l], a[m])) m = l;
      if (r < a.length && above(a[r], a[m])) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m], a[i]];
      i = m;
    }
  }
}
