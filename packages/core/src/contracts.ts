// The contract registry: compiles each definition's schemas once and answers "is this input valid, and what
// does it mean with its defaults filled in". Pure: the files are read elsewhere (see node/load-contracts.ts).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from './errors.ts';

// ajv-formats ships CommonJS; under Node's ESM loader its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => void;

export interface Manifest {
  definition: string;
  version: string;
  title?: string;
  description?: string;
  /** Hard limit for one solve; the AppServer aborts the engine after it. */
  timeout_sec: number;
  max_vertices?: number;
  max_results?: number;
  max_payload_bytes?: number;
  concurrency_class?: string;
  units?: string;
  [key: string]: unknown;
}

export interface Bindings {
  /** Which engine computes this definition: 'builtin', 'grasshopper', 'mock'. */
  engine: string;
  /** The engine's own name for it (builtin: the registered solver). */
  entry?: string;
  [key: string]: unknown;
}

export interface ValidExample {
  name: string;
  inputs: unknown;
}

export interface InvalidExample {
  name: string;
  description?: string;
  /** JSON pointer, relative to the inputs, of the field the example gets wrong. */
  field: string;
  inputs: unknown;
}

/** Everything in contracts/{definition}/{version}/, already parsed. */
export interface ContractFiles {
  definition: string;
  version: string;
  inputsSchema: Record<string, unknown>;
  outputsSchema: Record<string, unknown>;
  manifest: Manifest;
  bindings: Bindings;
  plugins: unknown;
  examples: { valid: ValidExample[]; invalid: InvalidExample[] };
  /** The folder the files were read from (files next to them, e.g. a definition module, resolve from it). */
  dir?: string;
}

export type ValidationOutcome<T = unknown> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface Contract {
  /** `definition@version` */
  id: string;
  definition: string;
  version: string;
  manifest: Manifest;
  bindings: Bindings;
  plugins: unknown;
  inputsSchema: Record<string, unknown>;
  outputsSchema: Record<string, unknown>;
  examples: ContractFiles['examples'];
  dir?: string;
  /** Validates a copy of raw, fills defaults in, and returns it; `prefix` is prepended to field pointers. */
  validateInputs(raw: unknown, prefix?: string): ValidationOutcome<Record<string, unknown>>;
  validateOutputs(raw: unknown): ValidationOutcome<Record<string, unknown>>;
}

export class ContractError extends Error {
  override name = 'ContractError';
}

const SEMVER = /^\d+\.\d+\.\d+$/;
const NAME = /^[a-z][a-z0-9-]*$/;

function newAjv(schema: Record<string, unknown>): Ajv {
  const draft2020 = String(schema.$schema ?? '').includes('2020-12');
  const options = { strict: true, allErrors: true, useDefaults: true, verbose: true, allowUnionTypes: true };
  const ajv = draft2020 ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv as Ajv);
  return ajv as Ajv;
}

function compile(schema: Record<string, unknown>, what: string): ValidateFunction {
  try {
    return newAjv(schema).compile(schema);
  } catch (e) {
    throw new ContractError(`${what}: the schema does not compile: ${(e as Error).message}`);
  }
}

const CODE_BY_KEYWORD: Record<string, string> = {
  required: 'REQUIRED',
  additionalProperties: 'UNKNOWN_PROPERTY',
  type: 'WRONG_TYPE',
  pattern: 'PATTERN_MISMATCH',
  format: 'BAD_FORMAT',
  minimum: 'OUT_OF_RANGE',
  maximum: 'OUT_OF_RANGE',
  exclusiveMinimum: 'OUT_OF_RANGE',
  exclusiveMaximum: 'OUT_OF_RANGE',
  minItems: 'WRONG_LENGTH',
  maxItems: 'WRONG_LENGTH',
  minLength: 'WRONG_LENGTH',
  maxLength: 'WRONG_LENGTH',
  enum: 'NOT_ALLOWED',
  const: 'NOT_ALLOWED',
  multipleOf: 'OUT_OF_RANGE',
  oneOf: 'NO_MATCHING_VARIANT',
  anyOf: 'NO_MATCHING_VARIANT',
};

