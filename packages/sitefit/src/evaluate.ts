// One placement of sitefit@1.0.0 evaluated exactly: is the placed house inside the parcel, its smallest setback,
// and the KPIs and score the solver would report for it. The web page runs it on every pointer move and the
// AppServer's preview lane runs the same code, so both give the same numbers.
import { clearance, houseInside } from './geom/contain.ts';
import { placeRing } from './geom/place.ts';
import { orientRing, ringArea } from './geom/ring.ts';
import { checkPolygon, checkRing } from './geom/validate.ts';
import { type SitefitV1Inputs, sitefitScore } from './solve-v1.ts';

/** The contract's transform in short: rotate about the house's centroid by `rotation` degrees, then translate. */
export interface PlacementInput {
  rotation: number;
  x: number;
  y: number;
}

export interface PlacementEvaluation {
  valid: boolean;
  /** Why it is not valid (`OUTSIDE_PARCEL`); absent when valid. */
  reason?: string;
  score: number;
  metrics: {
    yard_area_m2: number;
    /** 0 when the house is not inside the parcel. */
    min_setback_m: number;
    house_area_m2: number;
    orientation_deg: number;
    parcel_utilization: number;
  };
  /** The placed house ring, closed, in the parcel's coordinates. */
  footprint: number[][];
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Throws SitefitDomainError on invalid geometry, like the solver. */
export function evaluatePlacement(
  inputs: Pick<SitefitV1Inputs, 'parcel' | 'house'>,
  placement: PlacementInput,
): PlacementEvaluation {
  const parcel = checkPolygon(inputs.parcel?.coordinates, [], {
    outer: '/parcel/coordinates',
    hole: (i) => `/parcel/holes/${i}`,
  });
  const house = orientRing(checkRing(inputs.house?.coordinates, '/house/coordinates', 'house'), true);
  const placed = placeRing(house, placement.rotation, placement.x, placement.y);
  const inside = houseInside(placed, parcel);
  const setback = inside ? clearance(placed, parcel, parcel.outer[0]) : 0;
  const parcelArea = ringArea(parcel.outer) - parcel.holes.reduce((s, h) => s + ringArea(h), 0);
  const houseArea = ringArea(house);
  const utilization = houseArea / parcelArea;
  const yard = parcelArea - houseArea;
  return {
    valid: inside,
    ...(inside ? {} : { reason: 'OUTSIDE_PARCEL' }),
    score: r6(sitefitScore(yard, setback, utilization)),
    metrics: {
      yard_area_m2: r6(yard),
      min_setback_m: r6(setback),
      house_area_m2: r6(houseArea),
      orientation_deg: placement.rotation,
      parcel_utilization: r6(utilization),
    },
    footprint: [...placed, placed[0]].map(([x, y]) => [x, y]),
  };
}
