// CSV of the ranked results (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break,
// quotes doubled). Numbers are written in JavaScript's shortest round-trip form.
import type { Artifact, Scene } from './types.ts';

/** The 1.0.0 metrics first, in the contract's order; any others after them, alphabetically. */
const KNOWN = ['yard_area_m2', 'min_setback_m', 'house_area_m2', 'orientation_deg', 'parcel_utilization'];

export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function sceneToCsv(scene: Scene): string {
  const metricNames = new Set<string>();
  for (const p of scene.placements) for (const k of Object.keys(p.metrics)) metricNames.add(k);
  const extra = [...metricNames].filter((k) => !KNOWN.includes(k)).sort();
  const metrics = [...KNOWN.filter((k) => metricNames.has(k) || scene.placements.length === 0), ...extra];
  const kpiNames = new Set<string>();
  for (const p of scene.placements) for (const k of Object.keys(p.kpis ?? {})) kpiNames.add(k);
  const kpis = [...kpiNames].sort();
  const header = [
    'rank',
    'id',
    'rotation_deg',
    'x',
    'y',
    'score',
    ...metrics,
    ...kpis.map((k) => `kpi_${k}`),
    'tags',
  ];
  const rows = [header.map(csvField).join(',')];
  for (const p of scene.placements) {
    const row: (string | number)[] = [p.rank, p.id, p.rotationDeg, p.translation.x, p.translation.y, p.score];
    for (const m of metrics) row.push(p.metrics[m] ?? '');
    for (const k of kpis) row.push(p.kpis?.[k] ?? '');
    row.push(p.tags.join(';'));
    rows.push(row.map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

export function csvArtifact(scene: Scene): Artifact {
  return {
    kind: 'csv',
    label: 'Results (CSV)',
    filename: 'sitefit-results.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    body: new TextEncoder().encode(sceneToCsv(scene)),
  };
}
