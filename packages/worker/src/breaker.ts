// A circuit breaker for one dependency (the AppServer, the database). While it is open the worker takes no
// new messages; after a cool-down that grows with consecutive trips one waiter probes the dependency and
// the breaker closes on success. Nothing here counts toward a job's attempts.
import { type BackoffPolicy, retryDelaySec } from './backoff.ts';

export type BreakerState = 'closed' | 'open';

export interface BreakerOptions {
  name: string;
  policy: BackoffPolicy;
  /** True when the dependency can take work again. */
  probe: () => Promise<boolean>;
  onChange?: (state: BreakerState, info: { name: string; trips: number; retryInSec?: number }) => void;
  random?: () => number;
}

/** Resolves after ms, or at once when signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Breaker {
  readonly #o: BreakerOptions;
  #trips = 0;
  #openUntil = 0;
  #probing: Promise<void> | undefined;

  constructor(options: BreakerOptions) {
    this.#o = options;
  }

  get state(): BreakerState {
    return this.#trips > 0 ? 'open' : 'closed';
  }

  get trips(): number {
    return this.#trips;
  }

  /** The dependency failed as a whole (down, full): stop for a while; Retry-After is a floor. */
  trip(retryAfterSec?: number): void {
    this.#trips++;
    const delay = retryDelaySec(this.#o.policy, this.#trips, retryAfterSec, this.#o.random);
    this.#openUntil = Math.max(this.#openUntil, Date.now() + delay * 1000);
    this.#o.onChange?.('open', { name: this.#o.name, trips: this.#trips, retryInSec: delay });
  }

  /** A call went through: the dependency works. */
  reset(): void {
    if (this.#trips === 0) return;
    this.#trips = 0;
    this.#openUntil = 0;
    this.#o.onChange?.('closed', { name: this.#o.name, trips: 0 });
  }

  /** Resolves when the breaker is closed (or `signal` aborts). One caller probes; the others wait for it. */
  async ready(signal: AbortSignal): Promise<void> {
    while (this.#trips > 0 && !signal.aborted) {
      const wait = this.#openUntil - Date.now();
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      this.#probing ??= this.#probeOnce().finally(() => {
        this.#probing = undefined;
      });
      await this.#probing;
    }
  }

  async #probeOnce(): Promise<void> {
    let ok = false;
    try {
      ok = await this.#o.probe();
    } catch {
      ok = false;
    }
    if (ok) this.reset();
    else this.trip();
  }
}
