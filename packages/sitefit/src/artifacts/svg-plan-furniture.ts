// The site plan's furniture around the drawing: header, scale bar, north arrow, legend and the empty note.
import { escapeXml, fmt, roundLength } from './svg-format.ts';
import { FONT, H, LEGEND_W, MARGIN, type PlanView, TITLE_H, W } from './svg-plan-view.ts';
import type { Scene } from './types.ts';

export function header(scene: Scene): string[] {
  const title = `${scene.definition}@${scene.version} site plan`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 8}" font-size="${FONT * 1.6}" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 30}" fill="#555">${escapeXml(`${scene.crs} · ${scene.placements.length} placement(s)`)}</text>`,
  ];
}

/** A round length near a fifth of the map width. */
export function scaleBar(v: PlanView): string[] {
  const len = roundLength((v.mapW / v.s) * 0.25);
  const bx = MARGIN;
  const by = H - MARGIN;
  const bw = len * v.s;
  return [
    '<g id="scale-bar">',
    `<rect x="${bx}" y="${by - 8}" width="${(bw / 2).toFixed(2)}" height="8" fill="#000"/>`,
    `<rect x="${(bx + bw / 2).toFixed(2)}" y="${by - 8}" width="${(bw / 2).toFixed(2)}" height="8" fill="#fff" stroke="#000"/>`,
    `<text x="${bx}" y="${by - 14}">0</text>`,
    `<text x="${(bx + bw).toFixed(2)}" y="${by - 14}" text-anchor="middle">${fmt(len)} m</text>`,
    '</g>',
  ];
}

/**
 * True north; for projected CRSs rotated from grid north by the grid convergence; labelled "grid" where the
 * convergence is unknown.
 */
export function northArrow(v: PlanView): string[] {
  const nx = W - LEGEND_W - MARGIN / 2;
  const ny = MARGIN + TITLE_H + 40;
  return [
    `<g id="north-arrow" transform="translate(${nx} ${ny}) rotate(${v.frame.trueNorthDeg.toFixed(3)})">`,
    '<path d="M0,-30 L10,10 L0,2 L-10,10 Z" fill="#000"/>',
    `<text x="0" y="-36" text-anchor="middle" font-weight="bold">N</text>`,
    v.frame.gridNorthOnly
      ? `<text x="0" y="28" text-anchor="middle" font-size="${FONT * 0.8}">grid</text>`
      : '',
    '</g>',
  ];
}

export function legend(scene: Scene, v: PlanView): string[] {
  const out: string[] = [];
  const lx = W - LEGEND_W;
  let ly = MARGIN + TITLE_H + 100;
  const entry = (swatch: string, text: string) => {
    out.push(
      `<g>${swatch.replace(/\{x\}/g, String(lx)).replace(/\{y\}/g, String(ly))}<text x="${lx + 30}" y="${ly + 12}">${escapeXml(text)}</text></g>`,
    );
    ly += 26;
  };
  out.push('<g id="legend">', `<text x="${lx}" y="${ly - 10}" font-weight="bold">Legend</text>`);
  ly += 4;
  entry('<rect x="{x}" y="{y}" width="20" height="14" fill="#e8f3e0" stroke="#2f6b2f"/>', 'Parcel');
  if (scene.streetEdges.length > 0)
    entry('<rect x="{x}" y="{y}" width="20" height="5" fill="#444"/>', 'Street edge');
  if (scene.buildable)
    entry(
      '<rect x="{x}" y="{y}" width="20" height="14" fill="#cfe8ff" stroke="#3a7bd5" stroke-dasharray="4 2"/>',
      'Buildable area',
    );
  if (v.zones.length > 0)
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
  for (const { p } of v.placements.slice(0, 10)) {
    out.push(
      `<text x="${lx}" y="${ly + 12}" font-size="${FONT * 0.85}">${escapeXml(`${p.rank}. score ${p.score.toFixed(3)} · ${fmt(Math.round(p.rotationDeg * 100) / 100)}°`)}</text>`,
    );
    ly += 20;
  }
  out.push('</g>');
  return out;
}

export function emptyNote(scene: Scene, v: PlanView): string[] {
  if (scene.placements.length > 0) return [];
  return [
    `<text x="${(MARGIN + v.mapW / 2).toFixed(2)}" y="${(MARGIN + TITLE_H + v.mapH / 2).toFixed(2)}" text-anchor="middle" fill="#b03030" font-size="${FONT * 1.4}">No feasible placement</text>`,
  ];
}
