// The site model of a 2.0.0 solve, in the working (metric) CRS relative to a local origin: parcel, per-edge
// setback rules, exclusion zones, the house, and the allowed region where the house may stand.

import type { Paths64 } from 'clipper2-ts';
import { type WorkingFrame, workingFrame } from '../crs/frame.ts';
import { pushAll } from '../geom/arrays.ts';
import { centroid, closedLength, ringArea, signedArea } from '../geom/ring.ts';
import { checkPolygon, checkRing } from '../geom/validate.ts';
import {
  buffer,
  circle,
  components,
  difference,
  normalisePolygon,
  simplifyInside,
  toPath64,
  union,
} from './clip.ts';
import { asDomainError, domainError } from './errors.ts';
import { areaRings, type ExclusionShape, exclusionShape, ringPointer } from './inputs.ts';
import type { Position, SitefitV2Inputs } from './types.ts';

export type Pt = Position;

/** Simplification tolerance of the allowed region (m): see simplifyInside in clip.ts. */
const REGION_SIMPLIFY_M = 0.01;

export type EdgeClass = 'front' | 'side' | 'rear' | 'custom' | 'hole';

export interface EdgeRule {
  /** Index in the outer ring as given (-1 for hole edges). */
  index: number;
  a: Pt;
  b: Pt;
  setback: number;
  cls: EdgeClass;
  street: boolean;
}

export interface Zone {
  id: string;
  kind: string;
  buffer: number;
  /** The zone as given, in local working coordinates. */
  shape: ExclusionShape;
  /** The buffered zone (Clipper, mm). */
  area: Paths64;
}

export interface Site {
  frame: WorkingFrame;
  /** Working-CRS coordinates = local + origin. */
  origin: Pt;
  /** Parcel rings, local, open, cleaned: outer counter-clockwise first, then clockwise holes. */
  parcel: Pt[][];
  parcelArea: number;
  edges: EdgeRule[];
  zones: Zone[];
  /** House ring, local working coordinates, open, in the given vertex order. */
  house: Pt[];
  /** Area centroid of the house as given (local). */
  houseCentroid: Pt;
  houseArea: number;
  /** +1 if the house ring is counter-clockwise as given, -1 otherwise. */
  houseOrientation: 1 | -1;
  facadeEdge: number;
  /** Where the house may stand (Clipper, mm, local). */
  allowed: Paths64;
  /** The parcel itself (Clipper, mm, local). */
  parcelClip: Paths64;
  /** Diagonal of the parcel's bounding box: the length scale of the access KPI. */
  diagonal: number;
}

function openRing(ring: readonly Pt[]): Pt[] {
  return ring.slice(0, closedLength(ring)).map((p) => [p[0], p[1]] as Pt);
}

/** Everything of the site that needs no polygon boolean: the checks the API runs before queueing a job. */
export type CheckedSite = Omit<Site, 'allowed' | 'parcelClip' | 'zones'> & {
  zones: Omit<Zone, 'area'>[];
  /** The parcel's outer ring as checked (local, counter-clockwise). */
  outer: Pt[];
};

/**
 * The 2.0.0 domain rules that need no search: CRS, every ring (closed, simple, holes inside and apart), edge
 * indices, exclusions near the parcel. Throws SitefitDomainError with the input's field pointer.
 */
