// What Rhino.Compute has, compared with what the contracts need: each definition's parameters (/io) against
// its bindings, plugins.json against /plugins/gh/installed and /plugins/rhino/installed (semver ranges), and
// /version. A mismatch makes that one definition not ready, with the reason named.
import semver from 'semver';
import { IO_PARAM_TYPES } from './datatree.ts';
import type { GrasshopperSpec } from './spec.ts';

export interface IoParam {
  Name: string;
  Nickname?: string | null;
  ParamType: string;
}

export interface IoResponse {
  CacheKey?: string | null;
  InputNames?: string[];
  OutputNames?: string[];
  Inputs?: IoParam[];
  Outputs?: IoParam[];
  Errors?: string[];
  Warnings?: string[];
}

export interface Inventory {
  version: { rhino?: string; compute?: string; git_sha?: string | null };
  gh: Record<string, string>;
  rhino: Record<string, string>;
}

/** Compute names hops-style parameters `RH_IN:Name` in older definitions. */
const bare = (name: string) => name.replace(/^RH_(IN|OUT):/, '');

/** Every problem with a definition's /io answer against its bindings (empty: they agree). */
export function compareIo(spec: GrasshopperSpec, io: IoResponse): string[] {
  const problems: string[] = [];
  if (io.Errors?.length)
    problems.push(`Compute reports errors loading the definition: ${io.Errors.join('; ')}`);
  const check = (
    kind: 'input' | 'output',
    params: IoParam[] | undefined,
    bindings: { param: string; type: keyof typeof IO_PARAM_TYPES }[],
  ) => {
    const byName = new Map((params ?? []).map((p) => [bare(p.Name), p]));
    for (const b of bindings) {
      const p = byName.get(b.param);
      if (!p)
        problems.push(
          `${kind} ${b.param} is not in the definition (it has ${[...byName.keys()].join(', ') || 'none'})`,
        );
      else if (!IO_PARAM_TYPES[b.type].includes(p.ParamType))
        problems.push(`${kind} ${b.param} is ${p.ParamType} in the definition, the binding sends ${b.type}`);
    }
  };
  check('input', io.Inputs, spec.inputs);
  check('output', io.Outputs, spec.outputs);
  return problems;
}

interface PluginsFile {
  rhino?: string;
  plugins?: { name: string; version?: string; kind?: 'gh' | 'rhino' }[];
}

function satisfies(version: string | undefined, range: string): boolean {
  const v = semver.coerce(version ?? '');
  return v !== null && semver.satisfies(v, range);
}

/** Every problem with plugins.json against the server's inventory. */
export function comparePlugins(plugins: unknown, inv: Inventory): string[] {
  const file = (plugins ?? {}) as PluginsFile;
  const problems: string[] = [];
  if (file.rhino && !satisfies(inv.version.rhino, file.rhino))
    problems.push(`Rhino ${inv.version.rhino ?? 'unknown'} does not satisfy ${file.rhino}`);
  for (const p of file.plugins ?? []) {
    const pool = p.kind === 'rhino' ? inv.rhino : p.kind === 'gh' ? inv.gh : { ...inv.rhino, ...inv.gh };
    const installed = pool[p.name];
    if (installed === undefined) problems.push(`plugin ${p.name} is not installed`);
    else if (p.version && !satisfies(installed, p.version))
      problems.push(`plugin ${p.name} ${installed} does not satisfy ${p.version}`);
  }
  return problems;
}
