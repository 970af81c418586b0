// The drawing layers of a sheet, in paper mm: parcel and street edges, buildable area (tinted and hatched),
// exclusion zones, houses, setback dimension lines, and the placed labels. Each returns SVG elements.
import { bounds } from '../../geom/ring.ts';
import { escapeXml } from '../svg-format.ts';
import type { PlacedLabel } from './labels.ts';

type XY = readonly [number, number];

export const COLORS = {
  parcelFill: '#eef6e6',
  parcelLine: '#2f6b2f',
  street: '#555555',
  buildableFill: '#dcecff',
  buildableLine: '#3a7bd5',
  zoneFill: '#f6c9c9',
  zoneLine: '#b03030',
  house: '#f0873a',
  houseLine: '#8a3b00',
  other: '#b9bec4',
  otherLine: '#5f6368',
  dimension: '#1f4e9a',
};

const n2 = (v: number) => v.toFixed(2);

/** SVG path data of closed paper rings. */
export function pathData(rings: readonly (readonly XY[])[]): string {
  return rings.map((r) => `M${r.map((p) => `${n2(p[0])},${n2(p[1])}`).join('L')}Z`).join('');
}

/** The hatch pattern of the buildable area (referenced as url(#hatch)). */
export function defs(): string {
  return `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="2.5" height="2.5" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="2.5" stroke="${COLORS.buildableLine}" stroke-width="0.18"/></pattern></defs>`;
}

/**
 * A line width (mm) for an outline of many vertices: `full` when its vertices are far apart on paper, thinner
 * as they crowd (a 2000-spike star at 1:500 has half a millimetre per spike: full-width lines would fill it).
 */
export function lineWeight(rings: readonly (readonly XY[])[], full: number): number {
  const n = rings.reduce((sum, r) => sum + r.length, 0);
  const [x0, y0, x1, y1] = bounds(rings);
  const spacing = (2 * (x1 - x0 + (y1 - y0))) / Math.max(n, 1);
  return Math.round(Math.min(full, Math.max(0.08, spacing / 4)) * 100) / 100;
}

export function parcelShape(rings: XY[][], streets: [XY, XY][]): string[] {
  const out = [
    `<path id="parcel" d="${pathData(rings)}" fill="${COLORS.parcelFill}" stroke="${COLORS.parcelLine}" stroke-width="${lineWeight(rings, 0.5)}" fill-rule="evenodd"/>`,
  ];
  if (streets.length > 0) {
    const d = streets.map(([a, b]) => `M${n2(a[0])},${n2(a[1])}L${n2(b[0])},${n2(b[1])}`).join('');
    out.push(`<path id="street" d="${d}" stroke="${COLORS.street}" stroke-width="1.6" fill="none"/>`);
  }
  return out;
}

export function buildableShape(polys: XY[][][]): string[] {
  if (polys.length === 0) return [];
  const d = polys.map((p) => pathData(p)).join('');
  return [
    `<g id="buildable"><path d="${d}" fill="${COLORS.buildableFill}" fill-rule="evenodd"/>`,
    `<path d="${d}" fill="url(#hatch)" stroke="${COLORS.buildableLine}" stroke-width="${lineWeight(polys.flat(), 0.3)}" stroke-dasharray="1.5 1" fill-rule="evenodd"/></g>`,
  ];
}

export function zoneShapes(zones: XY[][][]): string[] {
  if (zones.length === 0) return [];
  const d = zones.map((p) => pathData(p)).join('');
  return [
    `<path id="exclusions" d="${d}" fill="${COLORS.zoneFill}" fill-opacity="0.85" stroke="${COLORS.zoneLine}" stroke-width="0.3" fill-rule="evenodd"/>`,
  ];
}

/** Houses, the highlighted one (the sheet's placement, or the best on the overview) last so it is on top. */
export function houseShapes(houses: { ring: XY[]; highlight: boolean }[]): string[] {
  const out = ['<g id="houses">'];
  for (const h of [...houses].sort((a, b) => Number(a.highlight) - Number(b.highlight))) {
    out.push(
      h.highlight
        ? `<path d="${pathData([h.ring])}" fill="${COLORS.house}" stroke="${COLORS.houseLine}" stroke-width="0.45"/>`
        : `<path d="${pathData([h.ring])}" fill="${COLORS.other}" fill-opacity="0.6" stroke="${COLORS.otherLine}" stroke-width="0.25"/>`,
    );
  }
  out.push('</g>');
  return out;
}

/** The triangle of an arrowhead at `tip` pointing away from `from` (closed: 4 points). */
export function arrowhead(tip: XY, from: XY): XY[] {
  const dx = tip[0] - from[0];
  const dy = tip[1] - from[1];
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const L = Math.min(1.8, len / 2.5);
  const W = L * 0.35;
  const bx = tip[0] - ux * L;
  const by = tip[1] - uy * L;
  return [tip, [bx - uy * W, by + ux * W], [bx + uy * W, by - ux * W], tip];
}

/** Dimension lines from house to boundary, arrowheads at both ends. */
export function setbackLines(links: { from: XY; to: XY }[]): string[] {
  if (links.length === 0) return [];
  const lines = links.map((l) => `M${n2(l.from[0])},${n2(l.from[1])}L${n2(l.to[0])},${n2(l.to[1])}`).join('');
  const heads = pathData(links.flatMap((l) => [arrowhead(l.from, l.to), arrowhead(l.to, l.from)]));
  return [
    `<g id="setbacks"><path d="${lines}" stroke="${COLORS.dimension}" stroke-width="0.25" fill="none"/>`,
    `<path d="${heads}" fill="${COLORS.dimension}"/></g>`,
  ];
}

/** Placed labels: a white backing (over fills and hatching), the leader line if any, the text. */
export function labelElements(labels: PlacedLabel[]): string[] {
  const out = ['<g id="labels">'];
  for (const l of labels) {
    const [x0, y0, x1, y1] = l.box;
    if (l.leader) {
      const [p, q] = l.leader;
      out.push(
        `<path d="M${n2(p[0])},${n2(p[1])}L${n2(q[0])},${n2(q[1])}" stroke="#333" stroke-width="0.2"/><circle cx="${n2(p[0])}" cy="${n2(p[1])}" r="0.5" fill="#333"/>`,
      );
    }
    out.push(
      `<rect x="${n2(x0)}" y="${n2(y0)}" width="${n2(x1 - x0)}" height="${n2(y1 - y0)}" fill="#ffffff" fill-opacity="0.8"/>`,
      `<text class="${l.role}" x="${n2(l.x)}" y="${n2(l.y)}" font-size="${l.size}" text-anchor="middle"${l.bold ? ' font-weight="bold"' : ''} fill="${l.role === 'setback' ? COLORS.dimension : '#111'}">${escapeXml(l.text)}</text>`,
    );
  }
  out.push('</g>');
  return out;
}
