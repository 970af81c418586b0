// The sheets' texts: numbers as a client reads them, the KPIs of a placement in words, the CRS by name.
import { describeCrs } from '../../crs/definitions.ts';
import type { ScenePlacement } from '../types.ts';

/** Metres with two decimals ("7.50 m"): what a dimension line says. */
export function metres(m: number): string {
  return `${m.toFixed(2)} m`;
}

/** An area rounded to the square metre, or to 0.1 m² below 100 m² ("867 m²", "48.5 m²"). */
export function squareMetres(a: number): string {
  return `${a < 100 ? (Math.round(a * 10) / 10).toFixed(1) : String(Math.round(a))} m²`;
}

function oneDecimal(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** "EPSG:5514 S-JTSK / Krovak East North", or the code alone when sitefit does not know it. */
export function crsName(code: string): string {
  const info = describeCrs(code);
  return info ? `${info.code} ${info.title}` : code;
}

/** The placement's KPIs in words, most telling first: "garden 867 m², nearest boundary 7.5 m, ...". */
export function kpiWords(p: ScenePlacement): string[] {
  const m = p.metrics;
  const out: string[] = [];
  const garden = m.garden_area_m2 ?? m.yard_area_m2;
  if (garden !== undefined) out.push(`garden ${squareMetres(garden)}`);
  if (m.min_setback_m !== undefined) out.push(`nearest boundary ${oneDecimal(m.min_setback_m)} m`);
  if (m.house_area_m2 !== undefined) out.push(`house ${squareMetres(m.house_area_m2)}`);
  const coverage = m.site_coverage ?? m.parcel_utilization;
  if (coverage !== undefined) out.push(`site coverage ${Math.round(coverage * 100)} %`);
  out.push(`rotation ${Math.round(p.rotationDeg * 10) / 10}°`);
  if (m.facade_azimuth_deg !== undefined) {
    const dev = m.sun_deviation_deg;
    out.push(
      `facade faces ${Math.round(m.facade_azimuth_deg)}°${dev === undefined ? '' : ` (${Math.round(dev)}° off the preferred)`}`,
    );
  }
  if (m.street_distance_m !== undefined) out.push(`street ${oneDecimal(m.street_distance_m)} m`);
  return out;
}
