// Stage 2 of the 2.0.0 solver (./solve.ts): candidate translations, rotation by rotation. Per rotation the
// inner-fit polygon of the house in the allowed region (or, for a large non-convex region, the exact search
// without one), then the largest-clearance point (branch and bound), points pulled 5 mm inside the IFP corners
// and a grid at grid_step; each candidate keeps its rotation's id, angle and house only (the rotation's IFP and
// contact segments are dropped when the next rotation starts).

import { nearlyConvexKernel } from '../geom/halfplane.ts';
import { cleanRing, orientRing } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { type Cand, type CandRotation, pause, placed } from './candidates.ts';
import { components, fromPath64 } from './clip.ts';
import { facadeBearing0, facadeEdgeAngle0, normDeg, orientation, streetMeasure } from './kpis.ts';
import {
  bestClearance,
  buildV2Rotation,
  buildV2RotationDirect,
  clearanceAt,
  ifpBoxes,
  insideIfp,
} from './rotation.ts';
import type { Site } from './site.ts';
import type { SitefitV2Inputs } from './types.ts';

/** Grid candidates per rotation are capped; a coarser grid is used beyond this. */
const MAX_GRID_POINTS = 200;
/** Grid candidates over all rotations (72 rotations x 200 at the defaults); never fewer than MIN_GRID_POINTS. */
const GRID_BUDGET = 14_400;
const MIN_GRID_POINTS = 24;
/** IFP corner candidates per rotation (every k-th vertex beyond this). */
const MAX_CORNERS = 48;
/** Corners are pulled this far inside the IFP: a corner itself touches a constraint (and rounds to 1 mm). */
const CORNER_INSET = 0.005;
/** Candidates closer than this to the IFP boundary are skipped: the 1 mm Clipper grid may misclassify them. */
const CLASSIFY_MARGIN = 0.002;
/**
 * Non-convex regions with more vertices than this are searched without inner-fit polygons (see
 * buildV2RotationDirect): no IFP corner candidates, the rest exact. Below it the Clipper IFP is cheap.
 */