export function checkSite(inputs: SitefitV2Inputs): CheckedSite {
  const rawParcel = areaRings(inputs.parcel);
  const rawHouse = areaRings(inputs.house)[0];
  let frame: WorkingFrame;
  try {
    frame = workingFrame(inputs.crs, rawParcel[0][0], '/crs');
  } catch (e) {
    throw asDomainError(e);
  }
  const w0 = frame.toWorking(rawParcel[0][0]);
  // A whole-metre origin: local coordinates stay small and exactly representable offsets.
  const origin: Pt = [Math.round(w0[0]), Math.round(w0[1])];
  const local = (p: readonly number[]): Pt => {
    const w = frame.toWorking([p[0], p[1]]);
    return [w[0] - origin[0], w[1] - origin[1]];
  };

  // Geometry checks run on metric coordinates (areas in degrees² would be meaningless), with the input's
  // field pointers: reprojection keeps every position's index.
  const parcelChecked = checkPolygon(
    rawParcel[0].map(local),
    rawParcel.slice(1).map((r) => r.map(local)),
    {
      outer: ringPointer(inputs.parcel, '/parcel', 0),
      hole: (i: number) => ringPointer(inputs.parcel, '/parcel', i + 1),
    },
    'parcel',
  );
  const parcel = [parcelChecked.outer, ...parcelChecked.holes] as Pt[][];
  const parcelArea = ringArea(parcelChecked.outer) - parcelChecked.holes.reduce((a, h) => a + ringArea(h), 0);
  // Edge indices refer to the outer ring as given, so the rules are built from it, not the cleaned ring.
  const givenOuter = openRing(rawParcel[0]).map(local);
  const edges = edgeRules(
    inputs,
    givenOuter,
    parcelChecked.holes,
    Math.sign(signedArea(givenOuter)) as 1 | -1,
  );

  const zones = inputs.exclusions.map((e, i) => {
    const s = exclusionShape(e);
    let shape: ExclusionShape;
    if (s.type === 'Polygon') {
      // Checked like the parcel (closed, simple, holes inside), with pointers into this exclusion.
      const g = e.geometry;
      const at = (k: number) =>
        Array.isArray(g) ? `/exclusions/${i}/geometry` : `/exclusions/${i}/geometry/coordinates/${k}`;
      const checked = checkPolygon(
        s.coordinates[0].map(local),
        s.coordinates.slice(1).map((r) => r.map(local)),
        { outer: at(0), hole: (k: number) => at(k + 1) },
        `exclusion ${i}`,
      );
      shape = { type: 'Polygon', coordinates: [checked.outer, ...checked.holes] as Pt[][] };
    } else if (s.type === 'Point') {
      shape = { type: 'Point', coordinates: local(s.coordinates) };
    } else {
      shape = { type: 'LineString', coordinates: s.coordinates.map(local) };
    }
    requireNearParcel(shape, e.buffer_m, parcelChecked.outer, i);
    return { id: e.id ?? `exclusion-${i + 1}`, kind: e.kind, buffer: e.buffer_m, shape };
  });

  checkRing(rawHouse.map(local), ringPointer(inputs.house, '/house', 0), 'house');
  // The facade edge index refers to the house ring as given, so the given ring (duplicates aside) is kept.
  const house = openRing(rawHouse).map(local);
  const houseArea = signedArea(house);
  const facadeEdge = inputs.orientation.facade_edge;
  if (facadeEdge >= house.length) {
    throw domainError(
      'EDGE_OUT_OF_RANGE',
      `The house has ${house.length} edges; facade_edge ${facadeEdge} does not exist`,
      '/orientation/facade_edge',
      `Use 0..${house.length - 1} (edge i runs from position i to i+1).`,
    );
  }

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of parcelChecked.outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }

  return {
    frame,
    origin,
    parcel,
    outer: parcelChecked.outer,
    parcelArea,
    edges,
    zones,
    house,
    houseCentroid: centroid(house),
    houseArea: Math.abs(houseArea),
    houseOrientation: houseArea > 0 ? 1 : -1,
    facadeEdge,
    diagonal: Math.hypot(maxX - minX, maxY - minY),
  };
}

/** The exclusion zone grown by its buffer (Clipper, mm, local). */
function zoneArea(shape: ExclusionShape, bufferM: number): Paths64 {
  if (shape.type === 'Polygon') return buffer(normalisePolygon(shape.coordinates), bufferM, true);
  if (shape.type === 'Point') return bufferM > 0 ? circle(shape.coordinates, bufferM) : [];
  return buffer([toPath64(shape.coordinates)], bufferM, false);
}

/** The site with its allowed region: the checks above, then the setback bands and zones cut from the parcel. */
export function buildSite(inputs: SitefitV2Inputs): Site {
  const { outer: _outer, ...checked } = checkSite(inputs);
  const { edges } = checked;
  const zones: Zone[] = checked.zones.map((z) => ({ ...z, area: zoneArea(z.shape, z.buffer) }));
  const parcelPaths = normalisePolygon(checked.parcel);
  const blocked: Paths64 = [];
  for (const e of edges) {
    if (e.setback > 0) pushAll(blocked, buffer([toPath64([e.a, e.b])], e.setback, false));
  }
  for (const z of zones) pushAll(blocked, z.area);
  // Simplified inside itself: the bands' round caps leave many tiny edges that make every inner-fit polygon
  // slow; simplifyInside removes them and keeps the region a subset of the exact one (about 1 cm tighter).
  // Only when it pays (a tenth fewer vertices): a plain rectangle keeps its exact region.
  let allowed = blocked.length > 0 ? difference(parcelPaths, union(blocked)) : parcelPaths;
  if (blocked.length > 0) {
    const simpler = simplifyInside(allowed, REGION_SIMPLIFY_M);
    const count = (p: Paths64) => p.reduce((n, r) => n + r.length, 0);
    if (count(simpler) < 0.9 * count(allowed)) allowed = simpler;
  }

  return { ...checked, zones, allowed, parcelClip: parcelPaths };
}

