// A protocol-faithful fake of Rhino.Compute (compute.geometry) for tests: its own HTTP server answering
// GET /version, /healthcheck, /plugins/gh/installed, /plugins/rhino/installed and POST /io, /grasshopper as
// Compute does — the Schema body `{algo, pointer, values: [{ParamName, InnerTree: {"{0}": [{type, data}]}}]}`,
// branch keys parsed like GhPath.FromString, each `data` decoded per parameter kind like Newtonsoft's
// DeserializeObject<T>, `pointer` looked up in the definition cache before `algo` (base64) is loaded, the
// cache key returned as `pointer`, POSTs refused with 401 without the right RhinoComputeKey (GETs are exempt).
// Failure modes: runtime `errors` with a 500, a hang, a bare 500, a slow cold start.
// A "definition file" here is JSON `{"fake_grasshopper": "<name>"}`; the named definition computes in TypeScript.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeParamType = 'Number' | 'Integer' | 'Boolean' | 'Text' | 'Curve';

/** Decoded input values by parameter name (every item of every branch, in branch order). */
export type FakeInputs = Record<string, unknown[]>;
/** Output items by parameter name: numbers, booleans, strings, or polylines as [[x, y], ...]. */
export type FakeOutputs = Record<string, unknown[]>;

export interface FakeDefinition {
  inputs: { name: string; type: FakeParamType }[];
  outputs: { name: string; type: FakeParamType }[];
  /** Throw GrasshopperRuntimeError for component errors (a 500 carrying `errors`, as Compute answers). */
  solve(inputs: FakeInputs): FakeOutputs | Promise<FakeOutputs>;
}

export class GrasshopperRuntimeError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join('; '));
    this.messages = messages;
  }
}

export interface FakeComputeOptions {
  definitions: Record<string, FakeDefinition>;
  apiKey?: string;
  version?: { rhino: string; compute: string; git_sha: string | null };
  ghPlugins?: Record<string, string>;
  rhinoPlugins?: Record<string, string>;
  /** A slow cold start (Compute loading Rhino and Grasshopper): every request waits until finishColdStart(). */
  coldStart?: boolean;
  /** Output branch keys as newer Compute writes them (`{0}`) or as older GhPath.ToString did (`{ 0; }`). */
  branchKeys?: 'compact' | 'spaced';
}

export interface FakeCompute {
  url: string;
  /** Requests by path, e.g. calls['/grasshopper']. */
  calls: Record<string, number>;
  /** The bodies of every POST /grasshopper, parsed (also those whose definition could not be loaded). */
  solves: Record<string, unknown>[];
  /** Requests whose client closed the connection before the answer (aborted for real). */
  aborted: number;
  /** `hang`: /grasshopper never answers; `crash`: it answers a bare 500. */
  mode: { hang?: boolean; crash?: boolean };
  /** Empties the definition cache, as a restarted Compute would. */
  forget(): void;
  /** Ends the cold start: waiting requests proceed. */
  finishColdStart(): void;
  close(): Promise<void>;
}

interface Tree {
  ParamName: string;
  InnerTree: Record<string, { type?: string; data: string }[]>;
}

class BadRequest extends Error {}

/** GhPath.FromString: spaces and braces removed, split on ';', Int32.Parse (a bad key throws). */
function parseGhPath(key: string): number[] {
  const primer = key.replace(/ /g, '').replace(/[{}]/g, '');
  return primer
    .split(';')
    .filter((s) => s !== '')
    .map((s) => {
      if (!/^[+-]?\d+$/.test(s)) throw new BadRequest(`Input string was not in a correct format: ${key}`);
      return Number.parseInt(s, 10);
    });
}

function decode(type: FakeParamType, data: string): unknown {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    throw new BadRequest(`Unexpected character encountered while parsing value: ${data.slice(0, 20)}`);
  }
  switch (type) {
    case 'Number':
      if (typeof v !== 'number') throw new BadRequest(`Could not convert to double: ${data}`);
      return v;
    case 'Integer':
      if (typeof v !== 'number' || !Number.isInteger(v))
        throw new BadRequest(`Could not convert to integer: ${data}`);
      return v;
    case 'Boolean':
      if (typeof v !== 'boolean') throw new BadRequest(`Could not convert to boolean: ${data}`);
      return v;
    case 'Text':
      if (v !== null && typeof v === 'object') throw new BadRequest('Unexpected token when reading a string');
      return String(v);
    case 'Curve': {
      // Param_Curve: a Rhino.Geometry.Polyline (a list of Point3d) first; a rhino3dm CommonObject otherwise.
      const pts = v as { X?: unknown; Y?: unknown; Z?: unknown }[];
      if (Array.isArray(pts) && pts.every((p) => typeof p?.X === 'number' && typeof p?.Y === 'number')) {
        return pts.map((p) => [p.X as number, p.Y as number]);
      }
      throw new BadRequest('Unable to decode the curve (neither a Polyline nor rhino3dm JSON)');
    }
  }
}

const WIRE: Record<FakeParamType, string> = {
  Number: 'System.Double',
  Integer: 'System.Int32',
  Boolean: 'System.Boolean',
  Text: 'System.String',
  Curve: 'Rhino.Geometry.PolylineCurve',
};