export const DIRECT_MIN_VERTICES = 400;
/** A region component within this distance (metres) of its convex kernel is searched as that kernel. */
const KERNEL_TOL = 0.01;
function mix(a: number): number {
  let h = a | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function regionPolygons(site: Site): PolygonWithHoles[] {
  return components(site.allowed).map((poly) => ({
    outer: orientRing(cleanRing(fromPath64(poly[0])), true),
    holes: poly.slice(1).map((h) => orientRing(cleanRing(fromPath64(h)), false)),
  }));
}

/**
 * Convex stand-ins for the region's components when each is within KERNEL_TOL of convex (then a placement
 * loses at most that much clearance, and never leaves the region), else null (the Clipper inner-fit is used).
 */
function convexKernels(region: readonly PolygonWithHoles[]): Ring[] | null {
  const out: Ring[] = [];
  for (const p of region) {
    if (p.holes.length > 0) return null;
    const k = nearlyConvexKernel(p.outer, KERNEL_TOL);
    if (!k) return null;
    out.push(k);
  }
  return out;
}

/**
 * Every candidate of every rotation, scored later (./select.ts). `convergence` turns grid bearings into true
 * azimuths for the orientation KPI. Yields to the event loop every 20 ms and stops when `signal` aborts.
 */
export async function collectCandidates(
  site: Site,
  inputs: SitefitV2Inputs,
  region: PolygonWithHoles[],
  rotations: readonly number[],
  convergence: number,
  signal?: AbortSignal,
): Promise<Cand[]> {
  const kernels = convexKernels(region);
  const regionVertices = region.reduce(
    (n, p) => n + p.outer.length + p.holes.reduce((h, r) => h + r.length, 0),
    0,
  );
  const direct = kernels === null && regionVertices > DIRECT_MIN_VERTICES;
  const houseCentred = cleanRing(
    site.house.map(([x, y]) => [x - site.houseCentroid[0], y - site.houseCentroid[1]] as Point),
  );
  const bearing0 = facadeBearing0(site);
  const edgeAngle0 = facadeEdgeAngle0(site);
  const preferred = normDeg(180 + inputs.orientation.offset_from_south_deg);
  const step = inputs.grid_step;
  const cands: Cand[] = [];

  // The grid budget is shared by all rotations (fine steps get coarser grids), so candidates stay bounded.
  const gridCap = Math.max(
    MIN_GRID_POINTS,
    Math.min(MAX_GRID_POINTS, Math.floor(GRID_BUDGET / rotations.length)),
  );
  let rotId = 0;
  let last = performance.now();
  for (const deg of rotations) {
    if (performance.now() - last > 20) {
      await pause(signal);
      last = performance.now();
    }
    signal?.throwIfAborted();
    const rot = direct
      ? buildV2RotationDirect(rotId++, deg, region, houseCentred)
      : buildV2Rotation(rotId++, deg, region, houseCentred, kernels);
    if (!direct && rot.ifp.length === 0) continue;
    const o = orientation(bearing0, deg, convergence, preferred);
    const slim: CandRotation = { id: rot.id, deg: rot.deg, house: rot.house };
    const add = (x: number, y: number, clear: number, source: Cand['source']) => {
      const house = placed(slim, x, y);
      const street = inputs.street ? streetMeasure(site, house, edgeAngle0 + deg) : null;
      cands.push({
        rot: slim,
        x,
        y,
        clear,
        source,
        sun: o.sun,
        facadeAzimuth: o.facadeAzimuth,
        deviation: o.deviation,
        street,
        kpis: { clearance: 0, sun: o.sun, garden: 0, access: 0, alignment: 0 },
        garden: null,
        score: 0,
        key: mix(inputs.seed * 2654435761 + rot.id * 40503 + cands.length),
      });
    };
    // The largest-clearance translation of this rotation.
    const best = await bestClearance(rot, signal);
    if (direct && !best) continue; // nothing feasible with the minimum clearance at this rotation
    if (best && best.clearance > CLASSIFY_MARGIN) add(best.x, best.y, best.clearance, 'max-clearance');
    // IFP corners, pulled inside along the corner's bisector.
    for (const poly of rot.ifp) {
      const ring = poly.outer;
      const n = ring.length;
      const every = Math.max(1, Math.ceil(n / MAX_CORNERS));
      for (let i = 0; i < n; i += every) {
        const p = ring[(i - 1 + n) % n];
        const c = ring[i];
        const q = ring[(i + 1) % n];
        const l1 = Math.hypot(c[0] - p[0], c[1] - p[1]) || 1;
        const l2 = Math.hypot(q[0] - c[0], q[1] - c[1]) || 1;
        // Left normals of the two edges (the interior of a counter-clockwise ring is on the left).
        let bx = -(c[1] - p[1]) / l1 - (q[1] - c[1]) / l2;
        let by = (c[0] - p[0]) / l1 + (q[0] - c[0]) / l2;
        const bl = Math.hypot(bx, by);
        if (bl < 1e-9) continue;
        bx /= bl;
        by /= bl;
        const x = c[0] + bx * CORNER_INSET;
        const y = c[1] + by * CORNER_INSET;
        const clear = clearanceAt(rot, x, y);
        if (clear > CLASSIFY_MARGIN && insideIfp(rot, x, y)) add(x, y, clear, 'corner');
      }
    }
    // A grid on the global lattice of grid_step (coarsened when the IFP is large).
    for (const [x0, y0, x1, y1] of ifpBoxes(rot)) {
      const count = ((x1 - x0) / step + 1) * ((y1 - y0) / step + 1);
      const s = count > gridCap ? step * Math.ceil(Math.sqrt(count / gridCap)) : step;
      for (let gx = Math.ceil(x0 / s) * s; gx <= x1; gx += s) {
        for (let gy = Math.ceil(y0 / s) * s; gy <= y1; gy += s) {
          if (!insideIfp(rot, gx, gy)) continue;
          const clear = clearanceAt(rot, gx, gy);
          if (clear > CLASSIFY_MARGIN) add(gx, gy, clear, 'grid');
        }
      }
    }
  }

  return cands;
}
