// A sheet's view of the scene: everything in local metres (the artifacts' local frame), and the map from those
// metres to paper millimetres at the sheet's round scale, centred in the drawing frame (y flipped: plan north up).
import { pushAll } from '../../geom/arrays.ts';
import { bounds } from '../../geom/ring.ts';
import type { Point } from '../../geom/types.ts';
import { type LocalFrame, localFrame } from '../frame.ts';
import type { PolygonRings, Scene, ScenePlacement, SceneZone } from '../types.ts';
import { type PaperName, roundScale, type SheetLayout, sheetLayout } from './paper.ts';

export interface SheetView {
  frame: LocalFrame;
  layout: SheetLayout;
  /** The scale is 1:denominator. */
  denominator: number;
  /** A detail (larger scale around one house, clipped to the frame): the overview's denominator. */
  detailOf?: number;
  /** Paper mm per metre. */
  mm: number;
  parcel: Point[][];
  buildable: PolygonRings[];
  zones: { zone: SceneZone; area: PolygonRings[] }[];
  placements: { placement: ScenePlacement; ring: Point[] }[];
  /** Local metres -> paper mm. */
  paper(p: readonly number[]): [number, number];
}

/** Room kept around the site inside the drawing frame for dimensions and labels, mm. */
const PAD_MM = 16;

type Bounds = [number, number, number, number];

/** The view of `bounds` (local metres) centred in the frame at the largest round scale that fits it. */
function fit(v: Omit<SheetView, 'denominator' | 'mm' | 'paper'>, b: Bounds) {
  const denominator = roundScale(b[2] - b[0], b[3] - b[1], v.layout, PAD_MM);
  const mm = 1000 / denominator;
  const [x0, y0, x1, y1] = v.layout.drawing;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const mx = (b[0] + b[2]) / 2;
  const my = (b[1] + b[3]) / 2;
  const paper = (p: readonly number[]): [number, number] => [cx + (p[0] - mx) * mm, cy - (p[1] - my) * mm];
  return { denominator, mm, paper };
}

export function sheetView(scene: Scene, paper: PaperName): SheetView {
  const frame = localFrame(scene);
  const local = (r: readonly (readonly number[])[]) => r.map(frame.toLocal);
  const parcel = scene.parcel.map(local);
  const buildable = (scene.buildable ?? []).map((poly) => poly.map(local));
  const zones = scene.exclusions.map((zone) => ({ zone, area: zone.area.map((poly) => poly.map(local)) }));
  const placements = scene.placements.map((placement) => ({ placement, ring: local(placement.footprint) }));
  const all: Point[] = [];
  pushAll(all, parcel[0]);
  for (const p of placements) pushAll(all, p.ring);
  for (const z of zones) for (const poly of z.area) pushAll(all, poly[0]);
  const base = { frame, layout: sheetLayout(paper), parcel, buildable, zones, placements };
  return { ...base, ...fit(base, bounds([all])) };
}

/** The same scene at a larger round scale around `around` (local metres); drawn clipped to the frame. */
export function detailView(v: SheetView, around: Bounds): SheetView {
  return { ...v, ...fit(v, around), detailOf: v.denominator };
}
