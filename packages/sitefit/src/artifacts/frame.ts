// A local metric frame for drawing and 3D: metres east/north of an origin. Projected CRSs are already metric
// (only the origin is removed, which keeps float32 precision in glTF); EPSG:4326 gets a local equirectangular
// approximation on the WGS 84 ellipsoid (meridional and prime-vertical radii at the origin), a few millimetres
// off across a building parcel.

import { withinAreaOfUse } from '../crs/area.ts';
import { gridConvergenceDeg } from '../crs/convergence.ts';
import { isSupportedCrs } from '../crs/definitions.ts';
import { bounds } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import type { Scene } from './types.ts';

const A = 6_378_137; // WGS 84 semi-major axis, m
const E2 = 0.006_694_379_990_14; // WGS 84 first eccentricity squared

export interface LocalFrame {
  origin: Position;
  toLocal(p: readonly number[]): Position;
  /** Angle (degrees, clockwise) from the frame's up (+y) to true north. */
  trueNorthDeg: number;
  /** True when only grid north is known (a CRS sitefit cannot project, or a site outside its area of use). */
  gridNorthOnly: boolean;
}

export function localFrame(scene: Scene): LocalFrame {
  const ring = scene.parcel[0];
  const [minX, minY, maxX, maxY] = bounds([ring]);
  const origin: Position = [(minX + maxX) / 2, (minY + maxY) / 2];
  if (scene.geographic) {
    const phi = (origin[1] * Math.PI) / 180;
    const w = 1 - E2 * Math.sin(phi) ** 2;
    const east = ((A / Math.sqrt(w)) * Math.cos(phi) * Math.PI) / 180; // metres per degree of longitude
    const north = ((A * (1 - E2)) / w ** 1.5) * (Math.PI / 180); // metres per degree of latitude
    return {
      origin,
      toLocal: (p) => [(p[0] - origin[0]) * east, (p[1] - origin[1]) * north],
      trueNorthDeg: 0,
      gridNorthOnly: false,
    };
  }
  // Grid north is up; true north is at grid bearing -gamma.
  // Outside the CRS's area of use the convergence is meaningless (e.g. EPSG:5514 at (0, 0) is the Krovak cone's
  // apex), so the arrow then shows grid north and says so.
  let known = false;
  try {
    known = isSupportedCrs(scene.crs) && withinAreaOfUse(scene.crs, origin);
  } catch {
    known = false;
  }
  const gamma = known ? gridConvergenceDeg(scene.crs, origin) : 0;
  return {
    origin,
    toLocal: (p) => [p[0] - origin[0], p[1] - origin[1]],
    trueNorthDeg: gamma === 0 ? 0 : -gamma,
    gridNorthOnly: !known,
  };
}

/** The EPSG number of a code such as `EPSG:5514`, or null. */
export function epsgOf(crs: string): number | null {
  const m = /^EPSG:(\d+)$/i.exec(crs.trim());
  return m ? Number(m[1]) : null;
}
