// Grid convergence: the angle between grid north and true north at a point, computed numerically through proj4
// so the same code serves Krovak, UTM and any other supported projection.
//
// Sign convention (documented because texts disagree): gridConvergenceDeg returns gamma, the TRUE azimuth of the
// grid north direction, in degrees clockwise from true north. Hence, for any direction,
//     true azimuth = grid bearing + gamma        (both clockwise from their north).
// For UTM this is gamma = atan(tan(lon - lon0) * sin(lat)): positive east of the central meridian, where grid
// north points east of true north. For EPSG:5514 (Krovak East North) gamma is negative across Czechia
// (about -7.5 degrees around Prague): grid north there lies west of true north.
import proj4 from 'proj4';
import { proj4Name } from './definitions.ts';
import { requireCrs, type XY } from './reproject.ts';

const DEG = Math.PI / 180;
/** Latitude step for the numerical derivative: about 11 m, far above float noise, far below curvature effects. */
const STEP_DEG = 1e-4;

/** Convergence gamma (degrees, see the module comment) at point p given in `crs` coordinates. */
export function gridConvergenceDeg(crs: string, p: XY): number {
  const info = requireCrs(crs);
  if (info.kind === 'geographic') return 0; // meridians are the grid lines of a lon/lat grid
  // forward: grid -> lon/lat; inverse: lon/lat -> grid.
  const c = proj4(proj4Name(info), 'WGS84');
  const [lon, lat] = c.forward([p[0], p[1]]) as [number, number];
  // Central difference along the meridian: the grid vector of true north at p.
  const [x1, y1] = c.inverse([lon, lat + STEP_DEG]) as [number, number];
  const [x0, y0] = c.inverse([lon, lat - STEP_DEG]) as [number, number];
  const dx = x1 - x0;
  const dy = y1 - y0;
  // Grid bearing of true north is atan2(dx, dy); true north has true azimuth 0 = bearing + gamma.
  return -Math.atan2(dx, dy) / DEG;
}

/** True azimuth (0..360, clockwise from true north) of a direction with the given grid bearing at p. */
export function trueAzimuthDeg(crs: string, p: XY, gridBearingDeg: number): number {
  return normalizeAzimuthDeg(gridBearingDeg + gridConvergenceDeg(crs, p));
}

/** Grid bearing (0..360, clockwise from grid north) of a direction with the given true azimuth at p. */
export function gridBearingDeg(crs: string, p: XY, trueAzimuth: number): number {
  return normalizeAzimuthDeg(trueAzimuth - gridConvergenceDeg(crs, p));
}

/** Angle in [0, 360). */
export function normalizeAzimuthDeg(a: number): number {
  const r = a % 360;
  return r < 0 ? r + 360 : r === 0 ? 0 : r;
}

/** Signed smallest difference a - b in (-180, 180]. */
export function azimuthDiffDeg(a: number, b: number): number {
  const d = normalizeAzimuthDeg(a - b);
  return d > 180 ? d - 360 : d;
}
