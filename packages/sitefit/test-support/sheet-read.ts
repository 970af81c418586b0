// Reads a sheet SVG back, independently of how it was written: every text element with the box its font
// metrics give it, and the straight segments of the drawing's outlines (parcel, houses, zones, buildable area,
// setback lines). For the tests' checks that no two labels overlap and no label crosses a line.
import { ASCENT_EM, DESCENT_EM, textWidth } from '../src/artifacts/sheet/text-metrics.ts';

export type Box = [number, number, number, number];
type XY = [number, number];

export interface SheetText {
  text: string;
  box: Box;
  inDrawing: boolean;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

export function viewBox(svg: string): [number, number] {
  const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
  return [Number(m[1]), Number(m[2])];
}

export function drawingFrame(svg: string): Box {
  const tag = /<rect id="drawing-frame"[^>]*>/.exec(svg)![0];
  const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(attr(tag, k)));
  return [x, y, x + w, y + h];
}

/** Every text with its box (alphabetic baseline; text-anchor start or middle; translate() of a group ignored). */
export function sheetTexts(svg: string): SheetText[] {
  const frame = drawingFrame(svg);
  const out: SheetText[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const tag = m[1];
    const text = unescapeXml(m[2]);
    const x = Number(attr(tag, 'x'));
    const y = Number(attr(tag, 'y'));
    const size = Number(attr(tag, 'font-size'));
    const w = textWidth(text, size, attr(tag, 'font-weight') === 'bold');
    const x0 = attr(tag, 'text-anchor') === 'middle' ? x - w / 2 : x;
    const box: Box = [x0, y - ASCENT_EM * size, x0 + w, y + DESCENT_EM * size];
    const inDrawing = box[0] >= frame[0] && box[2] <= frame[2] && box[1] >= frame[1] && box[3] <= frame[3];
    out.push({ text, box, inDrawing });
  }
  return out;
}

/** The segments of the paths (M/L/H/Z absolute commands) inside the given groups or with the given ids. */
export function sheetLines(svg: string, ids: string[]): [XY, XY][] {
  const segs: [XY, XY][] = [];
  const paths: string[] = [];
  for (const id of ids) {
    const own = new RegExp(`<path id="${id}" d="([^"]*)"`).exec(svg);
    if (own) paths.push(own[1]);
    const group = new RegExp(`<g id="${id}">([\\s\\S]*?)</g>`).exec(svg);
    if (group) for (const p of group[1].matchAll(/<path d="([^"]*)"/g)) paths.push(p[1]);
  }
  for (const d of paths) {
    let start: XY | null = null;
    let last: XY | null = null;
    for (const c of d.matchAll(/([MLZ])([-\d.]+)?,?([-\d.]+)?/g)) {
      if (c[1] === 'Z') {
        if (last && start) segs.push([last, start]);
        last = start;
        continue;
      }
      const p: XY = [Number(c[2]), Number(c[3])];
      if (c[1] === 'M') start = p;
      else if (last) segs.push([last, p]);
      last = p;
    }
  }
  return segs;
}

export function overlap(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}
