// The live preview of sitefit@2.0.0: the package's own single-placement evaluation (evaluateV2: per-edge
// setbacks, exclusion zones, coverage, the KPIs and the weighted score), with the site prepared once per job.
// The AppServer's preview lane runs the same function, so the two agree.
import { evaluateV2, type PreparedV2, prepareV2, type V2PlacementEvaluation } from '@kuduso/sitefit';
import type { PreviewResult } from './preview.ts';

export interface V2Preview {
  prepared: PreparedV2;
  /** The solve's largest clearance (the clearance KPI is relative to it), from the job's results. */
  maxClearanceM?: number;
}

interface ResultLike {
  kpis?: Record<string, number>;
  metrics?: Record<string, number>;
}

/** Null when the inputs cannot be evaluated in the page (another version, EPSG:4326 inputs). */
export function v2Preview(
  version: string,
  inputs: Record<string, unknown> | null,
  results: ResultLike[],
): V2Preview | null {
  if (!inputs || !version.startsWith('2.')) return null;
  try {
    const prepared = prepareV2(inputs);
    const best = results.reduce<ResultLike | null>(
      (a, r) => ((r.kpis?.clearance ?? 0) > (a?.kpis?.clearance ?? 0) ? r : a),
      null,
    );
    const k = best?.kpis?.clearance ?? 0;
    const slack = best?.metrics?.clearance_slack_m;
    return { prepared, ...(k > 0 && typeof slack === 'number' ? { maxClearanceM: slack / k } : {}) };
  } catch {
    return null;
  }
}

export function evaluateV2Pose(
  v: V2Preview,
  pose: { rotation: number; x: number; y: number },
): V2PlacementEvaluation {
  return evaluateV2(v.prepared, pose, v.maxClearanceM ? { maxClearanceM: v.maxClearanceM } : {});
}

/** The reason of an invalid evaluation in words. */
export function v2Reason(e: V2PlacementEvaluation): string | null {
  if (e.valid) return null;
  if (e.reason === 'OUTSIDE_PARCEL') return 'The house leaves the parcel.';
  if (e.reason === 'MAX_SITE_COVERAGE') return 'The house exceeds the maximum site coverage.';
  const zone = /^exclusion-(.+)$/.exec(e.tightest)?.[1];
  return zone
    ? `The house enters the exclusion zone "${zone}" (with its buffer).`
    : `The house enters a setback (${e.tightest}).`;
}

/** The page's geometric check (which names the zone entered) completed with the 2.0.0 evaluation's numbers. */
export function withV2(r: PreviewResult, e: V2PlacementEvaluation): PreviewResult {
  const valid = r.valid && e.valid;
  return {
    valid,
    reason: valid ? null : (r.reason ?? v2Reason(e)),
    minSetback: e.metrics.min_setback_m,
    houseArea: r.houseArea,
    score: e.score,
    parts: { ...e.kpis },
    metrics: { ...r.metrics, ...(e.metrics as unknown as Record<string, number>) },
  };
}
