// One placement of sitefit@2.0.0 evaluated as the solver evaluates a candidate: exact containment in the
// parcel, the margins to every setback band and exclusion zone, site coverage, and the metrics, KPIs and
// weighted score of the result. The web page runs it on every pointer move of a drag and the AppServer's
// preview lane runs the same code, so both give the same numbers. prepareV2 does the per-site work once.
//
// The clearance KPI is the solve's clearance divided by the largest clearance among all candidates of that
// solve, which one placement cannot know: the caller passes it (maxClearanceM, derived from the job's
// results), else the placement's own clearance counts as the largest (KPI 1).
import { houseInside } from '../geom/contain.ts';
import { centroid, cleanRing, rotateAboutOrigin } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { domainError } from './errors.ts';
import { gardenArea } from './garden.ts';
import {
  facadeBearing0,
  facadeEdgeAngle0,
  normDeg,
  orientation,
  streetMeasure,
  weightedScore,
} from './kpis.ts';
import { constraintMargins } from './measure.ts';
import { buildSite, type Site } from './site.ts';
import { preflightV2 } from './solve.ts';
import type { SitefitV2Inputs, V2Result } from './types.ts';

/** The solver's verification tolerance (m): its region lies on a 1 mm grid. */
const VERIFY_TOL = 0.002;

export interface PreparedV2 {
  inputs: SitefitV2Inputs;
  site: Site;
  houseCentred: Ring;
  parcel: PolygonWithHoles;
  convergence: number;
  bearing0: number;
  edgeAngle0: number;
  preferred: number;
}

export interface V2PlacementEvaluation {
  valid: boolean;
  /** OUTSIDE_PARCEL, IN_SETBACK_OR_EXCLUSION (with `tightest`) or MAX_SITE_COVERAGE; absent when valid. */
  reason?: string;
  /** The constraint nearest to being broken, e.g. 'edge-2-front' or 'exclusion-oak'. */
  tightest: string;
  score: number;
  kpis: V2Result['kpis'];
  metrics: V2Result['metrics'];
}

/** Checks the inputs like the solver (domain errors included) and builds the site once. */
export function prepareV2(raw: unknown): PreparedV2 {
  const { inputs } = preflightV2(raw);
  const site = buildSite(inputs);
  if (site.frame.reprojected) {
    throw domainError(
      'PREVIEW_NEEDS_PROJECTED_CRS',
      'A placement preview needs coordinates in a projected CRS (metres); EPSG:4326 inputs are reprojected by the solver only.',
      '/crs',
      'Give the parcel and house in their UTM zone or EPSG:5514.',
    );
  }
  const [cx, cy] = centroid(site.parcel[0]);
  const houseCentred = cleanRing(
    site.house.map(([x, y]) => [x - site.houseCentroid[0], y - site.houseCentroid[1]] as Point),
  );
  return {
    inputs,
    site,
    houseCentred,
    parcel: { outer: site.parcel[0] as Ring, holes: site.parcel.slice(1) as Ring[] },
    convergence: site.frame.convergenceDeg([cx + site.origin[0], cy + site.origin[1]]),
    bearing0: facadeBearing0(site),
    edgeAngle0: facadeEdgeAngle0(site),
    preferred: normDeg(180 + inputs.orientation.offset_from_south_deg),
  };
}

/** A result's transform: rotation (deg) about the house's centroid, then translation (m) from where it was given. */
export function evaluateV2(
  p: PreparedV2,
  placement: { rotation: number; x: number; y: number },
  opts: { maxClearanceM?: number } = {},
): V2PlacementEvaluation {
  const { site, inputs } = p;
  const w = inputs.objective.weights;
  const deg = placement.rotation;
  const cx = placement.x + site.houseCentroid[0];
  const cy = placement.y + site.houseCentroid[1];
  const house = rotateAboutOrigin(p.houseCentred, deg).map(([a, b]) => [a + cx, b + cy] as Point);
  const margins = constraintMargins(site, house);
  const inside = houseInside(house, p.parcel);
  const coverage = (inputs.existing_built_area_m2 + site.houseArea) / site.parcelArea;
  let reason: string | undefined;
  if (!inside) reason = 'OUTSIDE_PARCEL';
  else if (margins.slack < -VERIFY_TOL) reason = 'IN_SETBACK_OR_EXCLUSION';
  else if (coverage > inputs.max_site_coverage + 1e-12) reason = 'MAX_SITE_COVERAGE';
  const o = orientation(p.bearing0, deg, p.convergence, p.preferred);
  const street = inputs.street && inside ? streetMeasure(site, house, p.edgeAngle0 + deg) : null;
  const clear = Math.max(0, margins.slack);
  const maxClear = opts.maxClearanceM ?? clear;
  const freeArea = site.parcelArea - site.houseArea;
  const garden = inside ? gardenArea(site.parcelClip, house, inputs.objective.garden_min_width_m) : 0;
  const kpis: V2Result['kpis'] = {
    clearance: maxClear > 1e-9 ? Math.min(1, clear / maxClear) : 1,
    sun: o.sun,
    garden: freeArea > 0 ? Math.min(1, garden / freeArea) : 0,
    access: street ? 1 - Math.min(1, street.distance / site.diagonal) : 0,
    alignment: street ? 1 - street.alignment / 45 : 0,
  };
  const metrics: V2Result['metrics'] = {
    yard_area_m2: site.parcelArea - site.houseArea,
    min_setback_m: inside ? margins.minSetback : 0,
    house_area_m2: site.houseArea,
    orientation_deg: deg,
    parcel_utilization: site.houseArea / site.parcelArea,
    clearance_slack_m: margins.slack,
    facade_azimuth_deg: o.facadeAzimuth,
    sun_deviation_deg: o.deviation,
    garden_area_m2: garden,
    site_coverage: coverage,
  };
  if (street) {
    metrics.street_distance_m = street.distance;
    metrics.street_alignment_deg = street.alignment;
  }
  return {
    valid: reason === undefined,
    ...(reason ? { reason } : {}),
    tightest: margins.tightest,
    score: weightedScore(w, kpis),
    kpis,
    metrics,
  };
}
