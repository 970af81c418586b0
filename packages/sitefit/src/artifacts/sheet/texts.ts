// The words of a sheet's column: the title block's rows and the legend's entries.
import type { Scene } from '../types.ts';
import type { LegendEntry } from './column.ts';
import type { SheetView } from './view.ts';
import { crsName, kpiWords } from './words.ts';

/**
 * Rows of the title block: title; what the sheet shows; date, CRS and scale; the KPIs in words; on the
 * overview one row per placement (dropped from the end when the column is full).
 */
export function sheetTitleRows(scene: Scene, v: SheetView, focus: number | null, date?: string): string[][] {
  const n = scene.placements.length;
  const title = `${scene.definition}@${scene.version} · ${focus === null ? 'overview' : `placement ${focus + 1}`}`;
  const facts = [
    `Date ${date ?? '-'}`,
    `CRS ${crsName(scene.crs)}`,
    v.detailOf === undefined
      ? `Scale 1:${v.denominator} on ${v.layout.paper} landscape, metres`
      : `Detail at 1:${v.denominator} (the site at 1:${v.detailOf}) on ${v.layout.paper} landscape, metres`,
  ];
  if (focus !== null) {
    const p = scene.placements[focus];
    return [
      [title],
      [`Placement ${p.rank} of ${n} (${p.id}), rank ${p.rank}, score ${p.score.toFixed(3)}`],
      facts,
      [`${kpiWords(p).join(', ')}.`],
    ];
  }
  if (n === 0) return [[title], ['No feasible placement.'], facts];
  const rows = [[title], [`${n} placement${n === 1 ? '' : 's'}, ranked (1 is the best)`], facts];
  rows.push([`Best: ${kpiWords(scene.placements[0]).join(', ')}.`]);
  for (const p of scene.placements.slice(1)) {
    const m = p.metrics;
    const near = m.min_setback_m === undefined ? '' : `, nearest boundary ${m.min_setback_m.toFixed(1)} m`;
    rows.push([
      `${p.rank}. score ${p.score.toFixed(3)}, rotation ${Math.round(p.rotationDeg * 10) / 10}°${near}`,
    ]);
  }
  return rows;
}

export function sheetLegend(scene: Scene, focus: number | null): LegendEntry[] {
  const out: LegendEntry[] = [{ swatch: 'parcel', text: 'parcel, edge lengths in metres' }];
  if (scene.streetEdges.length > 0) out.push({ swatch: 'street', text: 'street edge' });
  if (scene.buildable) out.push({ swatch: 'buildable', text: 'buildable area (setbacks and zones applied)' });
  if (scene.exclusions.length > 0) out.push({ swatch: 'zone', text: 'exclusion zone with its buffer' });
  if (focus === null) {
    if (scene.placements.length > 0) out.push({ swatch: 'house', text: 'best placement (1)' });
    if (scene.placements.length > 1) out.push({ swatch: 'other', text: 'other placements, by rank' });
  } else {
    out.push({ swatch: 'house', text: 'house, side lengths in metres' });
    out.push({ swatch: 'setback', text: 'setback to the nearest boundary' });
  }
  return out;
}