function hintFor(e: ErrorObject): string | undefined {
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const description = typeof parent?.description === 'string' ? parent.description : undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `Remove "${String(p.additionalProperty)}"; allowed: ${Object.keys((parent?.properties as object) ?? {}).join(', ')}.`;
    case 'required':
      return `Add "${String(p.missingProperty)}".`;
    case 'pattern':
      return `Expected a value matching ${String(p.pattern)}${description ? ` (${description})` : ''}.`;
    case 'enum':
      return `Use one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    default:
      return description;
  }
}

/** Ajv's errors as the API's field errors; `prefix` roots the pointers (e.g. `/inputs`). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    const p = e.params as Record<string, unknown>;
    let field = prefix + e.instancePath;
    if (e.keyword === 'required') field += `/${String(p.missingProperty)}`;
    if (e.keyword === 'additionalProperties') field += `/${String(p.additionalProperty)}`;
    const code = CODE_BY_KEYWORD[e.keyword] ?? 'INVALID';
    const key = `${code}|${field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hint = hintFor(e);
    const what = field || '/';
    const message =
      e.keyword === 'required'
        ? `${what} is required`
        : e.keyword === 'additionalProperties'
          ? `${what} is not an allowed property`
          : `${what} ${e.message ?? 'is invalid'}`;
    const error: FieldError = { code, message, field };
    if (hint) error.hint = hint;
    out.push(error);
  }
  return out;
}

function validator(fn: ValidateFunction) {
  return (raw: unknown, prefix = ''): ValidationOutcome<Record<string, unknown>> => {
    const value = structuredClone(raw) as Record<string, unknown>;
    if (fn(value)) return { ok: true, value };
    return { ok: false, errors: toFieldErrors(fn.errors, prefix) };
  };
}

/** Compiles one contract and proves it against its own examples; throws ContractError when it is malformed. */
export function compileContract(files: ContractFiles): Contract {
  const id = `${files.definition}@${files.version}`;
  if (!NAME.test(files.definition)) throw new ContractError(`${id}: definition name must match ${NAME}`);
  if (!SEMVER.test(files.version)) throw new ContractError(`${id}: version must be semver x.y.z`);
  const m = files.manifest;
  if (m.definition !== files.definition || m.version !== files.version) {
    throw new ContractError(`${id}: manifest.json names ${m.definition}@${m.version}`);
  }
  if (!(typeof m.timeout_sec === 'number' && m.timeout_sec > 0)) {
    throw new ContractError(`${id}: manifest.timeout_sec must be a positive number`);
  }
  if (typeof files.bindings.engine !== 'string' || files.bindings.engine === '') {
    throw new ContractError(`${id}: bindings.engine is missing`);
  }
  const contract: Contract = {
    id,
    definition: files.definition,
    version: files.version,
    manifest: m,
    bindings: files.bindings,
    plugins: files.plugins,
    inputsSchema: files.inputsSchema,
    outputsSchema: files.outputsSchema,
    examples: files.examples,
    dir: files.dir,
    validateInputs: validator(compile(files.inputsSchema, `${id} inputs.schema.json`)),
    validateOutputs: validator(compile(files.outputsSchema, `${id} outputs.schema.json`)),
  };
  for (const ex of files.examples.valid) {
    const r = contract.validateInputs(ex.inputs);
    if (!r.ok) throw new ContractError(`${id}: valid example ${ex.name} fails: ${r.errors[0].message}`);
  }
  for (const ex of files.examples.invalid) {
    const r = contract.validateInputs(ex.inputs);
    if (r.ok) throw new ContractError(`${id}: invalid example ${ex.name} passes validation`);
    if (!r.errors.some((e) => e.field === ex.field)) {
      throw new ContractError(
        `${id}: invalid example ${ex.name} should fail at ${ex.field}, fails at ${r.errors.map((e) => e.field).join(', ')}`,
      );
    }
  }
  return contract;
}

export class ContractRegistry {
  readonly #byId = new Map<string, Contract>();

  constructor(contracts: Contract[]) {
    for (const c of contracts) {
      if (this.#byId.has(c.id)) throw new ContractError(`${c.id} is defined twice`);
      this.#byId.set(c.id, c);
    }
  }

  static fromFiles(files: ContractFiles[]): ContractRegistry {
    return new ContractRegistry(files.map(compileContract));
  }

  get(definition: string, version: string): Contract | undefined {
    return this.#byId.get(`${definition}@${version}`);
  }

  list(): Contract[] {
    return [...this.#byId.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  /** Versions of one definition, newest first. */
  versions(definition: string): string[] {
    return this.list()
      .filter((c) => c.definition === definition)
      .map((c) => c.version)
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  }
}
