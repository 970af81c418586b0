// sitefit@1.0.0: the contract-level solve the AppServer's builtin engine and the CLI call.
import { checkCoordinates } from './coordinates.ts';
import { maxOf } from './geom/arrays.ts';
import { placeRing } from './geom/place.ts';
import { centroid, cleanRing, orientRing, ringArea } from './geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from './geom/types.ts';
import { checkPolygon, checkRing } from './geom/validate.ts';
import { checkWork } from './limits.ts';
import { rotationList } from './rotations.ts';
import { MIN_CLEARANCE } from './search/bnb.ts';
import { maxFittingScale } from './search/fit-scale.ts';
import {
  isDistinct,
  type Placement,
  type SearchPlacementsOptions,
  searchPlacements,
  symmetryPeriod,
} from './search/placements.ts';

/** sitefit@1.0.0 inputs with the contract's defaults already materialised. */
export interface SitefitV1Inputs {
  crs: string;
  parcel: { coordinates: number[][] };
  house: { coordinates: number[][] };
  rotation: { min: number; max: number; step: number };
  grid_step: number;
  seed: number;
}

export interface SitefitResult {
  id: string;
  transform: {
    rotation: { axis: 'z'; value: number; units: 'deg' };
    translation: { x: number; y: number; z: number; units: 'm' };
    scale: { uniform: number };
  };
  score: number;
  metrics: {
    yard_area_m2: number;
    min_setback_m: number;
    house_area_m2: number;
    orientation_deg: number;
    parcel_utilization: number;
  };
  tags: string[];
}

