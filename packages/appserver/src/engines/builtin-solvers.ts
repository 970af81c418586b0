// The builtin engine's solvers, by bindings.entry. Loaded both in the main thread (to know what this build
// offers) and in solver threads (to run them). @kuduso/sitefit is looked up by export name so the AppServer
// keeps working while a solver is still being written: a missing export makes its entry "unavailable" (503).
import * as sitefit from '@kuduso/sitefit';
import type { ArtifactFile } from './types.ts';

export interface SolverOptions {
  maxResults?: number;
  signal: AbortSignal;
  now: Date;
}

export type SolverFn = (
  inputs: Record<string, unknown>,
  options: SolverOptions,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export type ArtifactBuilder = (
  definitionVersion: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
) => ArtifactFile[] | Promise<ArtifactFile[]>;

export interface BuiltinSolver {
  solve: SolverFn;
  /** Files for a result; without it the engine writes a plain GeoJSON of parcel + placed houses. */
  artifacts?: ArtifactBuilder;
}

/** Which export of @kuduso/sitefit serves each builtin entry. */
export const SITEFIT_ENTRIES: Readonly<Record<string, string>> = {
  sitefit: 'solveSitefitV1',
  'sitefit-v2': 'solveSitefitV2',
};

const exportsOf = sitefit as unknown as Record<string, unknown>;

/** The solver behind a builtin entry, or undefined when this build does not (yet) export it. */
export function sitefitSolver(entry: string): BuiltinSolver | undefined {
  const name = SITEFIT_ENTRIES[entry];
  const solve = name ? exportsOf[name] : undefined;
  if (typeof solve !== 'function') return undefined;
  const artifacts = exportsOf.buildArtifacts;
  return {
    solve: solve as SolverFn,
    artifacts: typeof artifacts === 'function' ? (artifacts as ArtifactBuilder) : undefined,
  };
}

/** Runs a solver and builds its files. Errors are thrown as the solver threw them (see ./errors.ts). */
export async function runSolver(
  solver: BuiltinSolver,
  definitionVersion: string,
  inputs: Record<string, unknown>,
  options: SolverOptions,
): Promise<{ outputs: Record<string, unknown>; files: ArtifactFile[] }> {
  const outputs = await solver.solve(inputs, options);
  // Files must show what the reply carries: trim to max_results before drawing them.
  const max = options.maxResults;
  if (max !== undefined && Array.isArray(outputs?.results) && outputs.results.length > max) {
    outputs.results = outputs.results.slice(0, max);
  }
  const files = solver.artifacts
    ? await solver.artifacts(definitionVersion, inputs, outputs)
    : fallbackGeojson(inputs, outputs);
  return { outputs, files };
}

// --- Fallback artifact: parcel + placed houses as GeoJSON, for builds whose sitefit has no buildArtifacts. ---

type Ring = [number, number][];

function ringOf(area: unknown): Ring | undefined {
  const coords = (area as { coordinates?: unknown } | undefined)?.coordinates;
  if (!Array.isArray(coords) || !coords.every((p) => Array.isArray(p) && typeof p[0] === 'number')) return;
  return coords.map((p) => [p[0], p[1]] as [number, number]);
}

/** Area centroid (the contract's rotation centre); the vertex mean for a degenerate ring. */
function centroid(ring: Ring): [number, number] {
  const [ox, oy] = ring[0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const x0 = ring[i][0] - ox;
    const y0 = ring[i][1] - oy;
    const x1 = ring[i + 1][0] - ox;
    const y1 = ring[i + 1][1] - oy;
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  if (Math.abs(a) < 1e-12) {
    const n = ring.length;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

interface ResultLike {
  id?: string;
  score?: number;
  transform?: { rotation?: { value?: number }; translation?: { x?: number; y?: number } };
}

export function fallbackGeojson(
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
): ArtifactFile[] {
  const parcel = ringOf(inputs.parcel);
  const house = ringOf(inputs.house);
  if (!parcel || !house) return [];
  const [cx, cy] = centroid(house);
  const results = Array.isArray(outputs.results) ? (outputs.results as ResultLike[]) : [];
  const features = [
    { type: 'Feature', properties: { role: 'parcel' }, geometry: { type: 'Polygon', coordinates: [parcel] } },
    ...results.map((r, i) => {
      const a = ((r.transform?.rotation?.value ?? 0) * Math.PI) / 180;
      const tx = r.transform?.translation?.x ?? 0;
      const ty = r.transform?.translation?.y ?? 0;
      const placed = house.map(([x, y]) => [
        cx + (x - cx) * Math.cos(a) - (y - cy) * Math.sin(a) + tx,
        cy + (x - cx) * Math.sin(a) + (y - cy) * Math.cos(a) + ty,
      ]);
      return {
        type: 'Feature',
        properties: { role: 'house', rank: i + 1, id: r.id, score: r.score },
        geometry: { type: 'Polygon', coordinates: [placed] },
      };
    }),
  ];
  const body = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
  return [
    {
      kind: 'geojson',
      label: 'Parcel and placed houses',
      filename: 'placements.geojson',
      contentType: 'application/geo+json',
      body,
    },
  ];
}

/** The solver-thread module interface (see solver-thread.ts). */
export const solverFor = sitefitSolver;
