// The grasshopper engine: contract inputs -> Rhino.Compute POST /grasshopper through bindings.grasshopper, and
// the response's values -> contract outputs. Sends the cached `pointer` first and falls back to the
// definition itself (`algo`, base64) when Compute has not got it; discovers each definition's parameters at
// start; readiness is a real probe solve (cached), since /healthcheck says healthy while solves hang.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Contract, domainError, KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { Engine, EngineResult, EngineSupport, SolveContext } from '../types.ts';
import { ComputeClient, type ComputeResponse } from './client.ts';
import type { DataTree } from './datatree.ts';
import { compareIo, comparePlugins, type Inventory, type IoResponse } from './discovery.ts';
import { inputsToTrees, treesToOutputs } from './mapping.ts';
import { type GrasshopperSpec, parseSpec, SpecError } from './spec.ts';

export interface GrasshopperEngineOptions {
  url: string;
  apiKey?: string;
  /** COMPUTE_TIMEOUT_SEC in ms: one HTTP request to Compute. */
  timeoutMs: number;
  log?: Logger;
  /** The definition's bytes for `algo` (default: bindings.grasshopper.definition_file next to the contract). */
  loadDefinition?: (contract: Contract, spec: GrasshopperSpec) => Uint8Array | undefined;
  /** How long a readiness probe result is reused (default 5000 ms). */
  probeTtlMs?: number;
  /** A probe solve's own limit (default 10000 ms): /readyz must answer even while Compute hangs. */
  probeTimeoutMs?: number;
}

interface DefinitionState {
  contract: Contract;
  spec: GrasshopperSpec;
  pointer?: string;
  algo?: string;
  /** undefined: not discovered yet. */
  problems?: string[];
}

export interface GrasshopperReadiness {
  ok: boolean;
  version?: Inventory['version'];
  definitions: Record<string, { ready: boolean; reason?: string }>;
  probe?: { ok: boolean; reason?: string; at: string };
}

function defaultLoad(contract: Contract, spec: GrasshopperSpec): Uint8Array | undefined {
  if (!spec.definitionFile || !contract.dir) return undefined;
  const p = join(contract.dir, spec.definitionFile);
  return existsSync(p) ? readFileSync(p) : undefined;
}

/** A 500 that is not a solved schema: Compute could not load the definition (e.g. the pointer is not cached). */
function notLoaded(res: ComputeResponse): boolean {
  const j = res.json as { values?: unknown[]; errors?: unknown[] } | undefined;
  return res.status >= 500 && (!j || (!j.errors?.length && !j.values?.length));
}

export interface GrasshopperEngine extends Engine {
  start(contracts: Contract[]): Promise<void>;
  /** /version, /plugins and /io for every contract; safe to call again (re-discovers what failed). */
  discover(contracts: Contract[]): Promise<void>;
  readiness(): Promise<GrasshopperReadiness>;
  /** Why a contract is not ready (undefined: ready or not discovered). */
  problemsOf(id: string): string[] | undefined;
}

