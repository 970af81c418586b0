// sitefit@2.0.0 solver. Per rotation: the inner-fit polygon of the house in the allowed region (parcel minus
// per-edge setback bands minus buffered exclusion zones), candidate translations in it (the largest-clearance
// point found by branch and bound, points pulled 5 mm inside the IFP corners, and a grid at grid_step), each
// scored by the weighted objective; then the best candidates that are not near-duplicates of one another,
// each verified exactly (containment with robust predicates, distances to every constraint) before returning.

import { checkCoordinates } from '../coordinates.ts';
import { crsAreaOfUse, withinAreaOfUse } from '../crs/area.ts';
import { centroid, ringArea } from '../geom/ring.ts';
import { checkWork } from '../limits.ts';
import { collectCandidates, regionPolygons } from './collect.ts';
import { domainError } from './errors.ts';
import { withDefaults } from './inputs.ts';
import { normDeg } from './kpis.ts';
import { selectResults } from './select.ts';
import { buildSite, checkSite, type Site } from './site.ts';
import type { SitefitV2Inputs, SitefitV2Outputs, V2Result, V2Warning } from './types.ts';

export interface SolveV2Options {
  /** The manifest's cap; inputs.max_results applies as well (the smaller wins). Missing or not finite: no cap. */
  maxResults?: number;
  signal?: AbortSignal;
  now?: Date;
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

/**
 * Warnings about the site as a whole (outside the CRS area of use, exclusions without area, no street edges for
 * the access and alignment weights); false when site coverage already rules out every placement.
 */
function siteWarnings(site: Site, inputs: SitefitV2Inputs, warnings: V2Warning[]): boolean {
  const w = inputs.objective.weights;
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
    return false;
  }
  if (!inputs.street && (w.access > 0 || w.alignment > 0)) {
    warnings.push({
      code: 'NO_STREET_EDGES',
      message:
        'access and alignment weights need street edges (street.edges); their KPIs are 0 for every placement.',
    });
  }

  return true;
}

/**
 * Solves sitefit@2.0.0 in named stages: preflight (preflightV2: every rule that needs no search), the site and
 * its warnings, candidates per rotation (./collect.ts), scoring and greedy selection (./select.ts).
 */
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

  // Site checks: warnings, and no results when the house breaks max_site_coverage wherever it stands.
  if (!siteWarnings(site, inputs, warnings)) return outputs([]);

  // Stage 2 needs the allowed region (parcel minus setback bands and buffered zones) as polygons.
  const region = regionPolygons(site);
  if (region.length === 0) {
    warnings.push({
      code: 'NO_FEASIBLE_PLACEMENT',
      message: 'Setbacks and exclusion zones leave no buildable area on the parcel.',
      details: { reason: 'no_buildable_area' },
    });
    return outputs([]);
  }

  // Stage 2: candidates per rotation.
  const cands = await collectCandidates(site, inputs, region, rotations, convergence, opts.signal);
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

  // Stages 3 and 4: scoring and the greedy selection of distinct, verified results.
  const results = await selectResults(site, inputs, cands, maxResults, warnings, opts.signal);
  return outputs(results);
}
