// The sheets' north: true north where the CRS allows (a projected CRS sitefit has a proj4 definition for, with
// the parcel inside its area of use: the grid convergence at the parcel's centroid), grid north otherwise.
// EPSG:4326 sites are drawn in local metres east/north, so up is true north.
import { withinAreaOfUse } from '../../crs/area.ts';
import { gridConvergenceDeg } from '../../crs/convergence.ts';
import { isSupportedCrs } from '../../crs/definitions.ts';
import { centroid } from '../../geom/ring.ts';
import type { Scene } from '../types.ts';

export interface SheetNorth {
  kind: 'true' | 'grid';
  /** Clockwise angle on the sheet from up to the arrow's north. */
  arrowDeg: number;
  /** Grid convergence at the parcel centroid (true azimuth of grid north), when known. */
  convergenceDeg?: number;
  /** Why only grid north, when so. */
  why?: string;
}

export function sheetNorth(scene: Scene): SheetNorth {
  if (scene.geographic) return { kind: 'true', arrowDeg: 0 };
  const c = centroid(scene.parcel[0]);
  let known = false;
  try {
    known = isSupportedCrs(scene.crs) && withinAreaOfUse(scene.crs, c);
  } catch {
    known = false;
  }
  if (!known)
    return {
      kind: 'grid',
      arrowDeg: 0,
      why: isSupportedCrs(scene.crs)
        ? "site outside the CRS's area of use"
        : `no projection known for ${scene.crs}`,
    };
  // True azimuth = grid bearing + gamma, so true north (azimuth 0) lies at grid bearing -gamma.
  const gamma = gridConvergenceDeg(scene.crs, c);
  return { kind: 'true', arrowDeg: -gamma, convergenceDeg: gamma };
}