/**
 * An exclusion whose buffered bounding box misses the parcel's is refused: it cannot constrain anything, and
 * is almost always given in the wrong CRS or with swapped coordinates.
 */
function requireNearParcel(shape: ExclusionShape, bufferM: number, outer: Pt[], i: number): void {
  const pts: Pt[] =
    shape.type === 'Point'
      ? [shape.coordinates]
      : shape.type === 'LineString'
        ? shape.coordinates
        : shape.coordinates[0];
  const box = (ps: readonly Pt[]) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const [x, y] of ps) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    return [x0, y0, x1, y1];
  };
  const [a0, b0, a1, b1] = box(pts);
  const [p0, q0, p1, q1] = box(outer);
  const gap = Math.max(p0 - a1, a0 - p1, q0 - b1, b0 - q1);
  if (gap > bufferM) {
    throw domainError(
      'EXCLUSION_OUTSIDE_PARCEL',
      `Exclusion ${i} lies ${gap.toFixed(2)} m outside the parcel (beyond its ${bufferM} m buffer): it cannot constrain the placement`,
      `/exclusions/${i}/geometry`,
      'Give the exclusion in the same CRS as the parcel, check the coordinate order (x, y), or remove it.',
    );
  }
}

/** Outward unit normal of edge a->b of a ring with the given orientation (+1 counter-clockwise). */
export function outwardNormal(a: Pt, b: Pt, orientation: 1 | -1): Pt {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  // The interior of a counter-clockwise ring lies to the left of each edge; outward is to the right.
  return [(orientation * dy) / len, (-orientation * dx) / len];
}

function edgeRules(inputs: SitefitV2Inputs, outer: Pt[], holes: Pt[][], orientation: 1 | -1): EdgeRule[] {
  const n = outer.length;
  const s = inputs.setbacks;
  const street = new Set<number>();
  (inputs.street?.edges ?? []).forEach((e, k) => {
    if (e >= n) {
      throw domainError(
        'EDGE_OUT_OF_RANGE',
        `The parcel has ${n} edges; street edge ${e} does not exist`,
        `/street/edges/${k}`,
        `Use 0..${n - 1} (edge i runs from position i to i+1 of the outer ring).`,
      );
    }
    street.add(e);
  });
  const custom = new Map<number, number>();
  s.edges.forEach((e, k) => {
    if (e.edge >= n) {
      throw domainError(
        'EDGE_OUT_OF_RANGE',
        `The parcel has ${n} edges; setback edge ${e.edge} does not exist`,
        `/setbacks/edges/${k}/edge`,
        `Use 0..${n - 1}.`,
      );
    }
    custom.set(e.edge, e.distance_m);
  });
  // Mean outward direction of the street edges (length-weighted): rear edges face away from it.
  let sx = 0;
  let sy = 0;
  for (const i of street) {
    const a = outer[i];
    const b = outer[(i + 1) % n];
    const nrm = outwardNormal(a, b, orientation);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    sx += nrm[0] * len;
    sy += nrm[1] * len;
  }
  const sl = Math.hypot(sx, sy);
  const rules: EdgeRule[] = [];
  for (let i = 0; i < n; i++) {
    const a = outer[i];
    const b = outer[(i + 1) % n];
    let cls: EdgeClass;
    let setback: number;
    if (custom.has(i)) {
      cls = 'custom';
      setback = custom.get(i)!;
    } else if (street.has(i)) {
      cls = 'front';
      setback = s.front_m ?? s.uniform_m;
    } else {
      const nrm = outwardNormal(a, b, orientation);
      const cos = sl > 0 ? (nrm[0] * sx + nrm[1] * sy) / sl : 1;
      if (sl > 0 && cos < Math.cos((135 * Math.PI) / 180)) {
        cls = 'rear';
        setback = s.rear_m ?? s.uniform_m;
      } else {
        cls = 'side';
        setback = s.side_m ?? s.uniform_m;
      }
    }
    rules.push({ index: i, a, b, setback, cls, street: street.has(i) });
  }
  for (const ring of holes) {
    for (let i = 0; i < ring.length; i++) {
      rules.push({
        index: -1,
        a: ring[i],
        b: ring[(i + 1) % ring.length],
        setback: s.uniform_m,
        cls: 'hole',
        street: false,
      });
    }
  }
  return rules;
}

/** The allowed region as polygons with holes, in local metres. */
export function allowedPolygons(site: Site): Pt[][][] {
  return components(site.allowed).map((poly) =>
    poly.map((path) => path.map((p) => [p.x / 1000, p.y / 1000] as Pt)),
  );
}
