// SVG sheets a client can read: one overview of every placement and one sheet per placement, on A3 (or A4)
// landscape at a round scale. The drawing shows the parcel with its edge lengths and area, the buildable area
// (tinted and hatched), exclusion zones, the house with its dimensions and the setbacks as dimension lines to
// the nearest boundary segments; the column beside it holds the north arrow, the scale, the legend and the
// title block. Labels are placed so that none overlaps another or crosses a line of the drawing.
import { bounds, centroid, ringArea } from '../../geom/ring.ts';
import type { Point } from '../../geom/types.ts';
import { escapeXml } from '../svg-format.ts';
import type { Scene } from '../types.ts';
import { legendBlock, northBlock, scaleBlock, titleBlock, titleBlockTop } from './column.ts';
import { setbackLinks } from './dimensions.ts';
import {
  arrowhead,
  buildableShape,
  defs,
  houseShapes,
  labelElements,
  parcelShape,
  setbackLines,
  zoneShapes,
} from './draw.ts';
import { type Box, LabelPlacer, type LabelRequest, type PlacedLabel } from './labels.ts';
import { sheetNorth } from './north.ts';
import type { PaperName } from './paper.ts';
import {
  areaRequest,
  edgeRequests,
  outsideSide,
  PRIORITY,
  parcelAreaText,
  rankRequest,
  setbackRequest,
  zoneRequest,
} from './requests.ts';
import { sheetLegend, sheetTitleRows } from './texts.ts';
import { detailView, type SheetView, sheetView } from './view.ts';
import { squareMetres } from './words.ts';

export interface SheetOptions {
  paper?: PaperName;
  /** The date in the title block (YYYY-MM-DD); the result's generated_at. */
  date?: string;
}

export interface Sheet {
  /** 'overview' or 'placement-<rank>'. */
  name: string;
  svg: string;
  denominator: number;
  labels: PlacedLabel[];
  /** Labels that found no free place (the parcel's shorter edges on a crowded sheet). */
  dropped: LabelRequest[];
}

/** The overview first, then one sheet per placement. */
export function sceneToSheets(scene: Scene, options: SheetOptions = {}): Sheet[] {
  return [...eachSheet(scene, options)];
}

/** The sheets one at a time, so a caller on a server's main thread can let other work in between. */
export function* eachSheet(scene: Scene, options: SheetOptions = {}): Generator<Sheet> {
  yield drawSheet(scene, null, options);
  for (let i = 0; i < scene.placements.length; i++) yield drawSheet(scene, i, options);
}

/** Below this size (mm, the house's longer side at the overview's scale) a placement sheet is a detail. */
const DETAIL_BELOW_MM = 20;

type PaperShapes = ReturnType<typeof paperShapes>;

/** Everything of the scene in paper mm. */
function paperShapes(scene: Scene, v: SheetView) {
  const ring = (r: readonly (readonly number[])[]) => r.map((p) => v.paper(p) as Point);
  const outer = v.parcel[0];
  const n = outer.length - 1;
  return {
    parcel: v.parcel.map(ring),
    streets: scene.streetEdges
      .filter((i) => i < n)
      .map((i) => [ring([outer[i]])[0], ring([outer[i + 1]])[0]] as [Point, Point]),
    buildable: v.buildable.map((poly) => poly.map(ring)),
    zones: v.zones.map((z) => z.area.map((poly) => poly.map(ring))),
    houses: v.placements.map((p) => ring(p.ring)),
    ring,
  };
}

/** The drawing's lines labels must not cross. */
function registerLines(placer: LabelPlacer, s: PaperShapes, houses: number[]): void {
  for (const r of s.parcel) placer.addPolyline(r);
  for (const poly of s.buildable) for (const r of poly) placer.addPolyline(r);
  for (const zone of s.zones) for (const poly of zone) for (const r of poly) placer.addPolyline(r);
  for (const i of houses) placer.addPolyline(s.houses[i]);
}

/** The labels of the site itself: parcel area and edges, zones, the buildable area. */
function siteRequests(scene: Scene, v: SheetView, s: PaperShapes, houses: number[]): LabelRequest[] {
  const t = v.layout.text;
  const avoid = houses.map((i) => s.houses[i]);
  const reqs: LabelRequest[] = [
    areaRequest(parcelAreaText(v.parcel), s.parcel[0], avoid, t, 'area', PRIORITY.area, v.layout.drawing),
  ];
  s.parcel.forEach((r, i) => {
    const side = outsideSide(r) * (i === 0 ? 1 : -1);
    reqs.push(...edgeRequests(r, v.parcel[i], side, t, 'edge', PRIORITY.edge));
  });
  v.zones.forEach((z, i) => {
    const first = s.zones[i][0]?.[0];
    if (first) reqs.push(zoneRequest(z.zone, first, centroid(first), t, v.layout.drawing));
  });
  const b = s.buildable[0]?.[0];
  if (b && scene.buildable)
    reqs.push(
      areaRequest(
        'buildable area',
        b,
        [...avoid, ...s.buildable[0].slice(1)],
        t,
        'area',
        PRIORITY.area,
        v.layout.drawing,
      ),
    );
  return reqs;
}

