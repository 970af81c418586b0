// The labels a sheet asks for, in paper mm, with their priorities: setbacks and the house first (the point of
// the sheet), then areas, zones, and the parcel's edge lengths last (dropped first on a crowded sheet).
import { pointInRing } from '../../geom/predicates.ts';
import { centroid, ringArea } from '../../geom/ring.ts';
import type { Point } from '../../geom/types.ts';
import type { SceneZone } from '../types.ts';
import { aroundPoint, besideSegment, insidePoints, outsideSide } from './candidates.ts';
import { type Edge, ringEdges } from './dimensions.ts';
import { type Box, type LabelRequest, labelSize } from './labels.ts';
import { metres, squareMetres } from './words.ts';

/** Edge labels drawn at most, longest edges first: a 2000-vertex parcel gets its telling edges, not noise. */
const MAX_EDGE_LABELS = 40;

export const PRIORITY = { setback: 0, rank: 0, house: 1, area: 2, zone: 3, edge: 4 } as const;

/**
 * Lengths of the edges of closed paper rings, measured in metres (`metresOf` maps each paper edge back to its
 * local edge). Edges too short on paper for their text are left out. `outside` is which side is outside.
 */
export function edgeRequests(
  paperRing: Point[],
  localRing: Point[],
  outside: number,
  size: number,
  role: string,
  priority: number,
  max = MAX_EDGE_LABELS,
): LabelRequest[] {
  const paper = ringEdges(paperRing);
  const local = ringEdges(localRing);
  if (paper.length !== local.length) return [];
  const items: { e: Edge; text: string }[] = [];
  for (let i = 0; i < paper.length; i++) {
    const text = metres(local[i].length);
    const [w] = labelSize(text, size);
    if (paper[i].length >= w * 0.8) items.push({ e: paper[i], text });
  }
  items.sort((a, b) => b.e.length - a.e.length);
  return items.slice(0, max).map(({ e, text }) => {
    const [w, h] = labelSize(text, size);
    return { text, size, role, priority, candidates: besideSegment(e.a, e.b, outside, w, h) };
  });
}

/** An area label inside a ring, away from the rings in `avoid`. */
export function areaRequest(
  label: string,
  paperRing: Point[],
  avoid: Point[][],
  size: number,
  role: string,
  priority: number,
  within?: Box,
): LabelRequest {
  return {
    text: label,
    size,
    role,
    priority,
    candidates: insidePoints(paperRing, avoid, size * 1.5, 300, within),
  };
}

export function parcelAreaText(localRings: Point[][]): string {
  const area = ringArea(localRings[0]) - localRings.slice(1).reduce((s, r) => s + ringArea(r), 0);
  return `parcel ${squareMetres(area)}`;
}

/** A setback's distance beside the middle of its dimension line (either side), or further along it. */
export function setbackRequest(
  from: Point,
  to: Point,
  distance: number,
  size: number,
  nearest: boolean,
): LabelRequest {
  const text = metres(distance);
  const [w, h] = labelSize(text, size, nearest);
  const candidates =
    distance === 0
      ? aroundPoint(from, 'touches the boundary', size)
      : besideSegment(from, to, 1, w, h, 0.6, [0.5, 0.35, 0.65, 0.2, 0.8]);
  return {
    text: distance === 0 ? 'touches the boundary' : text,
    size,
    bold: nearest,
    role: 'setback',
    priority: PRIORITY.setback,
    candidates,
  };
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const p of parts) yield* p;
}

/** A zone's name and buffer, inside the zone or around its centre with a leader. */
export function zoneRequest(
  zone: SceneZone,
  paperRing: Point[],
  centre: Point,
  size: number,
  within?: Box,
): LabelRequest {
  const text = `${zone.id}: ${zone.kind.replaceAll('_', ' ')}${zone.buffer_m > 0 ? `, buffer ${zone.buffer_m} m` : ''}`;
  return {
    text,
    size,
    role: 'zone',
    priority: PRIORITY.zone,
    candidates: chain(
      insidePoints(paperRing, [], size * 1.5, 60, within),
      aroundPoint(centre, text, size).slice(1),
    ),
  };
}

/**
 * A placement's rank number on the overview: on the visible part of its house (the centre first), else beside
 * it with a leader from a point of that part that no other label covers (houses can coincide).
 */
export function rankRequest(rank: number, house: Point[], size: number, above: Point[][]): LabelRequest {
  const text = String(rank);
  // Not on a house drawn over this one (the best lies on top): its number would seem to be that house's.
  const visible = [...insidePoints(house, above, size, 12)].map((c) => [c.x, c.y] as Point);
  const anchors = visible.length > 0 ? visible : [centroid(house)];
  const candidates = [
    ...anchors.map(([x, y]) => ({ x, y })),
    ...anchors.flatMap((a) => aroundPoint(a, text, size, true).slice(1)),
  ].filter((c) => above.every((r) => pointInRing([c.x, c.y], r.slice(0, -1)) < 0));
  return { text, size, bold: true, role: 'rank', priority: PRIORITY.rank, candidates };
}

export { outsideSide };
