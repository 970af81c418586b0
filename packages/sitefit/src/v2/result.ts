// A verified v2 candidate as a contract result, in the input CRS.
import { placeRing } from '../geom/place.ts';
import { centroid } from '../geom/ring.ts';
import type { Point } from '../geom/types.ts';
import type { Cand } from './candidates.ts';
import type { constraintMargins } from './measure.ts';
import type { Site } from './site.ts';
import type { SitefitV2Inputs, V2Result } from './types.ts';

export function toResult(
  site: Site,
  inputs: SitefitV2Inputs,
  c: Cand,
  margins: ReturnType<typeof constraintMargins>,
  rank: number,
): V2Result {
  const toInput = (p: readonly number[]) =>
    site.frame.toInput([p[0] + site.origin[0], p[1] + site.origin[1]]);
  // The placed house in the input CRS, in the given vertex order (rotated about the centroid, then moved).
  const [hcx, hcy] = site.houseCentroid;
  const given = placeRing(site.house, c.rot.deg, c.x - hcx, c.y - hcy);
  const footprint = [...given, given[0]].map(toInput);
  let translation: { x: number; y: number };
  if (site.frame.reprojected) {
    // Degrees: where the centroid goes, measured from the centroid of the house as given (input CRS).
    const rawHouse = footprintOfInput(inputs);
    const c0 = centroid(rawHouse);
    const c1 = toInput([c.x, c.y]);
    translation = { x: c1[0] - c0[0], y: c1[1] - c0[1] };
  } else {
    translation = { x: c.x - hcx, y: c.y - hcy };
  }
  const houseArea = site.houseArea;
  const metrics: V2Result['metrics'] = {
    yard_area_m2: site.parcelArea - houseArea,
    min_setback_m: margins.minSetback,
    house_area_m2: houseArea,
    orientation_deg: c.rot.deg,
    parcel_utilization: houseArea / site.parcelArea,
    clearance_slack_m: margins.slack,
    facade_azimuth_deg: c.facadeAzimuth,
    sun_deviation_deg: c.deviation,
    garden_area_m2: c.garden ?? 0,
    site_coverage: (inputs.existing_built_area_m2 + houseArea) / site.parcelArea,
  };
  if (c.street) {
    metrics.street_distance_m = c.street.distance;
    metrics.street_alignment_deg = c.street.alignment;
  }
  const tags = [c.source, `tightest:${margins.tightest}`];
  if (rank === 1) tags.unshift('best');
  return {
    id: `r${rank}`,
    transform: {
      rotation: { axis: 'z', value: c.rot.deg, units: 'deg' },
      translation: { x: translation.x, y: translation.y, z: 0, units: site.frame.reprojected ? 'deg' : 'm' },
      scale: { uniform: 1 },
    },
    score: c.score,
    metrics,
    kpis: { ...c.kpis },
    footprint: { type: 'Polygon', coordinates: [footprint] },
    tags,
  };
}

function footprintOfInput(inputs: SitefitV2Inputs): Point[] {
  const h = inputs.house;
  if ('type' in h) return (h.type === 'Feature' ? h.geometry.coordinates[0] : h.coordinates[0]) as Point[];
  return h.coordinates as Point[];
}
