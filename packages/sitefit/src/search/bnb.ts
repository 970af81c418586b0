// Branch and bound for the largest clearance over (rotation, translation), shared by all rotations so that
// rotations that cannot win are never refined. Cells are squares in a rotation's translation space; each
// holds an upper bound of the clearance reachable inside it. Cells are never thrown away except when they
// provably hold no feasible point or lie inside an exclusion disc, so the search can be re-run after each
// selected placement adds a disc ("the best placement not near-duplicating one already chosen").
// The cells, rotation groups and the heap are in cells.ts, the tests on one translation in cell-tests.ts and the
// LP bound in cell-bound.ts; the search loop and the cell evaluation stay together in this class (over 400
// lines) because they share the incumbent, the scratch and the counters in the hot loop.

import type { Flat } from '../geom/types.ts';
import { boundArg, cellBound, insideDisc } from './cell-bound.ts';
import {
  auxOf,
  feasibleAt,
  feasibleExact,
  infeasibleDepth,
  infeasibleDist,
  pathCrosses,
  sqDist,
} from './cell-tests.ts';
import {
  type Cell,
  type Group,
  groupBound,
  type LazyRotation,
  popCell,
  pushCell,
  type RotState,
} from './cells.ts';
import { ifpBoxes, type RotationProblem } from './rotation.ts';

export type { LazyRotation } from './cells.ts';

const NO_DISCS: readonly number[] = [];

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
  /**
   * Stop once this many cells have been evaluated and a candidate exists (the best so far is returned, no
   * longer proven within precision). Deterministic, unlike a clock; unset: no cap (1.0.0's exact search).
   */
  maxCells?: number;
}

/**
 * Placements closer than this to the boundary (metres) are not offered, and cells that cannot beat it are
 * dropped: without a floor, a search left with no eligible point would split cells along the whole IFP
 * boundary down to the minimum size.
 */
export const MIN_CLEARANCE = 1e-3;
/** Root cells of a sliver box are at most this elongated (before the 64-root cap). */
const ROOT_ASPECT = 32;
/** Cells are not split below this half-size (metres). */
const MIN_HALF = 1e-7;
/** Exclusion discs are treated as this fraction larger when discarding whole cells. */
const EXCLUSION_SLACK = 0.02;
/** Yield to the event loop after this much uninterrupted work (ms). */
const YIELD_MS = 4;
/** Clearances equal within this are ties, broken by the seeded key. */
const TIE = 1e-9;

/** Nearest segments handed to the cell bound (it keeps up to 3 that are not redundant). */
const NEAREST = 6;
const scratch = {
  dist: new Float64Array(64),
  nearest: new Int32Array(NEAREST),
  nearD: new Float64Array(NEAREST),
  nearQ: new Int32Array(NEAREST),
  lp: new Float64Array(4),
};

