// SVG site plan: parcel, buildable area, exclusion zones, ranked placements, scale bar, north arrow, legend and
// title. Drawn in a fixed viewBox so text sizes are fractions of the view, readable whatever the parcel size;
// y is flipped (plan north up). For projected CRSs "up" is grid north and the arrow shows true north.
import { pushAll } from '../geom/arrays.ts';
import { bounds, centroid as ringCentroid } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import { localFrame } from './frame.ts';
import type { Artifact, Scene } from './types.ts';

const W = 1000;
const H = 760;
const MARGIN = 40;
const TITLE_H = 50;
const LEGEND_W = 220;
const FONT = 14;

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The largest 1, 2 or 5 x 10^k not above `max` (a scale bar length people can read). */
export function roundLength(max: number): number {
  if (!(max > 0)) return 1;
  const k = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * k <= max) return m * k;
  return k;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}

export function sceneToSvg(scene: Scene): string {
  const frame = localFrame(scene);
  const all: Position[] = [];
  const local = (r: readonly (readonly number[])[]) => r.map(frame.toLocal);
  const parcel = scene.parcel.map(local);
  pushAll(all, parcel[0]);
  const placements = scene.placements.map((p) => ({ p, ring: local(p.footprint) }));
  for (const { ring } of placements) pushAll(all, ring);
  const zones = scene.exclusions.map((z) => ({ z, polys: z.area.map((poly) => poly.map(local)) }));
  for (const { polys } of zones) for (const poly of polys) pushAll(all, poly[0]);
  const [minX, minY, maxX, maxY] = bounds([all]);
  const mapW = W - 2 * MARGIN - LEGEND_W;
  const mapH = H - 2 * MARGIN - TITLE_H;
  const s = Math.min(mapW / Math.max(maxX - minX, 1e-9), mapH / Math.max(maxY - minY, 1e-9));
  const ox = MARGIN + (mapW - (maxX - minX) * s) / 2;
  const oy = MARGIN + TITLE_H + (mapH - (maxY - minY) * s) / 2;
  const X = (x: number) => ox + (x - minX) * s;
  const Y = (y: number) => oy + (maxY - y) * s; // flip: north up
  const pt = (p: Position) => `${X(p[0]).toFixed(2)},${Y(p[1]).toFixed(2)}`;
  const path = (rings: Position[][]) => rings.map((r) => `M${r.map(pt).join('L')}Z`).join('');

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
  );
  const title = `${scene.definition}@${scene.version} site plan`;
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(
    `<text x="${MARGIN}" y="${MARGIN + 8}" font-size="${FONT * 1.6}" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 30}" fill="#555">${escapeXml(`${scene.crs} · ${scene.placements.length} placement(s)`)}</text>`,
  );
  out.push(
    `<g id="parcel"><path d="${path(parcel)}" fill="#e8f3e0" stroke="#2f6b2f" stroke-width="2" fill-rule="evenodd"/></g>`,
  );
  if (scene.streetEdges.length > 0) {
    const outer = parcel[0];
    const n = outer.length - 1; // closed ring
    const d = scene.streetEdges
      .filter((i) => i < n)
      .map((i) => `M${pt(outer[i])}L${pt(outer[i + 1])}`)
      .join('');
    out.push(
      `<g id="street"><path d="${d}" stroke="#444" stroke-width="6" stroke-linecap="round" fill="none"/></g>`,
    );
  }
  if (scene.buildable) {
    const d = scene.buildable.map((poly) => path(poly.map(local))).join('');
    out.push(
      `<g id="buildable"><path d="${d}" fill="#cfe8ff" fill-opacity="0.6" stroke="#3a7bd5" stroke-dasharray="6 4" fill-rule="evenodd"/></g>`,
    );
  }
  if (zones.length > 0) {
    out.push('<g id="exclusions">');
    for (const { z, polys } of zones) {
      out.push(
        `<path d="${polys.map(path).join('')}" fill="#f6c1c1" fill-opacity="0.7" stroke="#b03030" fill-rule="evenodd"><title>${escapeXml(`${z.kind} ${z.id} (buffer ${fmt(z.buffer_m)} m)`)}</title></path>`,
      );
    }
    out.push('</g>');
  }
  // Placements: the best on top; rank labels at the footprint centroid with a white halo.
  out.push('<g id="placements">');
  for (const { p, ring } of [...placements].reverse()) {
    const best = p.rank === 1;
    out.push(
      `<path d="${path([ring])}" fill="${best ? '#f0873a' : '#9aa0a6'}" fill-opacity="${best ? 0.85 : 0.35}" stroke="${best ? '#8a3b00' : '#555'}" stroke-width="${best ? 2 : 1}"><title>${escapeXml(`#${p.rank} ${p.id} score ${p.score.toFixed(4)}`)}</title></path>`,
    );
  }
  // Rank labels: at the centroid when free, else moved to the nearest free spot around it with a leader line,
  // so overlapping placements (near-identical positions at other rotations) keep readable numbers.
  const boxes: [number, number, number, number][] = [];
  const labelSize = FONT * 1.2;
  for (const { p, ring } of placements) {
    const c = ringCentroid(ring);
    const cx = X(c[0]);
    const cy = Y(c[1]);
    const w = labelSize * 0.65 * String(p.rank).length + 6;
    const h = labelSize + 4;
    let at: [number, number] = [cx, cy];
    search: for (const r of [0, 1.2, 2.2, 3.2, 4.2, 5.2].map((k) => k * h)) {
      for (let k = 0; k < (r === 0 ? 1 : 12); k++) {
        const a = (k * Math.PI) / 6 - Math.PI / 2;
        const x = cx + r * Math.cos(a);
        const y = cy + r * Math.sin(a);
        const box: [number, number, number, number] = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
        if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
        at = [x, y];
        boxes.push(box);
        break search;
      }
    }
    if (at[0] !== cx || at[1] !== cy) {
      out.push(
        `<line x1="${cx.toFixed(2)}" y1="${cy.toFixed(2)}" x2="${at[0].toFixed(2)}" y2="${at[1].toFixed(2)}" stroke="#333" stroke-width="1"/>`,
        `<circle cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="2.5" fill="#333"/>`,
      );
    }
    out.push(
      `<text x="${at[0].toFixed(2)}" y="${at[1].toFixed(2)}" text-anchor="middle" dominant-baseline="central" font-weight="bold" font-size="${labelSize}" stroke="#fff" stroke-width="3" paint-order="stroke">${p.rank}</text>`,
    );
  }
  out.push('</g>');

  // Scale bar: a round length near a fifth of the map width.
  const len = roundLength((mapW / s) * 0.25);
  const bx = MARGIN;
  const by = H - MARGIN;
  const bw = len * s;
  out.push(
    '<g id="scale-bar">',
    `<rect x="${bx}" y="${by - 8}" width="${(bw / 2).toFixed(2)}" height="8" fill="#000"/>`,
    `<rect x="${(bx + bw / 2).toFixed(2)}" y="${by - 8}" width="${(bw / 2).toFixed(2)}" height="8" fill="#fff" stroke="#000"/>`,
    `<text x="${bx}" y="${by - 14}">0</text>`,
    `<text x="${(bx + bw).toFixed(2)}" y="${by - 14}" text-anchor="middle">${fmt(len)} m</text>`,
    '</g>',
  );
  // North arrow (true north; for projected CRSs rotated from grid north by the grid convergence; labelled
  // "grid" where the convergence is unknown).
  const nx = W - LEGEND_W - MARGIN / 2;
  const ny = MARGIN + TITLE_H + 40;
  out.push(
    `<g id="north-arrow" transform="translate(${nx} ${ny}) rotate(${frame.trueNorthDeg.toFixed(3)})">`,
    '<path d="M0,-30 L10,10 L0,2 L-10,10 Z" fill="#000"/>',
    `<text x="0" y="-36" text-anchor="middle" font-weight="bold">N</text>`,
    frame.gridNorthOnly
      ? `<text x="0" y="28" text-anchor="middle" font-size="${FONT * 0.8}">grid</text>`
      : '',
    '</g>',
  );
  // Legend.
  const lx = W - LEGEND_W;
  let ly = MARGIN + TITLE_H + 100;
  const entry = (swatch: string, text: string) => {
    out.push(
      `<g>${swatch.replace(/\{x\}/g, String(lx)).replace(/\{y\}/g, String(ly))}<text x="${lx + 30}" y="${ly + 12}">${escapeXml(text)}</text></g>`,
    );
    ly += 26;
  };
  out.push('<g id="legend">');
  out.push(`<text x="${lx}" y="${ly - 10}" font-weight="bold">Legend</text>`);
  ly += 4;
  entry('<rect x="{x}" y="{y}" width="20" height="14" fill="#e8f3e0" stroke="#2f6b2f"/>', 'Parcel');
  if (scene.streetEdges.length > 0)
    entry('<rect x="{x}" y="{y}" width="20" height="5" fill="#444"/>', 'Street edge');
  if (scene.buildable)
    entry(
      '<rect x="{x}" y="{y}" width="20" height="14" fill="#cfe8ff" stroke="#3a7bd5" stroke-dasharray="4 2"/>',
      'Buildable area',
    );
  if (zones.length > 0)
    entry('<rect x="{x}" y="{y}" width="20" height="14" fill="#f6c1c1" stroke="#b03030"/>', 'Exclusion zone');
  entry(
    '<rect x="{x}" y="{y}" width="20" height="14" fill="#f0873a" stroke="#8a3b00"/>',
    'Best placement (1)',
  );
  if (scene.placements.length > 1)
    entry(
      '<rect x="{x}" y="{y}" width="20" height="14" fill="#9aa0a6" fill-opacity="0.5" stroke="#555"/>',
      'Other placements',
    );
  ly += 8;
  for (const { p } of placements.slice(0, 10)) {
    out.push(
      `<text x="${lx}" y="${ly + 12}" font-size="${FONT * 0.85}">${escapeXml(`${p.rank}. score ${p.score.toFixed(3)} · ${fmt(Math.round(p.rotationDeg * 100) / 100)}°`)}</text>`,
    );
    ly += 20;
  }
  out.push('</g>');
  if (scene.placements.length === 0) {
    out.push(
      `<text x="${(MARGIN + mapW / 2).toFixed(2)}" y="${(MARGIN + TITLE_H + mapH / 2).toFixed(2)}" text-anchor="middle" fill="#b03030" font-size="${FONT * 1.4}">No feasible placement</text>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export function svgArtifact(scene: Scene): Artifact {
  return {
    kind: 'svg',
    label: 'Site plan (SVG)',
    filename: 'sitefit-plan.svg',
    contentType: 'image/svg+xml',
    body: new TextEncoder().encode(sceneToSvg(scene)),
  };
}
