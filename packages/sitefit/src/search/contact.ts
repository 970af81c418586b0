// Contact segments: in translation space, the segments on which the placed house touches the region boundary
// (a house vertex on a region edge, or a region vertex on a house edge). For a feasible translation u the
// clearance — the distance from the placed house to the region boundary — equals the distance from u to the
// nearest contact segment, because sliding the house by d touches the boundary exactly when u + d meets one.
// This gives the clearance in floating point without the 1 mm rounding of the Clipper polygon.
import { pushAll } from '../geom/arrays.ts';
import { orient, pointSegmentDistanceXY } from '../geom/predicates.ts';
import { doubles, type Flat, type PolygonWithHoles, type Ring } from '../geom/types.ts';

/** Flat [ax, ay, bx, by] per contact segment of `house` (placed as house + u) against the region boundary. */
export function contactSegments(region: readonly PolygonWithHoles[], house: Ring): Flat {
  const rings: Ring[] = [];
  for (const p of region) {
    rings.push(p.outer);
    pushAll(rings, p.holes);
  }
  const out = doubles();
  const m = house.length;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const [px, py] = r[i];
      const [qx, qy] = r[(i + 1) % n];
      for (let j = 0; j < m; j++) {
        const [vx, vy] = house[j];
        const [wx, wy] = house[(j + 1) % m];
        // House vertex v on region edge p-q, then region vertex p on house edge v-w.
        out.push(px - vx, py - vy, qx - vx, qy - vy, px - vx, py - vy, px - wx, py - wy);
      }
    }
  }
  return out;
}

/**
 * The contact segments that can realise the clearance or bound the feasible set: those of contactSegments for
 * which a nearest pair (or a touching pair) of that kind can exist. With rings oriented so that the house and
 * the region lie to their left and n(e) the outward normal of an edge: house vertex v on region edge F only when
 * v is not strictly reflex and n(F) lies in v's normal cone (between the normals of its two edges); region vertex
 * p on house edge E only when p is not strictly convex and n(E) lies between the normals of p's two edges.
 * A nearest pair realised inside F (resp. E) needs exactly that; one realised between two vertices has its
 * direction in both normal cones, and of two overlapping angular ranges (each under 180°) one holds an end of
 * the other, which is one of the kept pairs at the same distance; a strictly reflex house vertex or strictly
 * convex region vertex is never nearest (a point of an adjacent edge is nearer). A touching pair is found the
 * same way from the tangent cones (a house corner inside a region corner, a house edge on a reflex region
 * vertex, ...), so the feasible set's boundary still lies on the kept segments. Reflex/convex is decided
 * exactly; cone membership with a relative slack of 1e-9 that only keeps more segments (keeping more is always
 * safe: every contact segment is at least the clearance away from a feasible translation). Same layout as
 * contactSegments; about a third to a half of the segments on typical parcels.
 */
export function essentialContactSegments(region: readonly PolygonWithHoles[], house: Ring): Flat {
  const h = leftInterior(house, true);
  const m = h.length;
  // Outward normals of the house edges (edge j: h[j] -> h[j + 1]) and whether each vertex is strictly reflex.
  // The normals go to module scratch: a typed array costs about 0.5 µs to allocate (see Flat).
  if (hnScratch.length < 3 * m) hnScratch = new Float64Array(6 * m);
  const hn = edgeNormals(h, hnScratch);
  const hReflex = h.map((v, j) => orient(h[(j + m - 1) % m], v, h[(j + 1) % m]) < 0);
  const { rings, normals, convex } = regionData(region);
  const out = doubles();
  for (let k = 0; k < rings.length; k++) {
    const r = rings[k];
    const rn = normals[k];
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const [px, py] = r[i];
      const [qx, qy] = r[(i + 1) % n];
      const pConvex = convex[k][i] === 1;
      // p's range of normals runs clockwise from n(F_prev) to n(F_next) when p is reflex (or straight).
      const f1 = (i + n - 1) % n;
      for (let j = 0; j < m; j++) {
        const [vx, vy] = h[j];
        // House vertex v on region edge F = p-q: v's normals run counter-clockwise from n(E_prev) to n(E_next).
        if (!hReflex[j] && between(hn, (j + m - 1) % m, rn, i, hn, j))
          out.push(px - vx, py - vy, qx - vx, qy - vy);
        if (!pConvex && between(rn, i, hn, j, rn, f1)) {
          const [wx, wy] = h[(j + 1) % m];
          out.push(px - vx, py - vy, px - wx, py - wy);
        }
      }
    }
  }
  return out;
}

