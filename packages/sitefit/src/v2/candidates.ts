// A v2 candidate placement and the max-heap the solver ranks candidates with.
import type { Point, Ring } from '../geom/types.ts';
import type { V2Rotation } from './rotation.ts';
import type { Weights } from './types.ts';

/** What a candidate keeps of its rotation: not the inner-fit polygon or contact segments (freed per rotation). */
export type CandRotation = Pick<V2Rotation, 'id' | 'deg' | 'house'>;

export interface Cand {
  rot: CandRotation;
  x: number;
  y: number;
  /** Distance to the allowed region's boundary: the slack over every constraint. */
  clear: number;
  source: 'max-clearance' | 'corner' | 'grid';
  sun: number;
  facadeAzimuth: number;
  deviation: number;
  street: { distance: number; alignment: number } | null;
  kpis: Weights;
  garden: number | null;
  score: number;
  key: number;
}

/** Max-heap of candidates by a key function (ties: the seeded key, so the order is deterministic). */
export class CandidateHeap {
  private readonly a: Cand[] = [];
  private readonly keys: number[] = [];
  private readonly key: (c: Cand) => number;
  constructor(key: (c: Cand) => number) {
    this.key = key;
  }
  get size(): number {
    return this.a.length;
  }
  private above(i: number, j: number): boolean {
    return this.keys[i] > this.keys[j] || (this.keys[i] === this.keys[j] && this.a[i].key < this.a[j].key);
  }
  private swap(i: number, j: number) {
    [this.a[i], this.a[j]] = [this.a[j], this.a[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }
  push(c: Cand): void {
    this.a.push(c);
    this.keys.push(this.key(c));
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): Cand | undefined {
    if (this.a.length === 0) return undefined;
    const top = this.a[0];
    const lastC = this.a.pop()!;
    const lastK = this.keys.pop()!;
    if (this.a.length > 0) {
      this.a[0] = lastC;
      this.keys[0] = lastK;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.above(l, m)) m = l;
        if (r < this.a.length && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** The candidate's house placed at (x, y) (local frame). */
export function placed(rot: CandRotation, x: number, y: number): Ring {
  return rot.house.map(([a, b]) => [a + x, b + y] as Point);
}

/** Yields to the event loop; throws the signal's reason when aborted. */
export async function pause(signal?: AbortSignal) {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}