export function createGrasshopperEngine(options: GrasshopperEngineOptions): GrasshopperEngine {
  const client = new ComputeClient({
    url: options.url,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
  });
  const load = options.loadDefinition ?? defaultLoad;
  const states = new Map<string, DefinitionState>();
  let version: Inventory['version'] | undefined;
  let lastProbe: { ok: boolean; reason?: string; at: number } | undefined;
  const probeTtl = options.probeTtlMs ?? 5000;

  function stateOf(contract: Contract): DefinitionState {
    let s = states.get(contract.id);
    if (!s) {
      const spec = parseSpec(contract);
      const bytes = load(contract, spec);
      s = {
        contract,
        spec,
        pointer: spec.pointer,
        algo: bytes ? Buffer.from(bytes).toString('base64') : undefined,
      };
      states.set(contract.id, s);
    }
    return s;
  }

  /** Sends with the pointer, and once more with the definition when Compute has not got it. */
  async function post(
    path: '/grasshopper' | '/io',
    s: DefinitionState,
    extra: Record<string, unknown>,
    signal?: AbortSignal,
  ) {
    const withAlgo = () => ({ ...extra, algo: s.algo, pointer: null });
    if (!s.pointer && !s.algo) {
      throw new KudusoError('UPSTREAM_UNAVAILABLE', {
        message: `${s.contract.id}: no Grasshopper definition to send (no ${s.spec.definitionFile ?? 'definition_file'} next to the contract, no pointer).`,
      });
    }
    let res = await client.request(
      'POST',
      path,
      s.pointer ? { ...extra, pointer: s.pointer } : withAlgo(),
      signal,
    );
    if (s.pointer && s.algo && notLoaded(res)) {
      options.log?.info({ definition: s.contract.id }, 'Compute lacks the cached definition; sending it');
      res = await client.request('POST', path, withAlgo(), signal);
    }
    return res;
  }

  async function solveOnCompute(contract: Contract, inputs: Record<string, unknown>, signal?: AbortSignal) {
    const s = stateOf(contract);
    const values = inputsToTrees(s.spec, contract, inputs);
    const res = await post(
      '/grasshopper',
      s,
      {
        absolutetolerance: s.spec.absoluteTolerance,
        angletolerance: s.spec.angleToleranceDeg,
        modelunits: s.spec.modelUnits,
        cachesolve: false,
        recursionlevel: 0,
        values,
        warnings: [],
        errors: [],
      },
      signal,
    );
    const body = res.json as
      | { values?: DataTree[]; errors?: string[]; warnings?: string[]; pointer?: string }
      | undefined;
    if (typeof body?.pointer === 'string' && body.pointer) s.pointer = body.pointer;
    if (body?.errors?.length) {
      // Grasshopper's own runtime errors: these inputs make the definition fail, retrying will not help.
      throw domainError(
        'GRASSHOPPER_ERRORS',
        `Grasshopper: ${body.errors.join('; ')}`,
        undefined,
        'Check the inputs against the definition.',
      );
    }
    if (res.status >= 500) {
      throw new KudusoError('UPSTREAM_UNAVAILABLE', {
        message: `Rhino.Compute answered ${res.status}${res.json ? '' : `: ${res.text.slice(0, 200)}`}.`,
        retryAfterSec: 5,
      });
    }
    if (res.status !== 200 || !Array.isArray(body?.values)) {
      throw new KudusoError('ENGINE_FAILED', {
        message: `Rhino.Compute answered ${res.status} without values.`,
      });
    }
    return { s, values: body.values, warnings: body.warnings ?? [] };
  }

  function metadataFor(contract: Contract, inputs: Record<string, unknown>, warnings: string[]) {
    return {
      definition: contract.definition,
      version: contract.version,
      units: typeof contract.manifest.units === 'string' ? contract.manifest.units : 'm',
      seed: Number.isInteger(inputs.seed) ? inputs.seed : 0,
      generated_at: new Date().toISOString(),
      engine: 'grasshopper',
      cache_hit: false,
      warnings: warnings.map((message) => ({ code: 'GRASSHOPPER_WARNING', message })),
    };
  }

  async function inventory(): Promise<Inventory> {
    const [v, gh, rh] = await Promise.all([
      client.request('GET', '/version', undefined),
      client.request('GET', '/plugins/gh/installed', undefined),
      client.request('GET', '/plugins/rhino/installed', undefined),
    ]);
    for (const r of [v, gh, rh]) if (r.status !== 200) throw new Error(`Compute answered ${r.status}`);
    return {
      version: (v.json ?? {}) as Inventory['version'],
      gh: (gh.json ?? {}) as Record<string, string>,
      rhino: (rh.json ?? {}) as Record<string, string>,
    };
  }

  let inflight: Promise<GrasshopperReadiness> | undefined;
  const engine: GrasshopperEngine = {
    name: 'grasshopper',
    supports(contract: Contract): EngineSupport {
      try {
        stateOf(contract);
        return { status: 'available' };
      } catch (e) {
        if (e instanceof SpecError) return { status: 'refuse', reason: e.message };
        throw e;
      }
    },
    async solve(contract: Contract, inputs, ctx: SolveContext): Promise<EngineResult> {
      const problems = states.get(contract.id)?.problems;
      if (problems?.length) {
        throw new KudusoError('UPSTREAM_UNAVAILABLE', {
          message: `${contract.id} is not ready on Rhino.Compute: ${problems.join('; ')}.`,
          retryAfterSec: 30,
        });
      }
      const { s, values, warnings } = await solveOnCompute(contract, inputs, ctx.signal);
      const outputs = treesToOutputs(s.spec, values);
      const schemaProps = (contract.outputsSchema.properties ?? {}) as Record<string, unknown>;
      if ('metadata' in schemaProps && outputs.metadata === undefined)
        outputs.metadata = metadataFor(contract, inputs, warnings);
      if ('artifacts' in schemaProps && outputs.artifacts === undefined) outputs.artifacts = [];
      return { outputs };
    },
    problemsOf: (id) => states.get(id)?.problems,
    start(contracts: Contract[]) {
      return this.discover(contracts);
    },
    async discover(contracts: Contract[]) {
      let inv: Inventory | undefined;
      let invError: string | undefined;
      try {
        inv = await inventory();
        version = inv.version;
      } catch (e) {
        invError = `Rhino.Compute inventory unavailable (${(e as Error).message})`;
      }
      for (const c of contracts) {
        const s = stateOf(c);
        const problems: string[] = [];
        if (inv) problems.push(...comparePlugins(c.plugins, inv));
        else problems.push(invError!);
        try {
          const res = await post('/io', s, {});
          const io = res.json as IoResponse | undefined;
          if (res.status !== 200 || !io) problems.push(`/io answered ${res.status}`);
          else {
            problems.push(...compareIo(s.spec, io));
            if (io.CacheKey) s.pointer = io.CacheKey;
          }
        } catch (e) {
          problems.push(`/io failed: ${(e as Error).message}`);
        }
        s.problems = problems;
        if (problems.length)
          options.log?.warn({ definition: c.id, problems }, 'grasshopper definition not ready');
      }
    },
    readiness(): Promise<GrasshopperReadiness> {
      // Concurrent /readyz calls share one probe.
      inflight ??= check().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
  };
  return engine;

  async function check(): Promise<GrasshopperReadiness> {
    const definitions: GrasshopperReadiness['definitions'] = {};
    const pending: Contract[] = [];
    for (const s of states.values()) {
      if (s.problems === undefined || s.problems.length) pending.push(s.contract);
    }
    // Not discovered yet, or failed (a cold start): look again, at most once per probe period (`>=`: a period
    // of 0 probes every time, even twice in one millisecond).
    if (pending.length && (!lastProbe || Date.now() - lastProbe.at >= probeTtl))
      await engine.discover(pending);
    for (const [id, s] of states) {
      definitions[id] = s.problems?.length
        ? { ready: false, reason: s.problems.join('; ') }
        : { ready: s.problems !== undefined };
    }
    const probeTarget = [...states.values()].find(
      (s) => !s.problems?.length && s.contract.examples.valid.length,
    );
    if (probeTarget && (!lastProbe || Date.now() - lastProbe.at >= probeTtl)) {
      try {
        const example = probeTarget.contract.validateInputs(probeTarget.contract.examples.valid[0].inputs);
        if (!example.ok) throw new Error('the first valid example does not validate');
        await solveOnCompute(
          probeTarget.contract,
          example.value,
          AbortSignal.timeout(options.probeTimeoutMs ?? 10_000),
        );
        lastProbe = { ok: true, at: Date.now() };
      } catch (e) {
        lastProbe = { ok: false, reason: (e as Error).message, at: Date.now() };
      }
    }
    const probe = lastProbe && {
      ok: lastProbe.ok,
      reason: lastProbe.reason,
      at: new Date(lastProbe.at).toISOString(),
    };
    const ok = Object.values(definitions).every((d) => d.ready) && (probe?.ok ?? true);
    return { ok, version, definitions, probe };
  }
}
