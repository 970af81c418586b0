// Seats: how many solves may run at once. A solve that finds no free seat is refused (429), never queued here:
// the queue and the worker's backoff are where waiting belongs. Seats are counted per lane so the later
// preview lane gets its own seats and can never starve batch jobs (nor be starved by them).

export type Lane = 'batch' | 'preview';

/** Gives the seat back; calling it twice is harmless. */
export type ReleaseSeat = () => void;

export interface SeatsSnapshot {
  total: number;
  in_use: number;
  lanes: Record<string, { total: number; in_use: number }>;
}

export class Seats {
  readonly #total: Map<string, number>;
  readonly #inUse = new Map<string, number>();

  /** `new Seats({ batch: 4 })`; a lane that is not listed has no seats. */
  constructor(lanes: Partial<Record<Lane, number>>) {
    this.#total = new Map(Object.entries(lanes).filter(([, n]) => (n ?? 0) > 0) as [string, number][]);
    for (const [lane, n] of this.#total) {
      if (!Number.isInteger(n)) throw new RangeError(`seats for lane ${lane} must be an integer, got ${n}`);
      this.#inUse.set(lane, 0);
    }
  }

  /** A seat in `lane`, or null when all of them are taken. */
  tryTake(lane: Lane = 'batch'): ReleaseSeat | null {
    const total = this.#total.get(lane) ?? 0;
    const used = this.#inUse.get(lane) ?? 0;
    if (used >= total) return null;
    this.#inUse.set(lane, used + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse.set(lane, (this.#inUse.get(lane) ?? 1) - 1);
    };
  }

  total(lane?: Lane): number {
    if (lane) return this.#total.get(lane) ?? 0;
    let n = 0;
    for (const v of this.#total.values()) n += v;
    return n;
  }

  inUse(lane?: Lane): number {
    if (lane) return this.#inUse.get(lane) ?? 0;
    let n = 0;
    for (const v of this.#inUse.values()) n += v;
    return n;
  }

  snapshot(): SeatsSnapshot {
    const lanes: SeatsSnapshot['lanes'] = {};
    for (const [lane, total] of this.#total) lanes[lane] = { total, in_use: this.#inUse.get(lane) ?? 0 };
    return { total: this.total(), in_use: this.inUse(), lanes };
  }
}
