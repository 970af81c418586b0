// The site plan's drawing layers, by what they show: parcel, street edges, buildable area, exclusion zones,
// placements and their rank labels. Each returns SVG lines in the plan view.
import { centroid as ringCentroid } from '../geom/ring.ts';
import { escapeXml, fmt } from './svg-format.ts';
import { FONT, type PlanView } from './svg-plan-view.ts';
import type { Scene } from './types.ts';

export function parcelLayer(v: PlanView): string[] {
  return [
    `<g id="parcel"><path d="${v.path(v.parcel)}" fill="#e8f3e0" stroke="#2f6b2f" stroke-width="2" fill-rule="evenodd"/></g>`,
  ];
}

export function streetLayer(scene: Scene, v: PlanView): string[] {
  if (scene.streetEdges.length === 0) return [];
  const outer = v.parcel[0];
  const n = outer.length - 1; // closed ring
  const d = scene.streetEdges
    .filter((i) => i < n)
    .map((i) => `M${v.pt(outer[i])}L${v.pt(outer[i + 1])}`)
    .join('');
  return [
    `<g id="street"><path d="${d}" stroke="#444" stroke-width="6" stroke-linecap="round" fill="none"/></g>`,
  ];
}

export function buildableLayer(scene: Scene, v: PlanView): string[] {
  if (!scene.buildable) return [];
  const d = scene.buildable.map((poly) => v.path(poly.map(v.local))).join('');
  return [
    `<g id="buildable"><path d="${d}" fill="#cfe8ff" fill-opacity="0.6" stroke="#3a7bd5" stroke-dasharray="6 4" fill-rule="evenodd"/></g>`,
  ];
}

export function exclusionLayer(v: PlanView): string[] {
  if (v.zones.length === 0) return [];
  const out = ['<g id="exclusions">'];
  for (const { z, polys } of v.zones) {
    out.push(
      `<path d="${polys.map(v.path).join('')}" fill="#f6c1c1" fill-opacity="0.7" stroke="#b03030" fill-rule="evenodd"><title>${escapeXml(`${z.kind} ${z.id} (buffer ${fmt(z.buffer_m)} m)`)}</title></path>`,
    );
  }
  out.push('</g>');
  return out;
}

/** Placements: the best on top. The group stays open: the rank labels follow inside it. */
export function placementShapes(v: PlanView): string[] {
  const out = ['<g id="placements">'];
  for (const { p, ring } of [...v.placements].reverse()) {
    const best = p.rank === 1;
    out.push(
      `<path d="${v.path([ring])}" fill="${best ? '#f0873a' : '#9aa0a6'}" fill-opacity="${best ? 0.85 : 0.35}" stroke="${best ? '#8a3b00' : '#555'}" stroke-width="${best ? 2 : 1}"><title>${escapeXml(`#${p.rank} ${p.id} score ${p.score.toFixed(4)}`)}</title></path>`,
    );
  }
  return out;
}

type Box = [number, number, number, number];

/** The first free spot for a w x h box on rings around (cx, cy), the centre first. */
function freeSpot(cx: number, cy: number, w: number, h: number, boxes: Box[]): [number, number] {
  for (const r of [0, 1.2, 2.2, 3.2, 4.2, 5.2].map((k) => k * h)) {
    for (let k = 0; k < (r === 0 ? 1 : 12); k++) {
      const a = (k * Math.PI) / 6 - Math.PI / 2;
      const x = cx + r * Math.cos(a);
      const y = cy + r * Math.sin(a);
      const box: Box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
      if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      boxes.push(box);
      return [x, y];
    }
  }
  return [cx, cy];
}

/**
 * Rank labels: at the centroid when free, else moved to the nearest free spot around it with a leader line,
 * so overlapping placements (near-identical positions at other rotations) keep readable numbers. Closes the
 * placements group.
 */
export function rankLabels(v: PlanView): string[] {
  const out: string[] = [];
  const boxes: Box[] = [];
  const labelSize = FONT * 1.2;
  for (const { p, ring } of v.placements) {
    const c = ringCentroid(ring);
    const cx = v.X(c[0]);
    const cy = v.Y(c[1]);
    const at = freeSpot(cx, cy, labelSize * 0.65 * String(p.rank).length + 6, labelSize + 4, boxes);
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
  return out;
}