function mix(a: number): number {
  let h = a | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class BranchAndBound {
  readonly rotations: RotationProblem[] = [];
  private readonly heap: Cell[] = [];
  private readonly settled: Cell[] = [];
  private readonly states = new Map<RotationProblem, RotState>();
  private readonly lazy = new Map<LazyRotation, RotState>();
  private readonly opts: SearchOptions;
  private counter = 0;
  private ticks = 0;
  private lastYield = performance.now();
  // Scratch shared by every search (filled and read within one synchronous evaluation; typed arrays are
  // costly to allocate per search, and angle refinement makes several searches).
  private readonly nearest = scratch.nearest;
  private nearCount = 0;
  private readonly lp = scratch.lp;
  /** Best clearance found by the running best() (-1 outside it): lets evaluate skip bounds that cannot matter. */
  private incumbent = -1;
  /** Cells evaluated so far (for the benchmark). */
  evaluated = 0;

  constructor(opts: SearchOptions) {
    this.opts = opts;
  }

  /**
   * Adds a rotation. Its root cells cover the IFP components' boxes when its IFP is set (maxClearancePoint),
   * else its translation box; cells are then classified exactly when they matter, so the search itself needs no
   * Clipper call.
   */
  add(rot: RotationProblem): void {
    const st = this.register(rot);
    this.seed(st, rot.ifpReady ? ifpBoxes(rot) : rot.box ? [rot.box] : [], null);
  }

  /**
   * Adds a rotation and, through its cells, `extras`: rotations within `slack / R` radians of it (R: the house's
   * largest centroid-to-vertex distance), which are only built and given cells of their own where that bound
   * is not enough (see Group). Neighbouring rotations whose clearance stays well below the best thus share
   * the coarse cells instead of each refining its own.
   */
  addGroup(rot: RotationProblem, extras: LazyRotation[], slack: number): void {
    const st = this.register(rot);
    let box = rot.box;
    let cap = Number.NEGATIVE_INFINITY;
    for (const e of extras) {
      cap = Math.max(cap, e.cap);
      if (!e.box) continue;
      box = box
        ? [
            Math.min(box[0], e.box[0]),
            Math.min(box[1], e.box[1]),
            Math.max(box[2], e.box[2]),
            Math.max(box[3], e.box[3]),
          ]
        : e.box;
    }
    this.seed(st, box ? [box] : [], extras.length > 0 ? { extras, slack, cap } : null);
  }

  private register(rot: RotationProblem): RotState {
    this.rotations.push(rot);
    if (scratch.dist.length < rot.segs.length / 4) scratch.dist = new Float64Array(rot.segs.length / 2);
    const st: RotState = { rot, aux: auxOf(rot.segs) };
    this.states.set(rot, st);
    return st;
  }

  /** The state of an extra rotation, built and registered on first use. */
  private lazyState(e: LazyRotation): RotState {
    let st = this.lazy.get(e);
    if (!st) {
      st = this.register(e.build());
      this.lazy.set(e, st);
    }
    return st;
  }

  private seed(st: RotState, boxes: readonly (readonly number[])[], grp: Group | null): void {
    for (const [x0, y0, x1, y1] of boxes) {
      const w = Math.max(x1 - x0, 1e-4);
      const hgt = Math.max(y1 - y0, 1e-4);
      // Square roots of the box's short side (overhanging it) for a fat box; a sliver instead gets at most 64
      // long thin roots tiling it, which are then halved along their long side.
      const short = Math.min(w, hgt);
      const long = Math.max(w, hgt);
      const sliver = long > ROOT_ASPECT * short;
      const nLong = sliver ? Math.min(64, Math.ceil(long / (ROOT_ASPECT * short))) : Math.ceil(long / short);
      const nx = w >= hgt ? nLong : 1;
      const ny = w >= hgt ? 1 : nLong;
      const hx = sliver ? w / nx / 2 : short / 2;
      const hy = sliver ? hgt / ny / 2 : short / 2;
      for (let i = 0; i < nx; i++)
        for (let j = 0; j < ny; j++) {
          const c = this.evaluate(st, x0 + (2 * i + 1) * hx, y0 + (2 * j + 1) * hy, hx, hy, null, grp);
          if (c) pushCell(this.heap, c);
        }
    }
  }

  /** Moves another search's rotations and cells into this one (used after angle refinement). */
  adopt(other: BranchAndBound): void {
    for (const r of other.rotations) this.rotations.push(r);
    for (const [r, st] of other.states) this.states.set(r, st);
    for (const c of other.heap) pushCell(this.heap, c);
    for (const c of other.settled) this.settled.push(c);
    this.evaluated += other.evaluated;
  }

  /**
   * Squared distance from (x, y) to the nearest of the listed segments (all when list is null); the NEAREST nearest
   * (segment indices) go to this.nearest, their count to this.nearCount, all squared distances to dist if given.
   */
  private scanNearest(
    aux: Flat,
    list: number[] | null,
    n: number,
    x: number,
    y: number,
    dist: Float64Array | null,
  ): number {
    // The NEAREST nearest segments (positions in the list) are kept by insertion on the way (ties: first wins).
    const nd = scratch.nearD;
    const nn = scratch.nearQ;
    let kept = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (let q = 0; q < n; q++) {
      const d = sqDist(aux, list ? list[q] : q, x, y);
      if (dist) dist[q] = d;
      if (d < worst) {
        let i = kept < NEAREST ? kept++ : NEAREST - 1;
        while (i > 0 && d < nd[i - 1]) {
          nd[i] = nd[i - 1];
          nn[i] = nn[i - 1];
          i--;
        }
        nd[i] = d;
        nn[i] = q;
        if (kept === NEAREST) worst = nd[NEAREST - 1];
      }
    }
    const count = Math.min(n, NEAREST);
    const near = this.nearest;
    for (let i = 0; i < count; i++) near[i] = list ? list[nn[i]] : nn[i];
    this.nearCount = count;
    const d0 = nd[0];
    return d0;
  }

  /**
   * The LP bound of a cell (see cellBound) from its nearest segments in this.nearest, and the clearance at the
   * bound's maximiser when it beats the centre's: [ub, px, py, pf] in this.lp.
   */
  private lpBound(
    st: RotState,
    list: number[] | null,
    n: number,
    x: number,
    y: number,
    hx: number,
    hy: number,
    f2: number,
    excl: readonly number[],
  ): void {
    const f = Math.sqrt(f2);
    const r = Math.sqrt(hx * hx + hy * hy);
    const lp = this.lp;
    lp[0] = Math.min(
      f + r,
      cellBound(
        st.rot.segs,
        this.nearest,
        this.nearCount,
        x,
        y,
        hx,
        hy,
        this.incumbent + this.opts.precision,
        excl,
      ),
    );
    lp[1] = x;
    lp[2] = y;
    lp[3] = f;
    // Where the bound peaks the clearance often equals the bound (plateaus, vertices of the medial axis):
    // evaluating it there lets the lower bound meet the upper bound without millimetre cells.
    const ax = x + boundArg[0];
    const ay = y + boundArg[1];
    if (lp[0] < f + r && boundArg[0] * boundArg[0] + boundArg[1] * boundArg[1] < f2) {
      let g2 = Number.POSITIVE_INFINITY;
      for (let q = 0; q < n && g2 > f2; q++) {
        const d = sqDist(st.aux, list ? list[q] : q, ax, ay);
        if (d < g2) g2 = d;
      }
      if (g2 > f2) {
        lp[1] = ax;
        lp[2] = ay;
        lp[3] = Math.sqrt(g2);
      }
    }
  }

  /** Replaces a loose cell's f + r bound by its LP bound (before it is split or offered). */
  /**
   * The segments its children must consider: the parent's list without those farther than f + 2r from the
   * centre (they cannot be nearest anywhere in the cell). Computed when the cell is split, which most cells
   * never are.
   */
  private childList(c: Cell): number[] | null {
    if (c.listReady) return c.list;
    c.listReady = true;
    const list = c.list;
    if (Math.max(c.hx, c.hy) <= MIN_HALF) return list;
    const aux = c.st.aux;
    const n = list ? list.length : c.rot.segs.length / 4;
    const limit = (c.f + 2 * Math.sqrt(c.hx * c.hx + c.hy * c.hy)) ** 2;
    let first = 0;
    while (first < n && sqDist(aux, list ? list[first] : first, c.x, c.y) <= limit) first++;
    if (first === n) return list;
    // Built by push: a packed array (a pre-sized one is holey, and slower to read in every descendant).
    const kept: number[] = [];
    for (let q = 0; q < first; q++) kept.push(list ? list[q] : q);
    for (let q = first + 1; q < n; q++) {
      const seg = list ? list[q] : q;
      if (sqDist(aux, seg, c.x, c.y) <= limit) kept.push(seg);
    }
    c.list = kept;
    return kept;
  }

  private tighten(c: Cell): void {
    c.loose = false;
    c.exN = c.rot.excl.length;
    const list = c.list;
    const n = list ? list.length : c.rot.segs.length / 4;
    const f2 = this.scanNearest(c.st.aux, list, n, c.x, c.y, null);
    // Exclusion discs are a rotation's own: a cell bounding other rotations too ignores them.
    this.lpBound(c.st, list, n, c.x, c.y, c.hx, c.hy, f2, c.grp ? NO_DISCS : c.rot.excl);
    const lp = this.lp;
    if (lp[0] < c.base) c.base = lp[0];
    c.ub = groupBound(c.base, c.grp);
    if (lp[3] > c.pf) {
      c.px = lp[1];
      c.py = lp[2];
      c.pf = lp[3];
    }
  }

  private evaluate(
    st: RotState,
    x: number,
    y: number,
    hx: number,
    hy: number,
    parent: Cell | null,
    group: Group | null = parent ? parent.grp : null,
  ): Cell | null {
    this.evaluated++;
    const rot = st.rot;
    const segs = rot.segs;
    const aux = st.aux;
    const list = parent ? parent.list : null;
    const n = list ? list.length : segs.length / 4;
    // Squared distances in the hot loop (one square root per cell, not per segment).
    const dist = scratch.dist;
    const f2 = this.scanNearest(aux, list, n, x, y, dist);
    const f = Math.sqrt(f2);
    const r = Math.sqrt(hx * hx + hy * hy);
    // Feasibility only changes across the feasible set's boundary, which lies on the contact segments: a child
    // whose centre is joined to its parent's by a path crossing none of them has the parent's class. Inside the
    // parent's clear disc nothing can cross; beyond it only a segment within |path| of the child centre can
    // (the parent's list holds every segment meeting the parent cell), tested with a margin (see pathCrosses).
    let cls = -1;
    let dep = 0;
    if (parent && parent.cls >= 0) {
      const ex = x - parent.x;
      const ey = y - parent.y;
      const e2 = ex * ex + ey * ey;
      let clear = e2 < parent.f * parent.f;
      if (!clear) {
        clear = true;
        for (let q = 0; q < n && clear; q++)
          if (dist[q] <= e2 && pathCrosses(segs, list ? list[q] : q, parent.x, parent.y, x, y)) clear = false;
      }
      if (clear) {
        cls = parent.cls;
        // The distance to the feasible set is 1-Lipschitz.
        if (cls === 0) dep = Math.max(f, parent.dep - Math.sqrt(e2));
      }
    }
    // With an IFP set, classifying is cheap: do it now so infeasible cells get the tight bound.
    if (cls === -1 && rot.ifpReady) cls = feasibleAt(rot, x, y, f) ? 1 : 0;
    let ownDepth = false;
    if (cls === -1) {
      // A vertex clearly on the wrong side proves the centre infeasible without the exact test, and gives the
      // tight bound at once instead of a feasibility-blind LP bound (and a later pop to classify the cell).
      const d = infeasibleDepth(rot, x, y);
      if (d > 0) {
        cls = 0;
        dep = d;
        ownDepth = true;
      }
    }
    let ub: number;
    let loose = false;
    let px = x;
    let py = y;
    let pf = f;
    if (cls !== 0) {
      // Valid whether or not the centre is feasible: it bounds the distance to the contact segments, which is
      // the clearance at every feasible point of the cell.
      // f + r is enough for now for a cell that cannot beat the incumbent; it is tightened if it ever matters.
      if (groupBound(Math.min(f + r, rot.cap), group) <= this.incumbent + this.opts.precision) {
        ub = f + r;
        loose = true;
      } else {
        this.lpBound(st, list, n, x, y, hx, hy, f2, group ? NO_DISCS : rot.excl);
        const lp = this.lp;
        ub = lp[0];
        px = lp[1];
        py = lp[2];
        pf = lp[3];
      }
    } else {
      if (rot.ifpReady) dep = Math.max(dep, infeasibleDist(rot, x, y, f));
      ub = r - Math.max(f, dep);
    }
    if (ub > rot.cap) ub = rot.cap;
    const base = ub;
    ub = groupBound(base, group);
    if (ub <= MIN_CLEARANCE) return null;
    return {
      rot,
      st,
      x,
      y,
      hx,
      hy,
      f,
      px,
      py,
      pf,
      cls,
      dep,
      ub,
      loose,
      exN: rot.excl.length,
      ownDepth,
      base,
      grp: group,
      list,
      listReady: false,
      key: mix(this.opts.seed * 0x9e3779b1 + this.counter++),
    };
  }

  private free(c: Cell, x: number, y: number): boolean {
    return !insideDisc(c.rot.excl, x, y);
  }

  /** Does an exclusion disc added since the cell's bound was computed meet the cell? (Else the bound stands.) */
  private newDiscMeets(c: Cell): boolean {
    const e = c.rot.excl;
    const r = Math.sqrt(c.hx * c.hx + c.hy * c.hy);
    for (let i = c.exN; i < e.length; i += 3) {
      const dx = c.x - e[i];
      const dy = c.y - e[i + 1];
      const reach = r + e[i + 2];
      if (dx * dx + dy * dy < reach * reach) return true;
    }
    c.exN = e.length;
    return false;
  }

  /** Clearance of the cell's best eligible point (its maximiser, else its centre), or -1 when neither is. */
  private value(c: Cell): number {
    if (c.cls !== 1) return -1;
    if (c.pf > c.f && this.free(c, c.px, c.py)) return c.pf;
    if (c.f > MIN_CLEARANCE && this.free(c, c.x, c.y)) return c.f;
    return -1;
  }

  /**
   * Classifies the centre and, when it is infeasible, bounds the cell by r − (a lower bound of the distance from
   * the centre to the feasible set). Exact (robust predicates on the placed house) unless the rotation's IFP is
   * set, which then decides away from its rounding.
   */
  private classify(c: Cell): void {
    if (c.cls !== -1) return;
    const ready = c.rot.ifpReady;
    // Without an IFP, a positive depth (a vertex clearly on the wrong side) already proves the centre
    // infeasible, which spares the exact test for most infeasible cells.
    const depth = ready ? 0 : infeasibleDepth(c.rot, c.x, c.y);
    if (depth > 0) c.cls = 0;
    else c.cls = (ready ? feasibleAt(c.rot, c.x, c.y, c.f) : feasibleExact(c.rot, c.x, c.y)) ? 1 : 0;
    if (c.cls === 0) {
      c.ownDepth = true;
      c.dep = ready ? infeasibleDist(c.rot, c.x, c.y, c.f) : Math.max(c.f, depth);
      c.base = Math.min(c.base, Math.sqrt(c.hx * c.hx + c.hy * c.hy) - c.dep);
      c.ub = groupBound(c.base, c.grp);
      c.pf = c.f;
      c.px = c.x;
      c.py = c.y;
    }
  }

  /**
   * Is the cell inside an exclusion disc grown by EXCLUSION_SLACK (2 %)? The slack stops the search from splitting
   * cells along a disc's rim down to the minimum size (millions of cells when the rim crosses a region with no
   * eligible point left); it only means a candidate just outside a disc (within 2 % of its radius) may be
   * passed over.
   */
  private excluded(c: Cell): boolean {
    const e = c.rot.excl;
    if (e.length === 0 || c.grp) return false;
    const r = Math.sqrt(c.hx * c.hx + c.hy * c.hy);
    for (let i = 0; i < e.length; i += 3) {
      const dx = c.x - e[i];
      const dy = c.y - e[i + 1];
      if (Math.sqrt(dx * dx + dy * dy) + r < e[i + 2] * (1 + EXCLUSION_SLACK)) return true;
    }
    return false;
  }

  /** Throws the abort reason when aborted; yields to the event loop when 4 ms have passed since the last yield. */
  async checkpoint(): Promise<void> {
    const { signal } = this.opts;
    if (signal?.aborted) throw signal.reason;
    if (performance.now() - this.lastYield > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
      if (signal?.aborted) throw signal.reason;
    }
  }

  /**
   * The eligible translation (feasible, outside every exclusion disc) of largest clearance over all
   * rotations, to within `precision` (the search's, unless given), or null when none is left.
   */
  async best(precision = this.opts.precision): Promise<Candidate | null> {
    this.opts.precision = precision;
    let best: Cell | null = null;
    let bestF = -1;
    this.incumbent = -1;
    const consider = (c: Cell) => {
      // Only a cell that could beat the incumbent is worth classifying here.
      if (c.cls === -1 && Math.max(c.f, c.pf) > bestF - TIE) this.classify(c);
      const v = this.value(c);
      if (v <= MIN_CLEARANCE) return;
      if (!best || v > bestF + TIE || (v >= bestF - TIE && c.key < best.key)) {
        best = c;
        bestF = v;
        this.incumbent = v;
      }
    };
    // Cells already in the heap are only scanned (classifying them could lower their bound inside the heap);
    // an unclassified one that matters has a bound above the incumbent and is classified when popped.
    const scan = (c: Cell) => {
      // Cheap pre-test: a cell whose best point cannot reach the incumbent needs no exclusion checks.
      if (c.cls === 1 && Math.max(c.f, c.pf) > bestF - TIE) consider(c);
    };
    for (const c of this.heap) scan(c);
    for (const c of this.settled) scan(c);
    const { signal } = this.opts;
    while (this.heap.length > 0) {
      // Check the clock every 8th iteration: reading it costs about as much as a small problem's iteration, and
      // eight of a large problem's (a classification each at most) stay well within the yield interval.
      if ((++this.ticks & 7) === 0 && (signal?.aborted || performance.now() - this.lastYield > YIELD_MS))
        await this.checkpoint();
      const top = this.heap[0];
      if (best && top.ub <= bestF + this.opts.precision) break;
      if (best && this.evaluated >= (this.opts.maxCells ?? Number.POSITIVE_INFINITY)) break;
      popCell(this.heap);
      if (this.excluded(top)) continue;
      if (
        top.loose ||
        (!top.grp && top.exN < top.rot.excl.length && top.cls !== 0 && this.newDiscMeets(top))
      ) {
        // Its f + r bound now matters, or a disc added since its bound was computed crosses it: recompute the
        // bound and let the heap place the cell again.
        this.tighten(top);
        consider(top);
        if (top.ub > 0) pushCell(this.heap, top);
        continue;
      }
      // A cell about to be split is classified first: an infeasible one gets the tighter bound (and is often
      // dropped), instead of being split with the bound that ignores feasibility. An infeasible class inherited
      // from the parent comes with the parent's depth, which fades with the distance from the parent's centre;
      // the cell's own depth is often far larger (a house corner metres outside).
      if (top.cls === 0 && !top.ownDepth && !top.rot.ifpReady) {
        top.ownDepth = true;
        const d = infeasibleDepth(top.rot, top.x, top.y);
        if (d > top.dep) {
          top.dep = d;
          top.base = Math.min(top.base, Math.sqrt(top.hx * top.hx + top.hy * top.hy) - d);
          top.ub = groupBound(top.base, top.grp);
        }
      }
      this.classify(top);
      consider(top);
      if (top.ub <= bestF + this.opts.precision || top.ub <= 0) {
        // Classification lowered the bound: keep the cell for later rounds.
        if (top.ub > 0) pushCell(this.heap, top);
        continue;
      }
      if (top.grp) {
        // Splitting does not shrink the slack: once it is a good part of the cell's reach, or the cell's own
        // rotation is done, each extra rotation gets a cell of its own over the same box.
        const r = Math.sqrt(top.hx * top.hx + top.hy * top.hy);
        if (
          top.base <= bestF + this.opts.precision ||
          top.grp.slack >= r / 2 ||
          Math.max(top.hx, top.hy) <= MIN_HALF
        ) {
          for (const e of top.grp.extras) {
            const c = this.evaluate(this.lazyState(e), top.x, top.y, top.hx, top.hy, null, null);
            if (!c) continue;
            consider(c);
            if (c.ub > 0) pushCell(this.heap, c);
          }
          top.grp = null;
          top.ub = top.base;
          // Its LP bound ignored its rotation's exclusion discs: recomputed when it matters.
          top.loose = true;
          if (top.ub > 0) pushCell(this.heap, top);
          continue;
        }
      }
      if (Math.max(top.hx, top.hy) <= MIN_HALF) {
        this.settled.push(top);
        continue;
      }
      // Halve the long side only when the cell is elongated, else both: children stay within aspect 2.
      this.childList(top);
      const splitX = top.hx >= top.hy / 2;
      const splitY = top.hy >= top.hx / 2;
      const hx = splitX ? top.hx / 2 : top.hx;
      const hy = splitY ? top.hy / 2 : top.hy;
      for (let i = 0; i < 4; i++) {
        if ((i & 1 && !splitX) || (i & 2 && !splitY)) continue;
        const cx = splitX ? top.x + (i & 1 ? hx : -hx) : top.x;
        const cy = splitY ? top.y + (i & 2 ? hy : -hy) : top.y;
        const c = this.evaluate(top.st, cx, cy, hx, hy, top);
        if (!c) continue;
        consider(c);
        if (c.ub > 0) pushCell(this.heap, c);
      }
    }
    this.incumbent = -1;
    await this.checkpoint();
    if (!best) return null;
    const c: Cell = best;
    const alt = c.pf > c.f && this.free(c, c.px, c.py);
    return { rot: c.rot, x: alt ? c.px : c.x, y: alt ? c.py : c.y, clearance: bestF };
  }
}
