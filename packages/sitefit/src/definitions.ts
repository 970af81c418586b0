// sitefit's definitions as modules (contracts name this file in bindings.module): the AppServer's builtin engine
// runs `solve`, the API runs `precheck` before queueing, the worker stores `summary().score`, the pipeline builds
// `artifacts`, and the preview lane runs `preview`. Nothing outside this package needs to know sitefit.
import { buildArtifactScene, dxfArtifact, sceneArtifacts } from './artifacts/index.ts';
import { sheetArtifacts } from './artifacts/sheet/artifacts.ts';
import { checkSitefitInputs } from './check.ts';
import { UnsupportedCrsError } from './crs/errors.ts';
import { SitefitDomainError } from './errors.ts';
import { evaluatePlacement, type PlacementInput } from './evaluate.ts';
import { type SitefitV1Inputs, solveSitefitV1 } from './solve-v1.ts';
import { evaluateV2, prepareV2, solveSitefitV2 } from './v2/index.ts';

type Inputs = Record<string, unknown>;
interface SolveOptions {
  maxResults?: number;
  signal?: AbortSignal;
  now?: Date;
}

const isDomainError = (e: unknown) => e instanceof SitefitDomainError || e instanceof UnsupportedCrsError;

function summary(outputs: Inputs): { score: number | null } {
  const first = (outputs.results as { score?: unknown }[] | undefined)?.[0];
  return { score: typeof first?.score === 'number' ? first.score : null };
}

/**
 * Every artifact of a result, from one scene: GeoJSON, plan SVG, glTF, CSV (buildArtifacts), the DXF
 * (buildPlanArtifacts) and the sheets with their PDF.
 */
async function resultArtifacts(definitionVersion: string, inputs: Inputs, outputs: Inputs) {
  const scene = buildArtifactScene(definitionVersion, inputs, outputs);
  return [...sceneArtifacts(scene), dxfArtifact(scene), ...(await sheetArtifacts(scene, outputs))];
}

type PrecheckContext = { manifest: Readonly<Record<string, unknown>> };
const maxWorkOf = (ctx?: PrecheckContext) =>
  typeof ctx?.manifest.max_work === 'number' ? { maxWork: ctx.manifest.max_work } : {};

function placementOf(raw: unknown): PlacementInput {
  const p = (raw ?? {}) as Record<string, unknown>;
  for (const k of ['rotation', 'x', 'y']) {
    if (typeof p[k] !== 'number' || !Number.isFinite(p[k])) {
      throw new SitefitDomainError(
        'INVALID_PLACEMENT',
        `placement.${k} must be a finite number.`,
        `/placement/${k}`,
        'Send {"placement": {"rotation": deg, "x": m, "y": m}}: the transform of one result.',
      );
    }
  }
  return p as unknown as PlacementInput;
}

export const sitefitV1 = {
  entry: 'sitefit@1.0.0',
  solve: (inputs: Inputs, opts: SolveOptions) =>
    solveSitefitV1(inputs as unknown as SitefitV1Inputs, {
      ...opts,
      maxResults: opts.maxResults ?? Number.MAX_SAFE_INTEGER,
    }),
  precheck: (inputs: Inputs, ctx?: PrecheckContext) => checkSitefitInputs('1.0.0', inputs, maxWorkOf(ctx)),
  artifacts: (inputs: Inputs, outputs: Inputs) => resultArtifacts('sitefit@1.0.0', inputs, outputs),
  summary,
  /** One placement (`{placement: {rotation, x, y}}` next to the inputs): validity, min setback, KPIs, score. */
  preview: (inputs: Inputs, request: Inputs) =>
    evaluatePlacement(inputs as unknown as SitefitV1Inputs, placementOf(request.placement)),
  isDomainError,
};

export const sitefitV2 = {
  entry: 'sitefit@2.0.0',
  solve: (inputs: Inputs, opts: SolveOptions) => solveSitefitV2(inputs, opts),
  precheck: (inputs: Inputs, ctx?: PrecheckContext) => checkSitefitInputs('2.0.0', inputs, maxWorkOf(ctx)),
  artifacts: (inputs: Inputs, outputs: Inputs) => resultArtifacts('sitefit@2.0.0', inputs, outputs),
  summary,
  /**
   * One placement, as for 1.0.0; `max_clearance_m` (optional, next to `placement`) is the solve's largest
   * clearance, which the clearance KPI is relative to (the page derives it from the job's results).
   */
  preview: (inputs: Inputs, request: Inputs) =>
    evaluateV2(prepareV2(inputs), placementOf(request.placement), {
      ...(typeof request.max_clearance_m === 'number' && request.max_clearance_m > 0
        ? { maxClearanceM: request.max_clearance_m }
        : {}),
    }),
  isDomainError,
};

export const definitions = [sitefitV1, sitefitV2];
