// The garden KPI: the largest connected open part of the parcel outside the house that is at least
// garden_min_width_m wide everywhere (a morphological opening), so the setback strips around a house do not
// count as garden and the KPI actually depends on where the house stands.

import { Clipper, type Paths64 } from 'clipper2-ts';
import { maxOf } from '../geom/arrays.ts';
import type { Ring } from '../geom/types.ts';
import { areaM2, components, difference, intersection, offset, toPath64 } from './clip.ts';

/**
 * Arc tolerance of the opening (Clipper units: 20 cm). A KPI, not a constraint: coarse arcs change the garden
 * area by well under 1% and make each evaluation about 3x cheaper (it runs for thousands of candidates).
 */
const GARDEN_ARC_TOL = 200;

/** Simplification of the pre-opened parcel (Clipper units: 20 cm, the arc tolerance's order). */
const GROUND_SIMPLIFY = 200;

/** Default of objective.garden_min_width_m: narrower open ground is a path or a strip, not garden. */
export const GARDEN_MIN_WIDTH_M = 6;

/**
 * Area (m²) of the largest usable garden around `house` (local coordinates) in the parcel (Clipper paths):
 * the largest connected part of the open ground that survives an opening by a disc of diameter minWidth.
 */
export function gardenArea(parcel: Paths64, house: Ring, minWidth = GARDEN_MIN_WIDTH_M): number {
  const free = difference(parcel, [toPath64(house)]);
  if (minWidth <= 0) return maxOf(components(free), areaM2, 0);
  const r = minWidth / 2;
  const core = offset(free, -r, GARDEN_ARC_TOL);
  let best = 0;
  for (const comp of components(core)) {
    best = Math.max(best, areaM2(intersection(offset(comp, r, GARDEN_ARC_TOL), free)));
  }
  return best;
}

/**
 * The parcel opened by the garden disc: the ground that can ever be garden. opening(P − H) = opening(P' − H)
 * with P' = opening(P) (an opening is increasing and idempotent, and opening(P − H) ⊆ P' − H ⊆ P − H), so
 * gardenArea(P', house) equals gardenArea(P, house) (up to the arc and simplification tolerances, 20 cm), and P' is much cheaper to offset for a jagged parcel: a
 * 2000-vertex sawtooth loses every tooth narrower than the disc (each evaluation went from ~80 ms to a few).
 */
export function gardenGround(parcel: Paths64, minWidth = GARDEN_MIN_WIDTH_M): Paths64 {
  if (minWidth <= 0) return parcel;
  const r = minWidth / 2;
  // Not clipped back to the parcel: that would bring back every tooth's vertices, and the opening lies in the
  // parcel up to the arc tolerance (a KPI, not a constraint).
  // Simplified within GROUND_SIMPLIFY: the arcs around every tooth's root leave near-collinear vertices and
  // bumps of a few centimetres (a comb's teeth), each as costly to offset as a real corner.
  return Clipper.simplifyPaths(
    offset(offset(parcel, -r, GARDEN_ARC_TOL), r, GARDEN_ARC_TOL),
    GROUND_SIMPLIFY,
    true,
  );
}
