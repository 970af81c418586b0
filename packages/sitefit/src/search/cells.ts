// The branch and bound's cells: what a cell holds, rotation groups (bounding neighbouring rotations through one
// rotation's cells), and the max-heap the search pops them from.
import type { Flat } from '../geom/types.ts';
import type { RotationProblem } from './rotation.ts';

/** Per-rotation state of a search (one object, so cells reach it without map lookups). */
export interface RotState {
  rot: RotationProblem;
  /** Per segment [ax, ay, dx, dy, 1/|d|²] for sqDist. */
  aux: Flat;
}

export interface Cell {
  rot: RotationProblem;
  st: RotState;
  x: number;
  y: number;
  /** Half the width and half the height (cells are rectangles of aspect at most 2, roots excepted). */
  hx: number;
  hy: number;
  /** Distance from the centre to the nearest contact segment (the clearance if the centre is feasible). */
  f: number;
  /** 1 feasible centre, 0 infeasible, -1 not classified yet (classified when it matters). */
  cls: number;
  /** When infeasible: a lower bound of the distance from the centre to the feasible translations. */
  dep: number;
  ub: number;
  /** ub is only f + r (the cell could not beat the incumbent when made): tightened when it matters. */
  loose: boolean;
  /** Exclusion discs of its rotation when ub was computed: a cell bounded before newer discs is re-bounded. */
  exN: number;
  /** The depth was computed at this cell (not inherited from its parent). */
  ownDepth: boolean;
  /** Bound of the clearance at this cell's own rotation (ub is the group's when grp is set). */
  base: number;
  /** Other rotations bounded through this cell until they matter (see addGroup), or null. */
  grp: Group | null;
  /** Best evaluated point of the cell: the bound's maximiser when it beats the centre, else the centre. */
  px: number;
  py: number;
  pf: number;
  /** Contact segments that can still be nearest anywhere in this cell (null: all); see childList. */
  list: number[] | null;
  /** list is computed (only cells that are split need it; until then it is the parent's, a superset). */
  listReady: boolean;
  key: number;
}

/** A rotation searched through a neighbour's cells until it matters (see BranchAndBound.addGroup). */
export interface LazyRotation {
  deg: number;
  /** Upper bound of its clearance anywhere (its width bound). */
  cap: number;
  /** Its translation box (house bounding box inside the region's), null when empty. */
  box: [number, number, number, number] | null;
  /** Builds it; called at most once, when a cell first needs it on its own. */
  build(): RotationProblem;
}

/**
 * Rotations within `slack / R` radians of a cell's rotation θ: rotating the house by Δ moves each of its points by
 * at most R·Δ, so their clearance anywhere in the cell is at most max(bound at θ, 0) + slack (a placement with
 * clearance c > RΔ at θ + Δ is feasible at θ with clearance ≥ c − RΔ; one with c ≤ RΔ is below the slack).
 */
export interface Group {
  extras: LazyRotation[];
  slack: number;
  /** Largest width bound among the extras. */
  cap: number;
}

/** The cell's bound over its group: its own rotation's, or an extra rotation's through the slack. */
export function groupBound(base: number, grp: Group | null): number {
  if (!grp) return base;
  return Math.max(base, Math.min(Math.max(base, 0) + grp.slack, grp.cap));
}

/** Heap order: larger bound first; among equal bounds the better point first (depth-first on plateaus). */
function above(a: Cell, b: Cell): boolean {
  return a.ub > b.ub || (a.ub === b.ub && (a.pf > b.pf || (a.pf === b.pf && a.key < b.key)));
}

/** Binary max-heap with a moving hole (each level moves one element instead of swapping two). */
export function pushCell(a: Cell[], c: Cell): void {
  let i = a.length;
  a.push(c);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const q = a[p];
    if (!above(c, q)) break;
    a[i] = q;
    i = p;
  }
  a[i] = c;
}

export function popCell(a: Cell[]): void {
  const last = a.pop()!;
  const n = a.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const m = r < n && above(a[r], a[l]) ? r : l;
    if (!above(a[m], last)) break;
    a[i] = a[m];
    i = m;
  }
  a[i] = last;
}
