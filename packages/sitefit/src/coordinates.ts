// Coordinate sanity of the inputs, before any geometry: every position finite and of a plausible magnitude for
// its CRS, and the CRS code itself plausible. 1e308 survives JSON and the schema, but squares to Infinity in
// the first area or distance; latitude 200 reprojects to garbage. Iterative walk: inputs come from clients.
import { SitefitDomainError } from './errors.ts';

/**
 * Largest |x| or |y| (metres) in a projected CRS: above every easting/northing of a real projected CRS
 * (UTM northings reach 1e7 with the false northing, Web Mercator 2e7) with room for false origins, and small
 * enough that squared coordinates stay exact to well below a millimetre after the local shift.
 */
export const MAX_PROJECTED_COORDINATE = 1e8;

/** EPSG CRS codes lie in 1024..32767 (the registry's range for CRS entries); others are not a CRS. */
const EPSG_MIN = 1024;
const EPSG_MAX = 32767;

function isPosition(v: unknown): v is number[] {
  return Array.isArray(v) && v.length >= 2 && v.length <= 3 && v.every((n) => typeof n === 'number');
}

/** Throws SitefitDomainError for a CRS code outside the EPSG CRS range (1.0.0's "plausible range"). */
export function checkEpsgCode(crs: unknown, field = '/crs'): void {
  const m = typeof crs === 'string' ? /^EPSG:(\d+)$/.exec(crs) : null;
  const code = m ? Number(m[1]) : Number.NaN;
  if (!(code >= EPSG_MIN && code <= EPSG_MAX)) {
    throw new SitefitDomainError(
      'UNKNOWN_CRS',
      `${String(crs)} is not an EPSG coordinate reference system code`,
      field,
      `EPSG CRS codes lie in ${EPSG_MIN}..${EPSG_MAX}; give the parcel's CRS, e.g. EPSG:5514 or EPSG:32633.`,
    );
  }
}

/**
 * Throws SitefitDomainError COORDINATE_OUT_OF_RANGE for the first position (anywhere in the inputs) that is
 * not finite, outside -180..180 / -90..90 in EPSG:4326, or beyond MAX_PROJECTED_COORDINATE in another CRS.
 */
export function checkCoordinates(inputs: Record<string, unknown>, crs: string): void {
  const geographic = crs === 'EPSG:4326';
  const stack: { value: unknown; path: string }[] = [];
  for (const [k, v] of Object.entries(inputs)) if (k !== 'crs') stack.push({ value: v, path: `/${k}` });
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (isPosition(value)) {
      const [x, y] = value;
      const bad = !Number.isFinite(x) || !Number.isFinite(y);
      const outside = geographic
        ? Math.abs(x) > 180 || Math.abs(y) > 90
        : Math.abs(x) > MAX_PROJECTED_COORDINATE || Math.abs(y) > MAX_PROJECTED_COORDINATE;
      if (bad || outside) {
        throw new SitefitDomainError(
          'COORDINATE_OUT_OF_RANGE',
          geographic
            ? `Position [${x}, ${y}] is not a longitude/latitude: EPSG:4326 needs -180 <= lon <= 180 and -90 <= lat <= 90`
            : `Position [${x}, ${y}] is beyond ±${MAX_PROJECTED_COORDINATE} m, outside any projected CRS`,
          path,
          geographic
            ? 'Give positions as [longitude, latitude] in degrees (x first).'
            : `Give coordinates in metres of ${crs}; check the CRS and the units.`,
        );
      }
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: `${path}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}/${k}` });
    }
  }
}
