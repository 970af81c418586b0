// The column beside a sheet's drawing, top to bottom: north arrow, scale (ratio and bar, outside the drawing),
// legend, and the title block at the foot. Paper mm; every text line gets its own row, so nothing overlaps.
import { escapeXml, fmt, roundLength } from '../svg-format.ts';
import { COLORS } from './draw.ts';
import type { SheetNorth } from './north.ts';
import type { SheetLayout } from './paper.ts';
import { textWidth } from './text-metrics.ts';

const n2 = (v: number) => v.toFixed(2);
const LINE = 1.5; // line height, in font sizes

function text(x: number, y: number, size: number, s: string, extra = ''): string {
  return `<text x="${n2(x)}" y="${n2(y)}" font-size="${size}"${extra}>${escapeXml(s)}</text>`;
}

/** Words of `s` in lines no wider than `width` mm at `size`. */
export function wrap(s: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** North arrow in a circle, its kind in words below. Returns the elements and the height used. */
export function northBlock(layout: SheetLayout, north: SheetNorth, top: number): [string[], number] {
  const [x0, , x1] = layout.column;
  const cx = (x0 + x1) / 2;
  const r = 9;
  const cy = top + 4 + r;
  const t = layout.text;
  const out = [
    `<g id="north-arrow"><circle cx="${n2(cx)}" cy="${n2(cy)}" r="${r}" fill="none" stroke="#000" stroke-width="0.25"/>`,
    `<g transform="translate(${n2(cx)} ${n2(cy)}) rotate(${north.arrowDeg.toFixed(3)})"><path d="M0,${-r + 1} L3,5 L0,2.5 L-3,5 Z" fill="#000"/></g>`,
  ];
  // The letter stays upright above the circle, where the arrow's north is (within a few degrees of up).
  out.push(text(cx, top + 3, t * 1.2, 'N', ' text-anchor="middle" font-weight="bold"'));
  let y = cy + r + t * LINE;
  const caption =
    north.kind === 'true'
      ? north.convergenceDeg === undefined
        ? ['true north']
        : ['true north', `grid convergence ${north.convergenceDeg.toFixed(2)}°`]
      : ['grid north', `(${north.why ?? 'true north not known'})`];
  for (const c of caption) {
    out.push(text(cx, y, t, c, ' text-anchor="middle"'));
    y += t * LINE;
  }
  out.push('</g>');
  return [out, y - top];
}

/** "Scale 1:500 (A3)" and a bar of a round length in five parts. */
export function scaleBlock(layout: SheetLayout, denominator: number, top: number): [string[], number] {
  const [x0, , x1] = layout.column;
  const t = layout.text;
  const mm = 1000 / denominator;
  const len = roundLength(((x1 - x0) * 0.75) / mm);
  const bw = len * mm;
  const y = top + t * LINE;
  const out = [
    '<g id="scale">',
    text(x0, y, t * 1.1, `Scale 1:${denominator} (${layout.paper})`, ' font-weight="bold"'),
  ];
  const by = y + 3;
  for (let i = 0; i < 5; i++) {
    out.push(
      `<rect x="${n2(x0 + (i * bw) / 5)}" y="${n2(by)}" width="${n2(bw / 5)}" height="1.5" fill="${i % 2 ? '#fff' : '#000'}" stroke="#000" stroke-width="0.2"/>`,
    );
  }
  const ly = by + 1.5 + t * 1.3;
  out.push(text(x0, ly, t, '0', ' text-anchor="middle"'));
  out.push(text(x0 + bw / 2, ly, t, fmt(len / 2), ' text-anchor="middle"'));
  out.push(text(x0 + bw, ly, t, `${fmt(len)} m`, ' text-anchor="middle"'));
  out.push('</g>');
  return [out, ly + t - top];
}

export interface LegendEntry {
  swatch: 'parcel' | 'street' | 'buildable' | 'zone' | 'house' | 'other' | 'setback';
  text: string;
}

function swatch(kind: LegendEntry['swatch'], x: number, y: number): string {
  const r = (fill: string, stroke: string, more = '') =>
    `<rect x="${n2(x)}" y="${n2(y)}" width="6" height="3.5" fill="${fill}" stroke="${stroke}" stroke-width="0.25"${more}/>`;
  if (kind === 'parcel') return r(COLORS.parcelFill, COLORS.parcelLine);
  if (kind === 'buildable')
    return (
      r(COLORS.buildableFill, COLORS.buildableLine) +
      r('url(#hatch)', COLORS.buildableLine, ' stroke-dasharray="1.5 1"')
    );
  if (kind === 'zone') return r(COLORS.zoneFill, COLORS.zoneLine);
  if (kind === 'house') return r(COLORS.house, COLORS.houseLine);
  if (kind === 'other') return r(COLORS.other, COLORS.otherLine);
  const stroke = kind === 'street' ? COLORS.street : COLORS.dimension;
  return `<path d="M${n2(x)},${n2(y + 1.75)}h6" stroke="${stroke}" stroke-width="${kind === 'street' ? 1.6 : 0.3}"/>`;
}

export function legendBlock(layout: SheetLayout, entries: LegendEntry[], top: number): [string[], number] {
  const [x0] = layout.column;
  const t = layout.text;
  const out = ['<g id="legend">', text(x0, top + t, t * 1.1, 'Legend', ' font-weight="bold"')];
  let y = top + t * 2;
  for (const e of entries) {
    out.push(swatch(e.swatch, x0, y), text(x0 + 9, y + 3, t, e.text));
    y += 5.5;
  }
  out.push('</g>');
  return [out, y - top];
}

interface TitleLines {
  lines: { text: string; size: number; bold: boolean }[][];
  height: number;
}

const PAD = 2;

function titleLines(layout: SheetLayout, rows: string[][]): TitleLines {
  const [x0, , x1] = layout.column;
  const t = layout.text;
  const lines = rows.map((r, i) => {
    const size = i === 0 ? t * 1.3 : t;
    return r
      .flatMap((s) => wrap(s, x1 - x0 - 2 * PAD, size, i === 0))
      .map((text) => ({ text, size, bold: i === 0 }));
  });
  const height = lines.reduce((h, r) => h + r.reduce((a, l) => a + l.size * LINE, 0) + PAD, 0) + PAD;
  return { lines, height };
}

/** The top of the title block for `rows` (so the blocks above can be checked against it). */
export function titleBlockTop(layout: SheetLayout, rows: string[][]): number {
  return layout.column[3] - titleLines(layout, rows).height;
}

/** The title block: boxed rows of text at the column's foot, a rule between rows; the first row bold. */
export function titleBlock(layout: SheetLayout, rows: string[][]): string[] {
  const [x0, , x1, y1] = layout.column;
  const { lines, height } = titleLines(layout, rows);
  const top = y1 - height;
  const out = [
    '<g id="title-block">',
    `<rect x="${n2(x0)}" y="${n2(top)}" width="${n2(x1 - x0)}" height="${n2(height)}" fill="#fff" stroke="#000" stroke-width="0.35"/>`,
  ];
  let y = top + PAD;
  lines.forEach((row, i) => {
    for (const l of row) {
      y += l.size * LINE;
      out.push(text(x0 + PAD, y - l.size * 0.4, l.size, l.text, l.bold ? ' font-weight="bold"' : ''));
    }
    y += PAD;
    if (i < lines.length - 1)
      out.push(`<path d="M${n2(x0)},${n2(y)}H${n2(x1)}" stroke="#000" stroke-width="0.2"/>`);
  });
  out.push('</g>');
  return out;
}
