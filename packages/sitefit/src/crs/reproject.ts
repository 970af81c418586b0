// Point reprojection between supported CRSs, and the choice of a metric working CRS for geographic input.
import proj4 from 'proj4';
import { type CrsInfo, describeCrs, proj4Name, SUPPORTED_CRS_HINT } from './definitions.ts';
import { UnsupportedCrsError } from './errors.ts';

export type XY = readonly [number, number];

/** Resolves a code or throws the 422 `UNSUPPORTED_CRS` error pointing at `field`. */
export function requireCrs(code: string, field = '/crs'): CrsInfo {
  const info = describeCrs(code);
  if (!info) throw new UnsupportedCrsError(code, field, `Use one of ${SUPPORTED_CRS_HINT}.`);
  return info;
}

/** A reusable converter between two supported CRSs (geographic coordinates are [lon, lat] in degrees). */
export function converter(
  from: string,
  to: string,
): { forward(p: XY): [number, number]; inverse(p: XY): [number, number] } {
  const a = requireCrs(from);
  const b = requireCrs(to);
  if (a.code === b.code) {
    return { forward: (p) => [p[0], p[1]], inverse: (p) => [p[0], p[1]] };
  }
  const c = proj4(proj4Name(a), proj4Name(b));
  return {
    forward: (p) => {
      const [x, y] = c.forward([p[0], p[1]]);
      return [x, y];
    },
    inverse: (p) => {
      const [x, y] = c.inverse([p[0], p[1]]);
      return [x, y];
    },
  };
}

export function reprojectPoint(from: string, to: string, p: XY): [number, number] {
  return converter(from, to).forward(p);
}

export function reprojectRing(from: string, to: string, ring: readonly XY[]): [number, number][] {
  const c = converter(from, to);
  return ring.map((p) => c.forward(p));
}

/**
 * The WGS 84 / UTM zone containing a longitude/latitude (the regular 6° zones; the Norway and Svalbard
 * exceptions are ignored: a neighbouring zone is still conformal, with slightly more scale error).
 */
export function utmZoneCode(lon: number, lat: number): string {
  const zone = Math.min(60, Math.max(1, Math.floor(((((lon + 180) % 360) + 360) % 360) / 6) + 1));
  return `EPSG:${lat < 0 ? 327 : 326}${String(zone).padStart(2, '0')}`;
}
