// Areas of use (lon/lat boxes, degrees) of the supported CRSs, from the EPSG registry's descriptions. Outside
// them a projection still computes, but scale and grid convergence drift (at EPSG:5514's origin (0, 0) the
// Krovak cone is singular): callers warn rather than fail.
import { describeCrs } from './definitions.ts';
import { converter, type XY } from './reproject.ts';

/** [west, south, east, north] in degrees. */
export type LonLatBox = [number, number, number, number];

export function crsAreaOfUse(code: string): LonLatBox | undefined {
  const info = describeCrs(code);
  if (!info) return undefined;
  if (info.kind === 'geographic') return [-180, -90, 180, 90];
  if (info.code === 'EPSG:5514') return [12.09, 47.73, 22.56, 51.06]; // Czechia and Slovakia
  const m = /^EPSG:(326|327)(\d\d)$/.exec(info.code)!;
  const zone = Number(m[2]);
  const west = -180 + 6 * (zone - 1);
  return m[1] === '326' ? [west, 0, west + 6, 84] : [west, -80, west + 6, 0];
}

/** Is the point (given in `code` coordinates) inside the CRS's area of use, widened by `marginDeg`? */
export function withinAreaOfUse(code: string, p: XY, marginDeg = 0.5): boolean {
  const box = crsAreaOfUse(code);
  if (!box) return false;
  const ll =
    describeCrs(code)!.kind === 'geographic' ? [p[0], p[1]] : converter(code, 'EPSG:4326').forward(p);
  if (!Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) return false;
  return (
    ll[0] >= box[0] - marginDeg &&
    ll[0] <= box[2] + marginDeg &&
    ll[1] >= box[1] - marginDeg &&
    ll[1] <= box[3] + marginDeg
  );
}
