// The coordinate reference systems sitefit accepts, as proj4 definitions written here (not looked up at run
// time: no network, and proj4js does not ship EPSG:5514).
import proj4 from 'proj4';

/**
 * EPSG:5514 S-JTSK / Krovak East North. proj4js' `krovak` without `+czech` returns x = -Y(JTSK), y = -X(JTSK),
 * which is exactly the East-North variant (coordinates around -740000, -1040000 in Czechia). The datum shift is
 * the three-parameter towgs84 published with the EPSG:5514 proj4 string (about 1 m accuracy): enough for
 * reprojection of inputs and for grid convergence, which does not depend on the datum shift at all.
 */
export const EPSG_5514 =
  '+proj=krovak +lat_0=49.5 +lon_0=24.83333333333333 +alpha=30.28813972222222 +k=0.9999 +x_0=0 +y_0=0 ' +
  '+ellps=bessel +towgs84=589,76,480,0,0,0,0 +units=m +no_defs';

export const EPSG_4326 = '+proj=longlat +datum=WGS84 +no_defs';

/** proj4 string of WGS 84 / UTM zone `zone` (1..60), northern (EPSG:326zz) or southern (EPSG:327zz) hemisphere. */
export function utmDefinition(zone: number, south: boolean): string {
  return `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
}

export interface CrsInfo {
  /** Normalised code, `EPSG:nnnn`. */
  code: string;
  /** Geographic (degrees) or projected (metres). */
  kind: 'geographic' | 'projected';
  proj4: string;
  title: string;
}

const UTM = /^EPSG:(326|327)(\d\d)$/;

/** Describes a CRS code sitefit supports, or returns undefined. Codes are matched case-insensitively. */
export function describeCrs(code: string): CrsInfo | undefined {
  const c = code.trim().toUpperCase();
  if (c === 'EPSG:5514') {
    return { code: c, kind: 'projected', proj4: EPSG_5514, title: 'S-JTSK / Krovak East North' };
  }
  if (c === 'EPSG:4326') return { code: c, kind: 'geographic', proj4: EPSG_4326, title: 'WGS 84' };
  const m = UTM.exec(c);
  if (m) {
    const zone = Number(m[2]);
    if (zone < 1 || zone > 60) return undefined;
    const south = m[1] === '327';
    return {
      code: c,
      kind: 'projected',
      proj4: utmDefinition(zone, south),
      title: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
    };
  }
  return undefined;
}

export function isSupportedCrs(code: string): boolean {
  return describeCrs(code) !== undefined;
}

/** The supported codes, for messages and hints (UTM given as a pattern). */
export const SUPPORTED_CRS_HINT =
  'EPSG:5514, EPSG:4326, EPSG:32601..32660 (UTM north), EPSG:32701..32760 (UTM south)';

const registered = new Set<string>();

/**
 * Registers the code with proj4 under a private name, so a definition another module gave the same EPSG code
 * cannot change what sitefit computes. Returns the name to pass to proj4.
 */
export function proj4Name(info: CrsInfo): string {
  const name = `KUDUSO:${info.code}`;
  if (!registered.has(name)) {
    proj4.defs(name, info.proj4);
    registered.add(name);
  }
  return name;
}
