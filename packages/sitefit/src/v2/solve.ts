// sitefit@2.0.0 solver. Per rotation: the inner-fit polygon of the house in the allowed region (parcel minus
// per-edge setback bands minus buffered exclusion zones), candidate translations in it (the largest-clearance
// point found by branch and bound, points pulled 5 mm inside the IFP corners, and a grid at grid_step), each
// scored by the weighted objective; then the best candidates that are not near-duplicates of one another,
// each verified exactly (containment with robust predicates, distances to every constraint) before returning.

import { checkCoordinates } from '../coordinates.ts';
import { crsAreaOfUse, withinAreaOfUse } from '../crs/area.ts';
import { maxOf } from '../geom/arrays.ts';
import { houseInside } from '../geom/contain.ts';
import { nearlyConvexKernel } from '../geom/halfplane.ts';
import { centroid, cleanRing, orientRing, ringArea } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { checkWork } from '../limits.ts';
import { type Cand, CandidateHeap, type CandRotation } from './candidates.ts';
import { components, fromPath64 } from './clip.ts';
import { domainError } from './errors.ts';
import { gardenArea, gardenGround } from './garden.ts';
import { withDefaults } from './inputs.ts';
import {
  angleBetween,
  facadeBearing0,
  facadeEdgeAngle0,
  normDeg,
  orientation,
  streetMeasure,
  weightedScore,
} from './kpis.ts';
import { constraintMargins } from './measure.ts';
import { toResult } from './result.ts';
import {
  bestClearance,
  buildV2Rotation,
  buildV2RotationDirect,
  clearanceAt,
  ifpBoxes,
  insideIfp,
} from './rotation.ts';
import { buildSite, checkSite, type Site } from './site.ts';
import type { SitefitV2Inputs, SitefitV2Outputs, V2Result, V2Warning } from './types.ts';

export interface SolveV2Options {
  /** The manifest's cap; inputs.max_results applies as well (the smaller wins). Missing or not finite: no cap. */
  maxResults?: number;
  signal?: AbortSignal;
  now?: Date;
}

/** Grid candidates per rotation are capped; a coarser grid is used beyond this. */
const MAX_GRID_POINTS = 200;
/** Grid candidates over all rotations (72 rotations x 200 at the defaults); never fewer than MIN_GRID_POINTS. */
const GRID_BUDGET = 14_400;
const MIN_GRID_POINTS = 24;
/** IFP corner candidates per rotation (every k-th vertex beyond this). */
const MAX_CORNERS = 48;
/** Corners are pulled this far inside the IFP: a corner itself touches a constraint (and rounds to 1 mm). */
const CORNER_INSET = 0.005;
/** Candidates closer than this to the IFP boundary are skipped: the 1 mm Clipper grid may misclassify them. */
const CLASSIFY_MARGIN = 0.002;
/**
 * Two placements are near-duplicates when their rotations are within DUP_ANGLE_DEG x diversity / 0.3 and their
 * centroids within diversity x the house's size (square root of its area), at least 2 grid steps.
 */
const DUP_ANGLE_DEG = 10;
/** The default of inputs.diversity: the angle scales with it (10° at 0.3), the distance is this fraction. */
const DEFAULT_DIVERSITY = 0.3;
/** Verification tolerance of the exact check (metres): the search region is on a 1 mm grid. */
const VERIFY_TOL = 0.002;
/**
 * Non-convex regions with more vertices than this are searched without inner-fit polygons (see
 * buildV2RotationDirect): no IFP corner candidates, the rest exact. Below it the Clipper IFP is cheap.
 */
const DIRECT_MIN_VERTICES = 400;
/** A region component within this distance (metres) of its convex kernel is searched as that kernel. */
const KERNEL_TOL = 0.01;
/** Most garden evaluations (each a few polygon booleans) per solve. */
const MAX_GARDEN_EVALS = 20_000;
/**
 * Garden evaluations x parcel vertices per solve: each evaluation offsets the open ground twice, about linear
 * in the garden ground's vertices, so large parcels get fewer.
 */