export interface SitefitWarning {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface SitefitOutputs {
  results: SitefitResult[];
  artifacts: [];
  metadata: {
    definition: string;
    version: string;
    units: 'm';
    seed: number;
    generated_at: string;
    engine: string;
    cache_hit: boolean;
    warnings: SitefitWarning[];
  };
}

/** Rotations are "continuous enough" to refine between samples when at least 3 are tried at most 15° apart. */
const REFINE_MAX_STEP = 15;

export { rotationList };

/** The seed's score, kept so results stay comparable with it. */
export function sitefitScore(yardArea: number, minSetback: number, utilization: number): number {
  return 0.3 * (yardArea / 1000) + 0.4 * minSetback + 0.3 * Math.max(0, 1 - 2 * Math.abs(utilization - 0.4));
}

/** The placed house ring (closed, world coordinates) for a result's transform, e.g. for artifacts. */
export function placeHouse(house: number[][], transform: SitefitResult['transform']): number[][] {
  const ring = cleanRing(house);
  const placed = placeRing(ring, transform.rotation.value, transform.translation.x, transform.translation.y);
  return [...placed, placed[0]].map(([x, y]) => [x, y]);
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Distinct results of 1.0.0 (issue 9 item 6; glossary "distinct results"): results 2..N differ from every earlier
 * one by at least DISTINCT_ANGLE_DEG of rotation (modulo the house's symmetry) or by the house's size (√(house
 * area), at least grid_step) in centroid position, so copies of one rotation shifted along a plateau by less than
 * the house itself are one answer, not ten. This comes on top of the earlier rule (|Δcentroid| + R·Δangle >=
 * max(grid_step, R/4)), which still holds. The best result does not depend on it.
 */
export const DISTINCT_ANGLE_DEG = 10;
export const DISTINCT_SIZE_FRACTION = 1;

export function v1Distinct(gridStep: number, houseArea: number): { distance: number; angleDeg: number } {
  return {
    distance: Math.max(gridStep, DISTINCT_SIZE_FRACTION * Math.sqrt(houseArea)),
    angleDeg: DISTINCT_ANGLE_DEG,
  };
}

/** Candidates searched per requested result before the distinct ones are picked (the search's own rule). */
const DISTINCT_POOL = 3;
/**
 * Above this many rotations the pool is the requested count itself (the distinct ones of it are returned): each
 * extra result re-runs the search over every rotation, and at step 0.1 over 0..360 a pool of 30 took 15 s of CPU
 * instead of 1.1 s, beyond 1.0.0's 10 s aim.
 */
const DISTINCT_POOL_MAX_ROTATIONS = 400;

/**
 * The search's placements (exact best, then near-duplicates excluded by its separation rule), of which only the
 * distinct ones count as results: the search goes on until maxResults distinct ones or DISTINCT_POOL x
 * maxResults verified ones (maxResults beyond DISTINCT_POOL_MAX_ROTATIONS rotations), so fewer come back when
 * the search finds fewer distinct ones. Picking among the search's results instead of excluding house-sized
 * discs inside the search: with such discs at every rotation within 10°, a 40 x 60 m rectangle at rotation step
 * 0.1 took 180 s instead of 2 s (the search must prove every excluded plateau below the much lower next result).
 */
async function distinctPlacements(
  parcel: PolygonWithHoles,
  house: Ring,
  centred: Ring,
  radius: number,
  houseArea: number,
  inputs: SitefitV1Inputs,
  opts: SearchPlacementsOptions,
): Promise<Placement[]> {
  const rule = v1Distinct(inputs.grid_step, houseArea);
  const period = symmetryPeriod(centred, radius);
  const factor = opts.rotations.length > DISTINCT_POOL_MAX_ROTATIONS ? 1 : DISTINCT_POOL;
  return searchPlacements(parcel, house, {
    ...opts,
    maxExamined: factor * opts.maxResults,
    keep: (p, kept) => isDistinct(p, kept, { ...rule, period }),
  });
}

/**
 * Solves sitefit@1.0.0: validates the geometry (throws SitefitDomainError), searches the placements of largest
 * setback and returns up to maxResults distinct ones ranked by the seed's score. A house that fits nowhere is
 * not an error: empty results and a NO_FEASIBLE_PLACEMENT warning. Rejects with signal.reason when aborted.
 */
export async function solveSitefitV1(
  inputs: SitefitV1Inputs,
  opts: { maxResults: number; signal?: AbortSignal; now?: Date },
): Promise<SitefitOutputs> {
  checkCoordinates(inputs as unknown as Record<string, unknown>, inputs.crs);
  checkWork('1.0.0', inputs as unknown as Record<string, unknown>);
  const parcel: PolygonWithHoles = checkPolygon(inputs.parcel?.coordinates, [], {
    outer: '/parcel/coordinates',
    hole: (i) => `/parcel/holes/${i}`,
  });
  const house = orientRing(checkRing(inputs.house?.coordinates, '/house/coordinates', 'house'), true);
  const rotations = rotationList(inputs.rotation);
  const { signal } = opts;
  if (signal?.aborted) throw signal.reason;

  const parcelArea = ringArea(parcel.outer) - parcel.holes.reduce((s, h) => s + ringArea(h), 0);
  const houseArea = ringArea(house);
  const c = centroid(house);
  const centred = house.map(([x, y]) => [x - c[0], y - c[1]] as Point);
  const radius = maxOf(centred, ([x, y]) => Math.sqrt(x * x + y * y));
  const refine =
    rotations.length >= 3 && inputs.rotation.step <= REFINE_MAX_STEP
      ? { min: inputs.rotation.min, max: inputs.rotation.max, step: inputs.rotation.step }
      : null;
  const placements =
    houseArea > parcelArea
      ? []
      : await distinctPlacements(parcel, house, centred, radius, houseArea, inputs, {
          rotations,
          maxResults: Math.max(0, Math.floor(opts.maxResults)),
          seed: inputs.seed,
          signal,
          refine,
          separation: Math.max(inputs.grid_step, radius / 4),
        });

  const warnings: SitefitWarning[] = [];
  if (placements.length === 0 && opts.maxResults > 0)
    warnings.push(await noFit(parcel, centred, rotations, parcelArea, houseArea, signal));

  const utilization = houseArea / parcelArea;
  const yard = parcelArea - houseArea;
  const results: SitefitResult[] = placements.map((p, i) => {
    const tags = i === 0 ? ['best'] : [];
    if (p.refined) tags.push('refined-rotation');
    return {
      id: `r${i + 1}`,
      transform: {
        rotation: { axis: 'z', value: p.rotationDeg, units: 'deg' },
        translation: { x: p.translation[0], y: p.translation[1], z: 0, units: 'm' },
        scale: { uniform: 1 },
      },
      score: r6(sitefitScore(yard, p.clearance, utilization)),
      metrics: {
        yard_area_m2: r6(yard),
        min_setback_m: r6(p.clearance),
        house_area_m2: r6(houseArea),
        orientation_deg: p.rotationDeg,
        parcel_utilization: r6(utilization),
      },
      tags,
    };
  });
  return {
    results,
    artifacts: [],
    metadata: {
      definition: 'sitefit',
      version: '1.0.0',
      units: 'm',
      seed: inputs.seed,
      generated_at: (opts.now ?? new Date()).toISOString(),
      engine: 'builtin:sitefit',
      cache_hit: false,
      warnings,
    },
  };
}

async function noFit(
  parcel: PolygonWithHoles,
  centred: Point[],
  rotations: number[],
  parcelArea: number,
  houseArea: number,
  signal?: AbortSignal,
): Promise<SitefitWarning> {
  const [ox, oy] = parcel.outer[0];
  const local = {
    outer: parcel.outer.map(([x, y]) => [x - ox, y - oy] as Point),
    holes: parcel.holes.map((h) => h.map(([x, y]) => [x - ox, y - oy] as Point)),
  };
  const scale = await maxFittingScale([local], centred, rotations, parcelArea / houseArea, signal);
  const pct = Math.round((1 - scale) * 1000) / 10;
  let message: string;
  if (houseArea > parcelArea) {
    message = `The house (${r6(houseArea)} m²) is larger than the parcel (${r6(parcelArea)} m²); it would fit only if scaled to ${Math.round(scale * 1000) / 10}% at best.`;
  } else if (scale >= 1) {
    message = `The house fits only touching the parcel boundary (less than ${MIN_CLEARANCE * 1000} mm of setback) at the ${rotations.length} rotations tried.`;
  } else {
    message = `The house fits inside the parcel at none of the ${rotations.length} rotations tried; it would fit if scaled to about ${Math.round(scale * 1000) / 10}% (about ${pct}% too large).`;
  }
  return {
    code: 'NO_FEASIBLE_PLACEMENT',
    message,
    details: {
      house_area_m2: r6(houseArea),
      parcel_area_m2: r6(parcelArea),
      rotations_tried: rotations.length,
      max_fitting_scale: Math.round(scale * 1000) / 1000,
      linear_excess_pct: pct,
    },
  };
}
