// An engine that is known but cannot run here, e.g. grasshopper (Rhino.Compute) while USE_COMPUTE is off.
// Its contracts stay listed in /definitions and answer 503 instead of stopping start-up.
import type { Engine } from './types.ts';

export function createUnavailableEngine(name: string, reason: string): Engine {
  return {
    name,
    supports: () => ({ status: 'unavailable', reason }),
    solve: () => Promise.reject(new Error(`engine ${name} is unavailable: ${reason}`)),
  };
}
