// What the sheets dimension, in local metres: edge lengths of a ring, and the setbacks as the shortest links
// from the house to the nearest boundary segments (the nearest first, then the nearest in other directions,
// so a client sees front, sides and rear).
import { closestPointsOfSegments } from '../../geom/closest.ts';
import { segmentsCrossProperly } from '../../geom/predicates.ts';
import type { Point } from '../../geom/types.ts';

export interface Edge {
  a: Point;
  b: Point;
  length: number;
}

/** The edges of a closed ring (zero-length ones left out). */
export function ringEdges(ring: readonly Point[]): Edge[] {
  const out: Edge[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const length = Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
    if (length > 0) out.push({ a: ring[i], b: ring[i + 1], length });
  }
  return out;
}

export interface SetbackLink {
  /** On the house. */
  from: Point;
  /** On the boundary. */
  to: Point;
  distance: number;
}

/** Links whose directions differ by less than this are one side of the house. */
const MIN_ANGLE_DEG = 60;

/** Does the link cross a boundary edge on its way (a segment behind a notch of the parcel is not a setback)? */
function blocked(link: SetbackLink, edges: Edge[], own: Edge): boolean {
  for (const e of edges) {
    if (e === own) continue;
    if (segmentsCrossProperly(link.from, link.to, e.a, e.b)) return true;
  }
  return false;
}

/**
 * Up to `max` setback links from the house (closed ring) to the boundary (closed rings: outer and holes): the
 * nearest boundary segment first, then the nearest ones in directions at least 60 degrees from those taken.
 */
export function setbackLinks(house: readonly Point[], boundary: readonly Point[][], max = 4): SetbackLink[] {
  const houseEdges = ringEdges(house);
  const edges = boundary.flatMap((r) => ringEdges(r));
  const links: { link: SetbackLink; edge: Edge }[] = [];
  for (const e of edges) {
    let best: SetbackLink | null = null;
    for (const h of houseEdges) {
      const l = closestPointsOfSegments(h.a, h.b, e.a, e.b);
      if (!best || l.distance < best.distance) best = { from: l.from, to: l.to, distance: l.distance };
    }
    if (best) links.push({ link: best, edge: e });
  }
  links.sort((x, y) => x.link.distance - y.link.distance);
  const taken: SetbackLink[] = [];
  const dirs: number[] = [];
  for (const { link, edge } of links) {
    if (taken.length >= max) break;
    if (link.distance === 0) {
      if (taken.length === 0) taken.push(link); // touching: the nearest, with no direction of its own
      continue;
    }
    const dir = Math.atan2(link.to[1] - link.from[1], link.to[0] - link.from[0]);
    const apart = dirs.every((d) => {
      const diff = Math.abs(((dir - d + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
      return diff >= (MIN_ANGLE_DEG * Math.PI) / 180;
    });
    if (!apart || blocked(link, edges, edge)) continue;
    taken.push(link);
    dirs.push(dir);
  }
  return taken;
}
