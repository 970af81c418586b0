// Contract JSON <-> Rhino.Compute data trees, through a definition's bindings. Pure and synchronous: this is
// the engine's own overhead per solve (bench/grasshopper.ts measures it).
import { type Contract, KudusoError } from '@kuduso/core';
import {
  type DataTree,
  DecodeError,
  decodeValue,
  EncodeError,
  encodeValue,
  firstBranch,
} from './datatree.ts';
import { hasWildcard, readPath, writePath } from './paths.ts';
import type { GrasshopperSpec } from './spec.ts';

function pointerOf(source: string): string {
  return source.startsWith('/') ? source : `/${source.replace(/^\$\.?/, '').replace(/\./g, '/')}`;
}

/** The `values` of a /grasshopper request. A value that does not fit its binding is the caller's 400. */
export function inputsToTrees(
  spec: GrasshopperSpec,
  contract: Contract,
  inputs: Record<string, unknown>,
): DataTree[] {
  const trees: DataTree[] = [];
  for (const b of spec.inputs) {
    const found =
      b.manifestField !== undefined
        ? [contract.manifest[b.manifestField]].filter((v) => v !== undefined)
        : readPath(inputs, b.steps);
    if (found.length === 0) {
      if (b.optional) continue;
      throw new KudusoError('VALIDATION_FAILED', {
        message: `${b.source} is required by the Grasshopper parameter ${b.param}.`,
        field: b.manifestField ? undefined : pointerOf(b.source),
      });
    }
    // A list: every wildcard match, or the elements of the one array found; otherwise the one value.
    const values = !b.list
      ? [found[0]]
      : hasWildcard(b.steps)
        ? found
        : Array.isArray(found[0])
          ? (found[0] as unknown[])
          : [found[0]];
    try {
      trees.push({ ParamName: b.param, InnerTree: { '{0}': values.map((v) => encodeValue(b.type, v)) } });
    } catch (e) {
      if (!(e instanceof EncodeError)) throw e;
      throw new KudusoError('VALIDATION_FAILED', {
        message: `${b.source} cannot be sent as ${b.type} to ${b.param}: ${e.message}.`,
        field: b.manifestField ? undefined : pointerOf(b.source),
      });
    }
  }
  return trees;
}

/** The outputs object from a /grasshopper response's `values`; anything missing or malformed is the engine's fault. */
export function treesToOutputs(spec: GrasshopperSpec, values: DataTree[]): Record<string, unknown> {
  const byName = new Map(values.map((t) => [t.ParamName, t]));
  const out: Record<string, unknown> = {};
  const problems: { code: string; message: string; field?: string }[] = [];
  for (const b of spec.outputs) {
    const tree = byName.get(b.param);
    const items = tree ? firstBranch(tree) : [];
    // An empty list is a list; an absent parameter, or a single value with no item, is missing.
    if (!tree || (items.length === 0 && !b.list)) {
      if (!b.optional)
        problems.push({
          code: 'MISSING_OUTPUT',
          message: `Grasshopper output ${b.param} is empty`,
          field: b.target,
        });
      continue;
    }
    try {
      const decoded = items.map((o) => decodeValue(b.type, o));
      writePath(out, b.steps, b.list ? decoded : decoded[0]);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      problems.push({
        code: 'BAD_OUTPUT',
        message: `Grasshopper output ${b.param}: ${e.message}`,
        field: b.target,
      });
    }
  }
  if (problems.length) {
    throw new KudusoError('INVALID_ENGINE_OUTPUT', { message: problems[0].message, errors: problems });
  }
  return out;
}
