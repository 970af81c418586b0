// Readiness that does not lie: a real solve of a tiny input per engine (the smallest valid example of one of
// its available contracts), straight through the engine without taking a seat (a busy server is still ready),
// repeated at most every few seconds, so frequent probes cost one solve per engine per period.
import { newId } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { Binding } from './bindings.ts';

export type ProbeChecks = Record<string, string>;

/** A probe solve may take its contract's own timeout, up to this (a loaded machine is slow, not broken). */
const PROBE_TIMEOUT_MAX_SEC = 60;

interface Target {
  binding: Binding;
  inputs: Record<string, unknown>;
}

/**
 * One target per engine: its first available contract by id (the oldest version, usually the simplest) and
 * that contract's smallest valid example. Input size is a poor guide to solve time across definitions
 * (sitefit@2's smallest example is its slowest), so the choice stays within one contract.
 */
function targets(bindings: Map<string, Binding>): Map<string, Target> {
  const chosen = new Map<string, Target>();
  const sorted = [...bindings.values()].sort((a, b) => a.contract.id.localeCompare(b.contract.id));
  for (const b of sorted) {
    if (!b.available || !b.engine || chosen.has(b.engine.name)) continue;
    let best: { inputs: Record<string, unknown>; size: number } | undefined;
    for (const ex of b.contract.examples.valid) {
      const checked = b.contract.validateInputs(ex.inputs);
      if (!checked.ok) continue;
      const size = JSON.stringify(checked.value).length;
      if (!best || size < best.size) best = { inputs: checked.value, size };
    }
    if (best) chosen.set(b.engine.name, { binding: b, inputs: best.inputs });
  }
  return chosen;
}

export function createEngineProbe(bindings: Map<string, Binding>, log: Logger, ttlMs = 5000) {
  const chosen = targets(bindings);
  let cached: { at: number; checks: Promise<ProbeChecks> } | undefined;
  let refreshing = false;

  const run = async (): Promise<ProbeChecks> => {
    const entries = await Promise.all(
      [...chosen].map(async ([engine, { binding, inputs }]): Promise<[string, string]> => {
        const manifestSec = Number(binding.contract.manifest?.timeout_sec) || PROBE_TIMEOUT_MAX_SEC;
        const signal = AbortSignal.timeout(Math.min(manifestSec, PROBE_TIMEOUT_MAX_SEC) * 1000);
        try {
          const out = await binding.engine!.solve(binding.contract, inputs, {
            signal,
            jobId: `probe-${newId()}`,
            correlationId: 'readiness-probe',
            log,
          });
          return [engine, out.outputs && typeof out.outputs === 'object' ? 'ok' : 'no outputs'];
        } catch (e) {
          log.warn(
            { engine, definition: binding.contract.id, err: (e as Error).message },
            'probe solve failed',
          );
          return [engine, signal.aborted ? 'timeout' : 'failed'];
        }
      }),
    );
    return Object.fromEntries(entries);
  };

  /**
   * Engine name -> 'ok' | 'failed' | 'timeout' (never an error text: it could carry internals). A stale
   * verdict is answered at once while a fresh probe runs (a probe never waits for a slow solve twice); only
   * the very first call waits.
   */
  return async (): Promise<ProbeChecks> => {
    if (!cached) {
      cached = { at: Date.now(), checks: run() };
      return cached.checks;
    }
    if (Date.now() - cached.at > ttlMs && !refreshing) {
      const stale = cached.checks;
      refreshing = true;
      const next = run();
      void next.then((checks) => {
        cached = { at: Date.now(), checks: Promise.resolve(checks) };
        refreshing = false;
      });
      return stale;
    }
    return cached.checks;
  };
}