/** The sheet of placement `focus` (index), or the overview (null). */
function drawSheet(scene: Scene, focus: number | null, options: SheetOptions): Sheet {
  let v = sheetView(scene, options.paper ?? 'A3');
  const local = focus === null ? [] : setbackLinks(v.placements[focus].ring, v.parcel);
  if (focus !== null) {
    // A house this small on paper cannot carry its dimensions: the sheet becomes a detail around it.
    const hb = bounds([v.placements[focus].ring]);
    if (Math.max(hb[2] - hb[0], hb[3] - hb[1]) * v.mm < DETAIL_BELOW_MM) {
      v = detailView(v, bounds([v.placements[focus].ring, ...local.map((l) => [l.from, l.to])]));
    }
  }
  const s = paperShapes(scene, v);
  const t = v.layout.text;
  const houses = focus === null ? v.placements.map((_, i) => i) : [focus];
  const [dx0, dy0, dx1, dy1] = v.layout.drawing;
  const placer = new LabelPlacer([dx0 + 1, dy0 + 1, dx1 - 1, dy1 - 1] as Box);
  registerLines(placer, s, houses);
  const reqs = siteRequests(scene, v, s, houses);
  const links = local.map((l) => ({
    from: s.ring([l.from])[0],
    to: s.ring([l.to])[0],
    distance: l.distance,
  }));
  links.forEach((l, i) => {
    placer.addLine(l.from, l.to);
    placer.addPolyline(arrowhead(l.from, l.to));
    placer.addPolyline(arrowhead(l.to, l.from));
    reqs.push(setbackRequest(l.from, l.to, l.distance, t, i === 0));
  });
  if (focus === null) {
    for (const i of houses) reqs.push(rankRequest(i + 1, s.houses[i], t * 1.2, i === 0 ? [] : [s.houses[0]]));
  } else {
    const house = s.houses[focus];
    reqs.push(
      ...edgeRequests(house, v.placements[focus].ring, outsideSide(house), t, 'house-edge', PRIORITY.house),
    );
    reqs.push(
      areaRequest(
        `house ${squareMetres(ringArea(v.placements[focus].ring))}`,
        house,
        [],
        t,
        'area',
        PRIORITY.house,
      ),
    );
  }
  placer.placeAll(reqs);
  const svg = sheetSvg(scene, v, s, focus, links, placer.placed, options);
  return {
    name: focus === null ? 'overview' : `placement-${focus + 1}`,
    svg,
    denominator: v.denominator,
    labels: placer.placed,
    dropped: placer.dropped,
  };
}

/** A detail's drawing is cut at its frame (the site goes on beyond it). */
function clipped(v: SheetView, elements: string[]): string[] {
  if (v.detailOf === undefined) return elements;
  const [x0, y0, x1, y1] = v.layout.drawing;
  return [
    `<clipPath id="drawing-clip"><rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}"/></clipPath>`,
    '<g clip-path="url(#drawing-clip)">',
    ...elements,
    '</g>',
  ];
}

function sheetSvg(
  scene: Scene,
  v: SheetView,
  s: PaperShapes,
  focus: number | null,
  links: { from: Point; to: Point }[],
  labels: PlacedLabel[],
  options: SheetOptions,
): string {
  const { width, height, drawing } = v.layout;
  const rows = sheetTitleRows(scene, v, focus, options.date);
  const title = rows[0][0];
  const [north, northH] = northBlock(v.layout, sheetNorth(scene), v.layout.column[1]);
  const [scale, scaleH] = scaleBlock(v.layout, v.denominator, v.layout.column[1] + northH + 4);
  const legendTop = v.layout.column[1] + northH + scaleH + 10;
  const [legend, legendH] = legendBlock(v.layout, sheetLegend(scene, focus), legendTop);
  // A title block that would reach the legend drops its last rows (the overview's list of placements).
  while (rows.length > 3 && titleBlockTop(v.layout, rows) < legendTop + legendH + 4) rows.pop();
  const houses = s.houses.map((ring, i) => ({ ring, highlight: focus === null ? i === 0 : i === focus }));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    defs(),
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<rect id="drawing-frame" x="${drawing[0]}" y="${drawing[1]}" width="${drawing[2] - drawing[0]}" height="${drawing[3] - drawing[1]}" fill="none" stroke="#000" stroke-width="0.35"/>`,
    ...clipped(v, [
      ...parcelShape(s.parcel, s.streets),
      ...buildableShape(s.buildable),
      ...zoneShapes(s.zones.flat()),
      ...houseShapes(focus === null ? houses : [houses[focus]]),
      ...setbackLines(links),
    ]),
    ...labelElements(labels),
    ...north,
    ...scale,
    ...legend,
    ...titleBlock(v.layout, rows),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}
