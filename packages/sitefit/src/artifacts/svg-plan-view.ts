// Where the site plan is drawn: the scene in local metres, fitted into the map area of the fixed viewBox
// (y flipped: plan north up), and the path writers in that view.
import { pushAll } from '../geom/arrays.ts';
import { bounds } from '../geom/ring.ts';
import type { Point as Position } from '../geom/types.ts';
import { type LocalFrame, localFrame } from './frame.ts';
import type { Scene, ScenePlacement, SceneZone } from './types.ts';

export const W = 1000;
export const H = 760;
export const MARGIN = 40;
export const TITLE_H = 50;
export const LEGEND_W = 220;
export const FONT = 14;

export interface PlanView {
  frame: LocalFrame;
  local(r: readonly (readonly number[])[]): Position[];
  parcel: Position[][];
  placements: { p: ScenePlacement; ring: Position[] }[];
  zones: { z: SceneZone; polys: Position[][][] }[];
  /** Pixels per metre. */
  s: number;
  mapW: number;
  mapH: number;
  X(x: number): number;
  Y(y: number): number;
  pt(p: Position): string;
  path(rings: Position[][]): string;
}

export function planView(scene: Scene): PlanView {
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
  return { frame, local, parcel, placements, zones, s, mapW, mapH, X, Y, pt, path };
}
