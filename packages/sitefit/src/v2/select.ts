// Stages 3 and 4 of the 2.0.0 solver (./solve.ts): scoring the candidates by the weighted objective, then the
// greedy selection of the best ones that are not near-duplicates of one another, each verified exactly
// (containment with robust predicates, distances to every constraint) before it becomes a result.
import { maxOf } from '../geom/arrays.ts';
import { houseInside } from '../geom/contain.ts';
import type { PolygonWithHoles, Ring } from '../geom/types.ts';
import { type Cand, CandidateHeap, pause, placed } from './candidates.ts';
import { DIRECT_MIN_VERTICES } from './collect.ts';
import { gardenArea, gardenGround } from './garden.ts';
import { angleBetween, weightedScore } from './kpis.ts';
import { constraintMargins } from './measure.ts';
import { toResult } from './result.ts';
import type { Site } from './site.ts';
import type { SitefitV2Inputs, V2Result, V2Warning } from './types.ts';

/**
 * Two placements are near-duplicates when their rotations are within DUP_ANGLE_DEG x diversity / 0.3 and their
 * centroids within diversity x the house's size (square root of its area), at least 2 grid steps.
 */
const DUP_ANGLE_DEG = 10;
/** The default of inputs.diversity: the angle scales with it (10° at 0.3), the distance is this fraction. */
const DEFAULT_DIVERSITY = 0.3;
/** Verification tolerance of the exact check (metres): the search region is on a 1 mm grid. */
const VERIFY_TOL = 0.002;
/** Most garden evaluations (each a few polygon booleans) per solve. */
const MAX_GARDEN_EVALS = 20_000;
/**
 * Garden evaluations x parcel vertices per solve: each evaluation offsets the open ground twice, about linear
 * in the garden ground's vertices, so large parcels get fewer.
 */
const GARDEN_VERTEX_BUDGET = 400_000;
/** What an evaluation costs beyond the parcel's vertices (the house's offsets), in vertices. */
const GARDEN_EVAL_BASE = 20;

/**
 * The results: candidates normalised and scored, then chosen best first (lazily evaluating the costly garden KPI
 * only where it can change the ranking), skipping near-duplicates of earlier results and any that fail the exact
 * check. Warnings (garden evaluations capped, candidates rejected) go to `warnings`.
 */
export async function selectResults(
  site: Site,
  inputs: SitefitV2Inputs,
  cands: Cand[],
  maxResults: number,
  warnings: V2Warning[],
  signal?: AbortSignal,
): Promise<V2Result[]> {
  const w = inputs.objective.weights;
  const step = inputs.grid_step;
  // Normalise and score. Garden is costly: evaluated in order of the score's upper bound (garden KPI <= 1)
  // until no unevaluated candidate can still reach the top of the ranking.
  const maxClear = maxOf(cands, (c) => c.clear);
  const wsum = w.clearance + w.sun + w.garden + w.access + w.alignment;
  const freeArea = site.parcelArea - site.houseArea;
  for (const c of cands) {
    c.kpis.clearance = maxClear > 1e-9 ? Math.min(1, c.clear / maxClear) : 1;
    if (c.street) {
      c.kpis.access = 1 - Math.min(1, c.street.distance / site.diagonal);
      c.kpis.alignment = 1 - c.street.alignment / 45;
    }
    c.score = weightedScore(w, c.kpis);
  }
  const gardenWidth = inputs.objective.garden_min_width_m;
  const parcelVertices = site.parcel.reduce((n, r) => n + r.length, 0);
  // Large parcels: the garden is evaluated on the pre-opened parcel (same value, see gardenGround).
  const parcelPaths =
    parcelVertices > DIRECT_MIN_VERTICES ? gardenGround(site.parcelClip, gardenWidth) : site.parcelClip;
  const evaluateGarden = (c: Cand) => {
    if (c.garden !== null) return;
    c.garden = gardenArea(parcelPaths, placed(c.rot, c.x, c.y), gardenWidth);
    c.kpis.garden = freeArea > 0 ? Math.min(1, c.garden / freeArea) : 0;
    c.score = weightedScore(w, c.kpis);
  };

  // Lazy greedy selection. A candidate's key is its exact score once its garden is known, else the upper
  // bound score + w_garden / sum(w) (the garden KPI is at most 1). The top of the heap is evaluated if it is
  // only a bound, else it is the best remaining candidate: the next placement unless it near-duplicates one
  // already chosen or fails the exact check. Garden is thus computed only where it can change the ranking.
  const bound = (c: Cand) => (c.garden === null && w.garden > 0 ? c.score + w.garden / wsum : c.score);
  const heap = new CandidateHeap(bound);
  for (const c of cands) heap.push(c);
  const chosen: Cand[] = [];
  const results: V2Result[] = [];
  const parcelPoly: PolygonWithHoles = {
    outer: site.parcel[0] as Ring,
    holes: site.parcel.slice(1) as Ring[],
  };
  let rejected = 0;
  let evals = 0;
  const groundVertices = parcelPaths.reduce((n, r) => n + r.length, 0);
  const maxGardenEvals = Math.max(
    50,
    Math.min(MAX_GARDEN_EVALS, Math.floor(GARDEN_VERTEX_BUDGET / (groundVertices + GARDEN_EVAL_BASE))),
  );
  const diversity = inputs.diversity ?? DEFAULT_DIVERSITY;
  const dupDist = Math.max(2 * step, diversity * Math.sqrt(site.houseArea));
  const dupAngle = Math.min(180, (DUP_ANGLE_DEG * diversity) / DEFAULT_DIVERSITY);
  while (results.length < maxResults && heap.size > 0) {
    const c = heap.pop()!;
    if (
      chosen.some(
        (s) => angleBetween(s.rot.deg, c.rot.deg) < dupAngle && Math.hypot(s.x - c.x, s.y - c.y) < dupDist,
      )
    ) {
      continue; // a near-duplicate now stays one: its score cannot matter any more
    }
    if (c.garden === null && w.garden > 0) {
      if (evals >= maxGardenEvals) {
        warnings.push({
          code: 'GARDEN_EVALUATION_CAPPED',
          message: `The garden KPI was evaluated for the ${maxGardenEvals} most promising candidates only; the rest are ranked by their upper bound.`,
        });
        evals = Number.NEGATIVE_INFINITY; // warn once, stop evaluating
      }
      if (evals >= 0) {
        evaluateGarden(c);
        evals++;
        if ((evals & 63) === 0) await pause(signal);
        heap.push(c);
        continue;
      }
    }
    const house = placed(c.rot, c.x, c.y);
    const margins = constraintMargins(site, house);
    if (!houseInside(house, parcelPoly) || margins.slack < -VERIFY_TOL) {
      rejected++;
      continue;
    }
    evaluateGarden(c);
    chosen.push(c);
    results.push(toResult(site, inputs, c, margins, results.length + 1));
  }
  if (rejected > 0) {
    warnings.push({
      code: 'CANDIDATES_REJECTED',
      message: `${rejected} candidate(s) failed the exact verification and were skipped.`,
    });
  }
  return results;
}
