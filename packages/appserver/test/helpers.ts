// Test helpers: a registry of the real contracts (sitefit) plus the mock fixture, an app on a temp blob folder,
// and a logger whose lines are captured for assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BlobStore, createFsBlobStore } from '@kuduso/blob';
import { type ContractFiles, ContractRegistry, compileContract } from '@kuduso/core';
import { createLogger, DEFAULT_CONTRACTS_DIR, readContracts } from '@kuduso/core/node';
import type { FastifyInstance } from 'fastify';
import {
  buildAppServer,
  type CreateEnginesOptions,
  createEngines,
  Definitions,
  type PreviewOptions,
  Seats,
} from '../src/index.ts';

export const MOCK_CONTRACTS_DIR = resolve(import.meta.dirname, '../../../test/fixtures/contracts');

export function contractFiles(): ContractFiles[] {
  return readContracts([DEFAULT_CONTRACTS_DIR, MOCK_CONTRACTS_DIR]);
}

/** The registry, with manifest fields of some contracts changed (e.g. a short timeout for the mock). */
export function registryWith(
  manifestOverrides: Record<string, Record<string, unknown>> = {},
  extra: ContractFiles[] = [],
) {
  const files = [...contractFiles(), ...extra].map((f) => {
    const o = manifestOverrides[`${f.definition}@${f.version}`];
    return o ? { ...f, manifest: { ...f.manifest, ...o } } : f;
  });
  return new ContractRegistry(files.map(compileContract));
}

/** The definition modules the real contracts and the fixtures name. */
export const DEFINITIONS = await Definitions.load(registryWith().list());

export interface TestApp {
  app: FastifyInstance;
  registry: ContractRegistry;
  blob: BlobStore;
  seats: Seats;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export function makeApp(
  options: {
    seats?: number;
    manifest?: Record<string, Record<string, unknown>>;
    token?: string;
    engines?: CreateEnginesOptions;
    useCompute?: boolean;
    extraContracts?: ContractFiles[];
    definitions?: Definitions;
    previewSeats?: number;
    preview?: PreviewOptions;
    engineOverrides?: Record<string, string>;
  } = {},
): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-appserver-'));
  const blob = createFsBlobStore(dir);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger('appserver', 'debug', {
    write(line: string) {
      logs.push(JSON.parse(line));
    },
  });
  const seats = new Seats({ batch: options.seats ?? 2, preview: options.previewSeats ?? 0 });
  const registry = registryWith(options.manifest, options.extraContracts);
  const definitions = options.definitions ?? DEFINITIONS;
  const app = buildAppServer({
    registry,
    blobStore: blob,
    logger,
    seats,
    engines: createEngines(
      { useCompute: options.useCompute ?? false },
      {
        contracts: registry.list(),
        ...options.engines,
        builtin: { definitions, ...options.engines?.builtin },
      },
    ),
    definitions,
    serviceToken: options.token,
    preview: options.preview,
    engineOverrides: options.engineOverrides,
  });
  return {
    app,
    registry,
    blob,
    seats,
    logs,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function post(
  app: FastifyInstance,
  target: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/gh/${target}/solve`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` is true (or fails after `ms`): for state that changes when a promise settles elsewhere. */
export async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await sleep(10);
  }
}