const GARDEN_VERTEX_BUDGET = 400_000;
/** What an evaluation costs beyond the parcel's vertices (the house's offsets), in vertices. */
const GARDEN_EVAL_BASE = 20;

function mix(a: number): number {
  let h = a | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function placed(rot: CandRotation, x: number, y: number): Ring {
  return rot.house.map(([a, b]) => [a + x, b + y] as Point);
}

function rotationsOf(r: SitefitV2Inputs['rotation']): number[] {
  if (r.min > r.max) {
    throw domainError(
      'INVALID_ROTATION_RANGE',
      `rotation.min (${r.min}) is greater than rotation.max (${r.max})`,
      '/rotation',
      'Give min <= max.',
    );
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const n = Math.floor((r.max - r.min) / r.step + 1e-9);
  for (let i = 0; i <= n; i++) {
    const deg = r.min + i * r.step;
    const key = Math.round(normDeg(deg) * 1e9) % Math.round(360 * 1e9);
    if (seen.has(key)) continue; // 0 and 360 are the same placement
    seen.add(key);
    out.push(deg);
  }
  return out;
}

async function pause(signal?: AbortSignal) {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

function regionPolygons(site: Site): PolygonWithHoles[] {
  return components(site.allowed).map((poly) => ({
    outer: orientRing(cleanRing(fromPath64(poly[0])), true),
    holes: poly.slice(1).map((h) => orientRing(cleanRing(fromPath64(h)), false)),
  }));
}

/**
 * Convex stand-ins for the region's components when each is within KERNEL_TOL of convex (then a placement
 * loses at most that much clearance, and never leaves the region), else null (the Clipper inner-fit is used).
 */
function convexKernels(region: readonly PolygonWithHoles[]): Ring[] | null {
  const out: Ring[] = [];
  for (const p of region) {
    if (p.holes.length > 0) return null;
    const k = nearlyConvexKernel(p.outer, KERNEL_TOL);
    if (!k) return null;
    out.push(k);
  }
  return out;
}

/** Stage 1 (preflight): the inputs with defaults, after every rule that needs no search (what the API runs). */
export function preflightV2(raw: unknown): { inputs: SitefitV2Inputs; rotations: number[] } {
  const inputs = withDefaults(raw as SitefitV2Inputs);
  const w = inputs.objective.weights;
  if (w.clearance + w.sun + w.garden + w.access + w.alignment <= 0) {
    throw domainError(
      'OBJECTIVE_ALL_ZERO',
      'Every objective weight is zero: placements cannot be ranked',
      '/objective/weights',
      'Give at least one weight a positive value.',
    );
  }
  const rotations = rotationsOf(inputs.rotation);
  checkSite(inputs);
  return { inputs, rotations };
}

export async function solveSitefitV2(raw: unknown, opts: SolveV2Options): Promise<SitefitV2Outputs> {
  checkCoordinates(raw as Record<string, unknown>, String((raw as { crs?: unknown }).crs));
  checkWork('2.0.0', raw as Record<string, unknown>);
  const { inputs, rotations } = preflightV2(raw);
  const w = inputs.objective.weights;
  const site = buildSite(inputs);
  const cap =
    typeof opts.maxResults === 'number' && Number.isFinite(opts.maxResults) ? opts.maxResults : Infinity;
  const maxResults = Math.max(0, Math.min(cap, inputs.max_results));
  const warnings: V2Warning[] = [];
  const centroidWorking = centroid(site.parcel[0]);
  const convergence = site.frame.convergenceDeg([
    centroidWorking[0] + site.origin[0],
    centroidWorking[1] + site.origin[1],
  ]);
  const outputs = (results: V2Result[]): SitefitV2Outputs => ({
    results,
    artifacts: [],
    metadata: {
      definition: 'sitefit',
      version: '2.0.0',
      units: 'm',
      seed: inputs.seed,
      generated_at: (opts.now ?? new Date()).toISOString(),
      engine: 'builtin',
      cache_hit: false,
      warnings,
      crs: site.frame.inputCrs,
      working_crs: site.frame.workingCrs,
      convergence_deg: convergence,
      objective: { ...w },
    },
  });

  const anchor = site.frame.toInput([site.origin[0], site.origin[1]]);
  let inArea = false;
  try {
    inArea = withinAreaOfUse(site.frame.inputCrs, anchor);
  } catch {
    inArea = false; // proj4 cannot even invert the point: certainly outside
  }
  if (!inArea) {
    warnings.push({
      code: 'OUTSIDE_CRS_AREA',
      message: `The parcel lies outside the area of use of ${site.frame.inputCrs}: distances still hold in the grid, but the grid convergence (and so orientation against true south) is not meaningful there.`,
      details: { crs: site.frame.inputCrs, area_of_use: crsAreaOfUse(site.frame.inputCrs) },
    });
  }
  site.zones.forEach((z, i) => {
    if (z.area.length === 0) {
      warnings.push({
        code: 'EXCLUSION_WITHOUT_AREA',
        message: `Exclusion ${z.id} is a ${z.shape.type} with no buffer: it excludes no area and is ignored.`,
        details: { field: `/exclusions/${i}/buffer_m` },
      });
    }
  });
  const coverage = (inputs.existing_built_area_m2 + site.houseArea) / site.parcelArea;
  if (coverage > inputs.max_site_coverage + 1e-12) {
    const allowedHouse = Math.max(
      0,
      inputs.max_site_coverage * site.parcelArea - inputs.existing_built_area_m2,
    );
    warnings.push({
      code: 'NO_FEASIBLE_PLACEMENT',
      message: `Site coverage ${(coverage * 100).toFixed(1)}% exceeds the maximum ${(inputs.max_site_coverage * 100).toFixed(1)}%: the house is ${(site.houseArea - allowedHouse).toFixed(2)} m² too large.`,
      details: {
        reason: 'max_site_coverage',
        site_coverage: coverage,
        max_site_coverage: inputs.max_site_coverage,
        house_area_m2: site.houseArea,
        max_house_area_m2: allowedHouse,
      },
    });
    return outputs([]);
  }
  if (!inputs.street && (w.access > 0 || w.alignment > 0)) {
    warnings.push({
      code: 'NO_STREET_EDGES',
      message:
        'access and alignment weights need street edges (street.edges); their KPIs are 0 for every placement.',
    });
  }

  const region = regionPolygons(site);
  if (region.length === 0) {
    warnings.push({
      code: 'NO_FEASIBLE_PLACEMENT',
      message: 'Setbacks and exclusion zones leave no buildable area on the parcel.',
      details: { reason: 'no_buildable_area' },
    });
    return outputs([]);
  }

  const kernels = convexKernels(region);
  const regionVertices = region.reduce(
    (n, p) => n + p.outer.length + p.holes.reduce((h, r) => h + r.length, 0),
    0,
  );
  const direct = kernels === null && regionVertices > DIRECT_MIN_VERTICES;
  const houseCentred = cleanRing(
    site.house.map(([x, y]) => [x - site.houseCentroid[0], y - site.houseCentroid[1]] as Point),
  );
  const bearing0 = facadeBearing0(site);
  const edgeAngle0 = facadeEdgeAngle0(site);
  const preferred = normDeg(180 + inputs.orientation.offset_from_south_deg);
  const step = inputs.grid_step;
  const cands: Cand[] = [];

  // The grid budget is shared by all rotations (fine steps get coarser grids), so candidates stay bounded.
  const gridCap = Math.max(
    MIN_GRID_POINTS,
    Math.min(MAX_GRID_POINTS, Math.floor(GRID_BUDGET / rotations.length)),
  );
  let rotId = 0;
  let last = performance.now();
  for (const deg of rotations) {
    if (performance.now() - last > 20) {
      await pause(opts.signal);
      last = performance.now();
    }
    opts.signal?.throwIfAborted();
    const rot = direct
      ? buildV2RotationDirect(rotId++, deg, region, houseCentred)
      : buildV2Rotation(rotId++, deg, region, houseCentred, kernels);
    if (!direct && rot.ifp.length === 0) continue;
    const o = orientation(bearing0, deg, convergence, preferred);
    const slim: CandRotation = { id: rot.id, deg: rot.deg, house: rot.house };
    const add = (x: number, y: number, clear: number, source: Cand['source']) => {
      const house = placed(slim, x, y);
      const street = inputs.street ? streetMeasure(site, house, edgeAngle0 + deg) : null;
      cands.push({
        rot: slim,
        x,
        y,
        clear,
        source,
        sun: o.sun,
        facadeAzimuth: o.facadeAzimuth,
        deviation: o.deviation,
        street,
        kpis: { clearance: 0, sun: o.sun, garden: 0, access: 0, alignment: 0 },
        garden: null,
        score: 0,
        key: mix(inputs.seed * 2654435761 + rot.id * 40503 + cands.length),
      });
    };
    // The largest-clearance translation of this rotation.
    const best = await bestClearance(rot, opts.signal);
    if (direct && !best) continue; // nothing feasible with the minimum clearance at this rotation
    if (best && best.clearance > CLASSIFY_MARGIN) add(best.x, best.y, best.clearance, 'max-clearance');
    // IFP corners, pulled inside along the corner's bisector.
    for (const poly of rot.ifp) {
      const ring = poly.outer;
      const n = ring.length;
      const every = Math.max(1, Math.ceil(n / MAX_CORNERS));
      for (let i = 0; i < n; i += every) {
        const p = ring[(i - 1 + n) % n];
        const c = ring[i];
        const q = ring[(i + 1) % n];
        const l1 = Math.hypot(c[0] - p[0], c[1] - p[1]) || 1;
        const l2 = Math.hypot(q[0] - c[0], q[1] - c[1]) || 1;
        // Left normals of the two edges (the interior of a counter-clockwise ring is on the left).
        let bx = -(c[1] - p[1]) / l1 - (q[1] - c[1]) / l2;
        let by = (c[0] - p[0]) / l1 + (q[0] - c[0]) / l2;
        const bl = Math.hypot(bx, by);
        if (bl < 1e-9) continue;
        bx /= bl;
        by /= bl;
        const x = c[0] + bx * CORNER_INSET;
        const y = c[1] + by * CORNER_INSET;
        const clear = clearanceAt(rot, x, y);
        if (clear > CLASSIFY_MARGIN && insideIfp(rot, x, y)) add(x, y, clear, 'corner');
      }
    }
    // A grid on the global lattice of grid_step (coarsened when the IFP is large).
    for (const [x0, y0, x1, y1] of ifpBoxes(rot)) {
      const count = ((x1 - x0) / step + 1) * ((y1 - y0) / step + 1);
      const s = count > gridCap ? step * Math.ceil(Math.sqrt(count / gridCap)) : step;
      for (let gx = Math.ceil(x0 / s) * s; gx <= x1; gx += s) {
        for (let gy = Math.ceil(y0 / s) * s; gy <= y1; gy += s) {
          if (!insideIfp(rot, gx, gy)) continue;
          const clear = clearanceAt(rot, gx, gy);
          if (clear > CLASSIFY_MARGIN) add(gx, gy, clear, 'grid');
        }
      }
    }
  }

  if (cands.length === 0) {
    warnings.push({
      code: 'NO_FEASIBLE_PLACEMENT',
      message: 'The house does not fit in the buildable area at any of the requested rotations.',
      details: {
        reason: 'does_not_fit',
        house_area_m2: site.houseArea,
        buildable_area_m2: region.reduce(
          (a, p) => a + ringArea(p.outer) - p.holes.reduce((h, r) => h + ringArea(r), 0),
          0,
        ),
        rotations_tried: rotations.length,
      },
    });
    return outputs([]);
  }

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
        if ((evals & 63) === 0) await pause(opts.signal);
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
  return outputs(results);
}