function encode(type: FakeParamType, v: unknown): { type: string; data: string } {
  if (type === 'Curve') {
    const pts = (v as number[][]).map(([x, y]) => ({ X: x, Y: y, Z: 0 }));
    return { type: WIRE.Curve, data: JSON.stringify(pts) };
  }
  return { type: WIRE[type], data: JSON.stringify(v) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeCompute(options: FakeComputeOptions): Promise<FakeCompute> {
  let finishColdStart = () => {};
  const warm = options.coldStart ? new Promise<void>((r) => (finishColdStart = r)) : Promise.resolve();
  const cache = new Map<string, string>(); // cache key -> definition name
  const state: FakeCompute = {
    url: '',
    calls: {},
    solves: [],
    aborted: 0,
    mode: {},
    forget: () => cache.clear(),
    finishColdStart: () => finishColdStart(),
    close: async () => {},
  };
  const spaced = options.branchKeys === 'spaced';

  /** FromUrl(pointer) through the cache, then FromBase64String(algo) (which caches under its md5). */
  function load(schema: {
    pointer?: string | null;
    algo?: string | null;
  }): { name: string; key: string } | undefined {
    if (schema.pointer && cache.has(schema.pointer))
      return { name: cache.get(schema.pointer)!, key: schema.pointer };
    if (!schema.algo) return undefined;
    const bytes = Buffer.from(schema.algo, 'base64');
    let doc: { fake_grasshopper?: string };
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      return undefined;
    }
    const name = doc.fake_grasshopper;
    if (!name || !options.definitions[name]) return undefined;
    const key = `md5_${createHash('md5').update(bytes).digest('hex').toUpperCase()}`;
    cache.set(key, name);
    return { name, key };
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '') || '/';
    state.calls[path] = (state.calls[path] ?? 0) + 1;
    await warm;
    if (req.method === 'POST' && options.apiKey) {
      const given = req.headers.rhinocomputekey;
      if (given === undefined) return text(res, 401, 'Requires RhinoComputeKey header');
      if (given !== options.apiKey) return text(res, 401, 'Unauthorized client.');
    }
    if (req.method === 'GET') {
      if (path === '/healthcheck') return text(res, 200, 'healthy');
      if (path === '/version')
        return json(
          res,
          200,
          options.version ?? { rhino: '8.14.24345.15001', compute: '1.0.0.0', git_sha: null },
        );
      if (path === '/plugins/gh/installed') return json(res, 200, options.ghPlugins ?? {});
      if (path === '/plugins/rhino/installed') return json(res, 200, options.rhinoPlugins ?? {});
      return text(res, 404, 'Not Found');
    }
    if (req.method !== 'POST' || (path !== '/io' && path !== '/grasshopper'))
      return text(res, 404, 'Not Found');
    let raw = await readBody(req);
    // Compute accepts the schema wrapped in a one-element array.
    if (raw.startsWith('[') && raw.endsWith(']')) raw = raw.slice(1, -1);
    let schema: {
      pointer?: string;
      algo?: string;
      values?: Tree[];
      absolutetolerance?: number;
      modelunits?: string;
    };
    try {
      schema = JSON.parse(raw);
    } catch {
      return text(res, 500, 'Unexpected character encountered while parsing value');
    }
    if (path === '/grasshopper') state.solves.push(schema as Record<string, unknown>);
    const loaded = load(schema);
    if (!loaded) return text(res, 500, 'Unable to load grasshopper definition');
    const def = options.definitions[loaded.name];
    if (path === '/io') {
      return json(res, 200, {
        Description: loaded.name,
        CacheKey: loaded.key,
        InputNames: def.inputs.map((i) => i.name),
        OutputNames: def.outputs.map((o) => o.name),
        Icon: null,
        Inputs: def.inputs.map((i) => ({
          Name: i.name,
          Nickname: null,
          ParamType: i.type,
          Description: '',
          AtLeast: 1,
          AtMost: 2147483647,
          Default: null,
          Minimum: null,
          Maximum: null,
        })),
        Outputs: def.outputs.map((o) => ({ Name: o.name, Nickname: null, ParamType: o.type })),
        Warnings: [],
        Errors: [],
      });
    }
    if (state.mode.hang) return new Promise<void>(() => {});
    if (state.mode.crash) return text(res, 500, 'Internal Server Error');
    const inputs: FakeInputs = {};
    try {
      for (const tree of schema.values ?? []) {
        const param = def.inputs.find((i) => i.name === tree.ParamName);
        if (!param) continue; // Compute skips values for parameters the definition does not have
        const branches = Object.entries(tree.InnerTree ?? {})
          .map(([k, items]) => ({ path: parseGhPath(k), items }))
          .sort((a, b) => a.path.join(';').localeCompare(b.path.join(';'), 'en', { numeric: true }));
        inputs[param.name] = branches.flatMap((b) => b.items.map((it) => decode(param.type, it.data)));
      }
    } catch (e) {
      return text(res, 500, (e as Error).message);
    }
    const reply = {
      absolutetolerance: schema.absolutetolerance ?? 0,
      angletolerance: 0,
      modelunits: schema.modelunits ?? 'Millimeters',
      algo: '',
      pointer: loaded.key,
      cachesolve: false,
      recursionlevel: 0,
      values: [] as Tree[],
      warnings: [] as string[],
      errors: [] as string[],
    };
    try {
      const out = await def.solve(inputs);
      for (const o of def.outputs) {
        const items = out[o.name] ?? [];
        reply.values.push({
          ParamName: o.name,
          InnerTree: { [spaced ? '{ 0; }' : '{0}']: items.map((v) => encode(o.type, v)) },
        });
      }
      return json(res, 200, reply);
    } catch (e) {
      if (!(e instanceof GrasshopperRuntimeError)) return text(res, 500, (e as Error).message);
      reply.errors = e.messages.map((m) => `Error in grasshopper component: ${m}`);
      return json(res, 500, reply);
    }
  }

  const server: Server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) state.aborted++;
    });
    handle(req, res).catch((e) => {
      if (!res.headersSent) text(res, 500, String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** The fake's "definition file" for a named definition (what the engine sends base64 as `algo`). */
export function fakeDefinitionFile(name: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ fake_grasshopper: name }));
}
