// A contract's `bindings.grasshopper`, checked once: which Grasshopper parameter each input feeds and each
// output comes from. Keys are paths into the inputs/outputs (see ./paths.ts); `manifest:<field>` feeds a
// manifest value (e.g. max_results). Example:
//   "inputs":  { "/parcel/coordinates": { "param": "Parcel", "type": "polyline" },
//                "manifest:max_results": { "param": "MaxResults", "type": "integer" } },
//   "outputs": { "/results": { "param": "Results", "type": "json" } }
import type { Contract } from '@kuduso/core';
import { GH_VALUE_TYPES, type GhValueType } from './datatree.ts';
import { hasWildcard, type PathStep, parsePath } from './paths.ts';

export interface InputBinding {
  source: string;
  steps: PathStep[];
  /** The manifest field fed instead of an input, for `manifest:<field>`. */
  manifestField?: string;
  param: string;
  type: GhValueType;
  /** Send an array value as one item per element in branch {0} (wildcard paths always are lists). */
  list: boolean;
  /** Missing in the inputs: send nothing instead of failing. */
  optional: boolean;
}

export interface OutputBinding {
  target: string;
  steps: PathStep[];
  param: string;
  type: GhValueType;
  /** Every item of branch {0} as an array, instead of the first one. */
  list: boolean;
  optional: boolean;
}

export interface GrasshopperSpec {
  /** The .gh/.ghx file next to the contract, sent base64 as `algo` when Compute lacks it cached. */
  definitionFile?: string;
  /** A pointer Compute can load itself (a URL or a path on the Compute machine), tried first. */
  pointer?: string;
  modelUnits: string;
  absoluteTolerance: number;
  angleToleranceDeg: number;
  inputs: InputBinding[];
  outputs: OutputBinding[];
}

export class SpecError extends Error {
  override name = 'SpecError';
}

function entries(raw: unknown, what: string): [string, Record<string, unknown>][] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SpecError(`${what} must be an object`);
  return Object.entries(raw as Record<string, Record<string, unknown>>);
}

function typeOf(v: unknown, where: string): GhValueType {
  if (!GH_VALUE_TYPES.includes(v as GhValueType))
    throw new SpecError(`${where}: type must be one of ${GH_VALUE_TYPES.join(', ')}`);
  return v as GhValueType;
}

function paramOf(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '')
    throw new SpecError(`${where}: param (the Grasshopper parameter name) is required`);
  return v;
}

/** Parses `contract.bindings.grasshopper`; throws SpecError naming the contract and the bad entry. */
export function parseSpec(contract: Contract): GrasshopperSpec {
  const raw = contract.bindings.grasshopper as Record<string, unknown> | undefined;
  const id = contract.id;
  if (!raw || typeof raw !== 'object') throw new SpecError(`${id}: bindings.grasshopper is missing`);
  try {
    const inputs = entries(raw.inputs, 'inputs').map(([source, b]): InputBinding => {
      const where = `inputs[${JSON.stringify(source)}]`;
      const manifestField = source.startsWith('manifest:') ? source.slice('manifest:'.length) : undefined;
      const steps = manifestField ? [] : parsePath(source);
      return {
        source,
        steps,
        manifestField,
        param: paramOf(b.param, where),
        type: typeOf(b.type, where),
        list: b.list === true || hasWildcard(steps),
        optional: b.optional === true,
      };
    });
    const outputs = entries(raw.outputs, 'outputs').map(([target, b]): OutputBinding => {
      const where = `outputs[${JSON.stringify(target)}]`;
      const steps = parsePath(target);
      if (steps.length === 0 || hasWildcard(steps))
        throw new SpecError(`${where}: needs a plain path below the root`);
      return {
        target,
        steps,
        param: paramOf(b.param, where),
        type: typeOf(b.type, where),
        list: b.list === true,
        optional: b.optional === true,
      };
    });
    const num = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
    return {
      definitionFile: typeof raw.definition_file === 'string' ? raw.definition_file : undefined,
      pointer: typeof raw.pointer === 'string' ? raw.pointer : undefined,
      modelUnits: typeof raw.model_units === 'string' ? raw.model_units : 'Meters',
      absoluteTolerance: num(raw.absolute_tolerance, 0.001),
      angleToleranceDeg: num(raw.angle_tolerance_deg, 1),
      inputs,
      outputs,
    };
  } catch (e) {
    throw new SpecError(`${id}: bindings.grasshopper.${(e as Error).message}`);
  }
}
