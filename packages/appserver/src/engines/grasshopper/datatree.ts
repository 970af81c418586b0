// Grasshopper data trees on Rhino.Compute's wire: `{ParamName, InnerTree: {"{0}": [{type, data}]}}`, where
// every `data` is a JSON text (a number `1.5`, a string `"\"EPSG:5514\""`, a Rhino Polyline `[{"X":..}]`).
// Values are encoded per binding type the way Compute decodes them (Newtonsoft DeserializeObject<T> per
// parameter kind), and decoded from what Compute serialises back.

export type GhValueType = 'number' | 'integer' | 'boolean' | 'text' | 'json' | 'polyline';
export const GH_VALUE_TYPES: readonly GhValueType[] = [
  'number',
  'integer',
  'boolean',
  'text',
  'json',
  'polyline',
];

export interface ResthopperObject {
  type: string;
  data: string;
}

export interface DataTree {
  ParamName: string;
  InnerTree: Record<string, ResthopperObject[]>;
}

/** The `type` Compute writes for each kind (the .NET type of the value). */
export const WIRE_TYPE: Record<GhValueType, string> = {
  number: 'System.Double',
  integer: 'System.Int32',
  boolean: 'System.Boolean',
  text: 'System.String',
  json: 'System.String',
  polyline: 'Rhino.Geometry.Polyline',
};

/** The ParamType /io reports for a parameter that accepts each kind (Grasshopper's type names). */
export const IO_PARAM_TYPES: Record<GhValueType, string[]> = {
  number: ['Number'],
  integer: ['Integer', 'Number'],
  boolean: ['Boolean'],
  text: ['Text'],
  json: ['Text'],
  polyline: ['Curve', 'Polyline'],
};

export class EncodeError extends Error {
  override name = 'EncodeError';
}

function isPosition(v: unknown): v is number[] {
  return (
    Array.isArray(v) &&
    v.length >= 2 &&
    v.length <= 3 &&
    v.every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/** One value as a ResthopperObject; throws EncodeError when it does not fit the kind. */
export function encodeValue(kind: GhValueType, value: unknown): ResthopperObject {
  const type = WIRE_TYPE[kind];
  switch (kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new EncodeError('expected a finite number');
      return { type, data: JSON.stringify(value) };
    case 'integer':
      if (!Number.isSafeInteger(value)) throw new EncodeError('expected an integer');
      return { type, data: JSON.stringify(value) };
    case 'boolean':
      if (typeof value !== 'boolean') throw new EncodeError('expected a boolean');
      return { type, data: JSON.stringify(value) };
    case 'text':
      if (typeof value !== 'string') throw new EncodeError('expected a string');
      return { type, data: JSON.stringify(value) };
    case 'json':
      // A Text parameter carrying JSON: the string itself is JSON-encoded once more on the wire.
      return { type, data: JSON.stringify(JSON.stringify(value)) };
    case 'polyline': {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPosition))
        throw new EncodeError('expected a polyline: an array of [x, y] or [x, y, z] positions');
      // Rhino.Geometry.Polyline as Newtonsoft writes it: a list of Point3d {X, Y, Z}.
      return { type, data: JSON.stringify(value.map((p) => ({ X: p[0], Y: p[1], Z: p[2] ?? 0 }))) };
    }
  }
}

export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** A ResthopperObject back to JSON; throws DecodeError when `data` is not what the kind needs. */
export function decodeValue(kind: GhValueType, obj: ResthopperObject): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(obj.data);
  } catch {
    // Older Compute versions put raw, unquoted text in Text parameters.
    if (kind === 'text') return obj.data;
    throw new DecodeError(`data is not JSON (${obj.type})`);
  }
  switch (kind) {
    case 'number':
    case 'integer':
      if (typeof parsed !== 'number') throw new DecodeError(`expected a number, got ${typeof parsed}`);
      if (kind === 'integer' && !Number.isInteger(parsed)) throw new DecodeError('expected an integer');
      return parsed;
    case 'boolean':
      if (typeof parsed !== 'boolean') throw new DecodeError('expected a boolean');
      return parsed;
    case 'text':
      if (typeof parsed !== 'string') throw new DecodeError('expected a string');
      return parsed;
    case 'json':
      if (typeof parsed !== 'string') return parsed;
      try {
        return JSON.parse(parsed);
      } catch {
        throw new DecodeError('the Text output does not hold JSON');
      }
    case 'polyline': {
      const pts = parsed as { X?: unknown; Y?: unknown; Z?: unknown }[];
      if (!Array.isArray(pts) || !pts.every((p) => typeof p?.X === 'number' && typeof p?.Y === 'number'))
        throw new DecodeError('expected a Polyline (a list of {X, Y, Z})');
      return pts.map((p) => [p.X as number, p.Y as number]);
    }
  }
}

/** A branch key as Compute reads it (GhPath.FromString): `{0;1}`, `{ 0; 1; }`, `{0}` -> [0, 1] / [0]. */
export function parseBranchKey(key: string): number[] {
  const inner = key.replace(/[\s{}]/g, '');
  const out: number[] = [];
  for (const part of inner.split(';')) {
    if (part === '') continue;
    if (!/^-?\d+$/.test(part)) throw new DecodeError(`bad branch key ${JSON.stringify(key)}`);
    out.push(Number(part));
  }
  return out;
}

export function branchKey(path: number[]): string {
  return `{${path.join(';')}}`;
}

/** Items of the first branch in path order (a tree with one branch per value list). */
export function firstBranch(tree: DataTree): ResthopperObject[] {
  const keys = Object.keys(tree.InnerTree ?? {});
  if (keys.length === 0) return [];
  const sorted = keys
    .map((k) => ({ k, p: parseBranchKey(k) }))
    .sort((a, b) => {
      for (let i = 0; i < Math.max(a.p.length, b.p.length); i++) {
        const d = (a.p[i] ?? -1) - (b.p[i] ?? -1);
        if (d !== 0) return d;
      }
      return 0;
    });
  return tree.InnerTree[sorted[0].k] ?? [];
}