let hnScratch = new Float64Array(48);

interface RegionData {
  /** Outer rings and holes, oriented with the region on their left. */
  rings: Ring[];
  normals: Float64Array[];
  /** 1 where the region's vertex is strictly convex. */
  convex: Uint8Array[];
  /** Vertices of all rings. */
  total: number;
}

/** Per region (the same array for every rotation of a search): its rings' orientation, normals, convexity. */
const regionCache = new WeakMap<readonly PolygonWithHoles[], RegionData>();

function regionData(region: readonly PolygonWithHoles[]): RegionData {
  let d = regionCache.get(region);
  if (d) return d;
  const rings: Ring[] = [];
  for (const p of region) {
    rings.push(leftInterior(p.outer, true));
    for (const r of p.holes) rings.push(leftInterior(r, false));
  }
  d = {
    rings,
    normals: rings.map((r) => edgeNormals(r)),
    convex: rings.map((r) =>
      Uint8Array.from(r, (v, i) =>
        orient(r[(i + r.length - 1) % r.length], v, r[(i + 1) % r.length]) > 0 ? 1 : 0,
      ),
    ),
    total: rings.reduce((s, r) => s + r.length, 0),
  };
  regionCache.set(region, d);
  return d;
}

/** The ring oriented with the interior (outer, house) or the region around a hole on its left. */
function leftInterior(r: Ring, outer: boolean): Ring {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return a > 0 === outer ? r : r.slice().reverse();
}

/** Outward normals (unnormalised) of the edges r[i] -> r[i + 1] of a ring with its interior on the left, and their lengths: [nx, ny, |n|] per edge. */
function edgeNormals(r: Ring, into?: Float64Array): Float64Array {
  const n = r.length;
  const out = into ?? new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const [ax, ay] = r[i];
    const [bx, by] = r[(i + 1) % n];
    out[3 * i] = by - ay;
    out[3 * i + 1] = ax - bx;
    out[3 * i + 2] = Math.sqrt((bx - ax) ** 2 + (by - ay) ** 2);
  }
  return out;
}

/** Does normal b[jb] lie in the closed counter-clockwise range from a[ja] to c[jc] (under 180°), with slack? */
function between(
  a: Float64Array,
  ja: number,
  b: Float64Array,
  jb: number,
  c: Float64Array,
  jc: number,
): boolean {
  const ax = a[3 * ja];
  const ay = a[3 * ja + 1];
  const bx = b[3 * jb];
  const by = b[3 * jb + 1];
  const cx = c[3 * jc];
  const cy = c[3 * jc + 1];
  const lb = b[3 * jb + 2] * CONE_SLACK;
  return ax * by - ay * bx >= -lb * a[3 * ja + 2] && bx * cy - by * cx >= -lb * c[3 * jc + 2];
}

/** Relative slack of the cone tests (far above rounding; only keeps more segments). */
const CONE_SLACK = 1e-9;

/** Distance from (x, y) to contact segment i (flat [ax, ay, bx, by] per segment). */
export function segDist(s: Flat, i: number, x: number, y: number): number {
  const o = 4 * i;
  return pointSegmentDistanceXY(x, y, s[o], s[o + 1], s[o + 2], s[o + 3]);
}
