// Ranked, distinct placements of a house in a region: the building block behind sitefit@1.0.0 (and the one
// contract 2.0.0 builds on). See ../../README.md for the method and its guarantees.
import { maxOf } from '../geom/arrays.ts';
import { clearance, houseInside } from '../geom/contain.ts';
import { placeRing } from '../geom/place.ts';
import { bounds, centroid, rotateAboutOrigin } from '../geom/ring.ts';
import type { Point, PolygonWithHoles, Ring } from '../geom/types.ts';
import { BranchAndBound, type Candidate, type LazyRotation, MIN_CLEARANCE } from './bnb.ts';
import { buildRotation, type RotationProblem, translationBox } from './rotation.ts';
import { houseWidths, hullWidths, widthBound } from './width-bound.ts';

export interface Placement {
  /** Rotation about the house centroid, degrees counter-clockwise. */
  rotationDeg: number;
  /** Contract translation applied after the rotation (metres). */
  translation: Point;
  /** Exact clearance: distance from the placed house to the region boundary (metres). */
  clearance: number;
  /** The placed house (open ring, world coordinates). */
  ring: Ring;
  /** True when the angle came from refinement between the requested rotations. */
  refined: boolean;
}

export interface SearchStats {
  rotations: number;
  /** Rotations whose inner-fit polygon was computed (0: the search classifies cells exactly without it). */
  ifpComputed: number;
  cells: number;
  refineEvaluations: number;
}

export interface SearchPlacementsOptions {
  /** Rotations to try (degrees); duplicates modulo the house's rotational symmetry are dropped. */
  rotations: readonly number[];
  maxResults: number;
  /** Breaks ties between equally good placements deterministically. */
  seed: number;
  signal?: AbortSignal;
  /** When set, the best angle is refined by golden-section search within ±step, clamped to [min, max]. */
  refine?: { min: number; max: number; step: number } | null;
  /**
   * Two placements are near-duplicates when |Δcentroid| + R·Δangle < separation (R: the house's largest
   * centroid-to-vertex distance; Δangle modulo its symmetry), an upper bound of how far any house point moves.
   * Default R/4.
   */
  separation?: number;
  /**
   * Which verified placements count as results (default: all). One that does not is still excluded around (the
   * separation rule) but not returned; the search stops after `maxResults` kept or `maxExamined` verified ones.
   * The first is always kept. 1.0.0 keeps the distinct ones (solve-v1.ts).
   */
  keep?: (p: Placement, kept: readonly Placement[]) => boolean;
  /** With `keep`: the most placements verified before the search stops (default maxResults). */
  maxExamined?: number;
  /** Optimality tolerance of the clearance (metres), default 1e-6. */
  precision?: number;
  /** Filled with counters when given. */
  stats?: SearchStats;
}

/** Smallest rotation (degrees) mapping the centred house onto itself, 360 when none. */
export function symmetryPeriod(centred: Ring, radius: number): number {
  const tol = 1e-9 * Math.max(1, radius);
  for (const k of [8, 6, 5, 4, 3, 2]) {
    // A k-fold symmetry permutes the vertices in orbits of k (one fixed at most: the centroid), a cheap filter.
    if (centred.length % k > 1) continue;
    const rot = rotateAboutOrigin(centred, 360 / k);
    if (rot.every(([x, y]) => centred.some(([u, v]) => Math.abs(u - x) <= tol && Math.abs(v - y) <= tol)))
      return 360 / k;
  }
  return 360;
}

/** Added to the width bound before it caps cells or skips rotations: far above its rounding (metres). */
const CAP_SLACK = 1e-9;

/** Rotations per group sharing cells (see BranchAndBound.addGroup). */
const GROUP = 3;

/** The probes beside the best angle are this fraction of the rotation step away. */
const PROBE_FRACTION = 50;

/** Golden-section steps when refining an angle: the bracket shrinks to 0.618^(n+2) of ±step (~4% at 6). */
const REFINE_ITERATIONS = 6;

function angleGap(a: number, b: number, period: number): number {
  const d = (((a - b) % period) + period) % period;
  return Math.min(d, period - d);
}

/**
 * Searches the placements of `house` (open ring, world coordinates) inside `region` (one polygon with holes, or
 * several disjoint ones) maximising the clearance, and returns up to maxResults of them that are pairwise not
 * near-duplicates, best first, each verified exactly (containment by robust predicates, clearance by exact
 * point-segment distances on the reported transform). Rejects with signal.reason when aborted.
 */
export async function searchPlacements(
  region: PolygonWithHoles | readonly PolygonWithHoles[],
  house: Ring,
  opts: SearchPlacementsOptions,
): Promise<Placement[]> {
  if (opts.maxResults <= 0) return [];
  const regions: readonly PolygonWithHoles[] = Array.isArray(region) ? region : [region as PolygonWithHoles];
  const [ox, oy] = bounds(regions.map((p) => p.outer));
  const origin: Point = [ox, oy];
  const local = regions.map((p) => ({
    outer: p.outer.map(([x, y]) => [x - ox, y - oy] as Point),
    holes: p.holes.map((h) => h.map(([x, y]) => [x - ox, y - oy] as Point)),
  }));
  const c = centroid(house);
  const centred = house.map(([x, y]) => [x - c[0], y - c[1]] as Point);
  const radius = maxOf(centred, ([x, y]) => Math.sqrt(x * x + y * y));
  const period = symmetryPeriod(centred, radius);
  const separation = opts.separation ?? radius / 4;
  const rule: Separation = { separation, radius, period };
  const precision = opts.precision ?? 1e-6;
  const { signal, seed } = opts;
  const search = new BranchAndBound({ precision, seed, signal });
  const stats: SearchStats = { rotations: 0, ifpComputed: 0, cells: 0, refineEvaluations: 0 };

  const widths = hullWidths(local);
  const houseW = houseWidths(centred);
  /** The rotation's width bound, or null when no placement with the minimum clearance can exist there. */
  const capAt = (deg: number): number | null => {
    const cap = widthBound(widths, houseW, deg);
    return cap < MIN_CLEARANCE - CAP_SLACK ? null : cap + CAP_SLACK;
  };
  // Accepted placements [deg, x, y] (local frame): a rotation built later gets their exclusion discs too.
  const accepted: number[] = [];
  const build = (deg: number, cap: number): RotationProblem => {
    const rot = buildRotation(id++, deg, local, centred);
    rot.cap = cap;
    for (let i = 0; i < accepted.length; i += 3)
      excludeAround([rot], accepted[i], accepted[i + 1], accepted[i + 2], rule);
    return rot;
  };
  // Rotations equal modulo the house's symmetry (to 1e-7°) are searched once.
  const seen = new Set<number>();
  const kept: [number, number][] = [];
  let id = 0;
  for (const deg of opts.rotations) {
    const key = Math.round((((deg % period) + period) % period) * 1e7) % Math.round(period * 1e7);
    if (seen.has(key)) continue;
    seen.add(key);
    stats.rotations++;
    const cap = capAt(deg);
    if (cap !== null) kept.push([deg, cap]);
  }
  // Groups of three consecutive rotations share the middle one's cells until that no longer bounds the others
  // (BranchAndBound.addGroup); the slack is what the house's farthest point moves between them.
  const lazy = (deg: number, cap: number): LazyRotation => ({
    deg,
    cap,
    box: translationBox(local, rotateAboutOrigin(centred, deg)),
    build: () => build(deg, cap),
  });
  for (let g = 0; g < kept.length; g += GROUP) {
    if (signal?.aborted) throw signal.reason;
    const members = kept.slice(g, g + GROUP);
    const [deg, cap] = members[Math.floor((members.length - 1) / 2)];
    const extras = members.filter((m) => m[0] !== deg).map(([d, k]) => lazy(d, k));
    const spread = maxOf(extras, (e) => angleGap(e.deg, deg, period), 0);
    search.addGroup(build(deg, cap), extras, (radius * spread * Math.PI) / 180);
    await search.checkpoint();
  }
  const refinedIds = new Set<number>();
  let first = await search.best();
  if (first && opts.refine) {
    const better = await refineAngle(first, opts.refine, {
      capAt,
      precision,
      seed,
      signal,
      local,
      centred,
      stats,
      nextId: () => id++,
    });
    if (better) {
      for (const r of better.rotations) refinedIds.add(r.id);
      search.adopt(better);
      first = await search.best();
    }
  }

  const out: Placement[] = [];
  const maxExamined = Math.max(opts.maxResults, opts.maxExamined ?? opts.maxResults);
  let examined = 0;
  const more = () => out.length < opts.maxResults && examined < maxExamined;
  let cand = first;
  while (cand && more()) {
    const placed = toPlacement(cand, c, origin, house, regions, refinedIds.has(cand.rot.id));
    if (placed) {
      examined++;
      if (out.length === 0 || !opts.keep || opts.keep(placed, out)) out.push(placed);
      accepted.push(cand.rot.deg, cand.x, cand.y);
      excludeAround(search.rotations, cand.rot.deg, cand.x, cand.y, rule);
    } else {
      // Verification failed. Not expected (cells are classified exactly near contacts and placements keep at
      // least 1 mm of clearance), but a safety net: never offer this point again.
      cand.rot.excl.push(cand.x, cand.y, 1e-3);
    }
    cand = more() ? await search.best() : null;
  }
  stats.cells = search.evaluated;
  stats.ifpComputed = search.rotations.filter((r) => r.ifpReady).length;
  if (opts.stats) Object.assign(opts.stats, stats);
  out.sort((p, q) => q.clearance - p.clearance);
  return out;
}

/** What the angle refinement needs of searchPlacements' state. */
interface RefineContext {
  /** The width bound of an angle, or null when nothing with the minimum clearance fits there. */
  capAt: (deg: number) => number | null;
  precision: number;
  seed: number;
  signal?: AbortSignal;
  /** The region (local frame) and the house centred on its centroid. */
  local: readonly PolygonWithHoles[];
  centred: Ring;
  stats: SearchStats;
  nextId: () => number;
}

/**
 * Angle refinement (README, method step 6): probes step/50 either side of the best sampled angle tell which way
 * the clearance grows; where neither side gains the angle is a local maximum and nothing more is tried, else a
 * golden-section search over the gaining side (up to one step, clamped to [min, max]). Returns the search of the
 * best angle found when it beats `first`, for searchPlacements to adopt, else null.
 */
async function refineAngle(
  first: Candidate,
  range: { min: number; max: number; step: number },
  ctx: RefineContext,
): Promise<BranchAndBound | null> {
  const { min, max, step } = range;
  const { capAt, precision, seed, signal, stats } = ctx;
  const at = first.rot.deg;
  const trial = async (raw: number): Promise<[BranchAndBound | null, Candidate | null, number]> => {
    // Refined angles are kept to 1e-4° so the reported rotation is a readable number (and exactly the one
    // searched and verified). Trials only rank angles, to 1 mm; the main search then refines the winner.
    const deg = Math.round(raw * 1e4) / 1e4;
    const cap = capAt(deg);
    // An angle whose width bound cannot beat the best so far is not searched; its bound ranks it.
    const target = bestTrial?.[1].clearance ?? first.clearance;
    if (cap === null || cap <= target + precision) return [null, null, cap ?? Number.NEGATIVE_INFINITY];
    const s = new BranchAndBound({ precision: Math.max(precision, 1e-3), seed, signal });
    const rot = buildRotation(ctx.nextId(), deg, ctx.local, ctx.centred);
    rot.cap = cap;
    s.add(rot);
    stats.refineEvaluations++;
    const r = await s.best();
    return [s, r, r?.clearance ?? Number.NEGATIVE_INFINITY];
  };
  let bestTrial: [BranchAndBound, Candidate] | null = null;
  const consider = ([s, cand, value]: [BranchAndBound | null, Candidate | null, number]): number => {
    if (s && cand && cand.clearance > (bestTrial?.[1].clearance ?? first.clearance) + precision)
      bestTrial = [s, cand];
    return value;
  };
  // Which way does the clearance grow? A probe just beside the best angle on each side: where neither
  // gains, the sampled angle is a local maximum (a bracket end, or a symmetric fit) and the search stops;
  // otherwise only the side that gains is bracketed.
  const probe = step / PROBE_FRACTION;
  const up = at + probe <= max ? consider(await trial(at + probe)) : Number.NEGATIVE_INFINITY;
  const down = at - probe >= min ? consider(await trial(at - probe)) : Number.NEGATIVE_INFINITY;
  const lo = down > first.clearance + precision ? Math.max(min, at - step) : at;
  const hi = up > first.clearance + precision ? Math.min(max, at + step) : at;
  // Golden-section search for a local maximum of the best clearance as a function of the angle.
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = b > a ? consider(await trial(x1)) : Number.NEGATIVE_INFINITY;
  let f2 = b > a ? consider(await trial(x2)) : Number.NEGATIVE_INFINITY;
  for (let i = 0; i < REFINE_ITERATIONS && b - a > 0.01; i++) {
    if (f1 >= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = consider(await trial(x1));
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = consider(await trial(x2));
    }
  }
  return bestTrial ? (bestTrial as [BranchAndBound, Candidate])[0] : null;
}

/** What makes two placements near-duplicates (see SearchPlacementsOptions.separation). */
interface Separation {
  separation: number;
  radius: number;
  period: number;
}

/** Exclusion discs around an accepted placement: in each rotation, the translations that would near-duplicate it. */
function excludeAround(
  rotations: readonly RotationProblem[],
  deg: number,
  x: number,
  y: number,
  s: Separation,
): void {
  for (const r of rotations) {
    const rho = s.separation - (s.radius * angleGap(r.deg, deg, s.period) * Math.PI) / 180;
    if (rho > 0) r.excl.push(x, y, rho);
  }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function toPlacement(
  cand: Candidate,
  c: Point,
  origin: Point,
  house: Ring,
  regions: readonly PolygonWithHoles[],
  refined: boolean,
): Placement | null {
  // Contract translation: the centroid moves from c to origin + u.
  const tx = round6(origin[0] + cand.x - c[0]);
  const ty = round6(origin[1] + cand.y - c[1]);
  const deg = cand.rot.deg;
  const ring = placeRing(house, deg, tx, ty);
  const inside = regions.find((p) => houseInside(ring, p));
  if (!inside) return null;
  let d = Number.POSITIVE_INFINITY;
  for (const p of regions) d = Math.min(d, clearance(ring, p, origin));
  return { rotationDeg: deg, translation: [tx, ty], clearance: d, ring, refined };
}

/**
 * Does placement p differ from every one of `kept` by at least `angleDeg` of rotation (modulo the house's
 * symmetry `period`) or `distance` between centroids (translations differ by the same vector)?
 */
export function isDistinct(
  p: Placement,
  kept: readonly Placement[],
  rule: { distance: number; angleDeg: number; period: number },
): boolean {
  return !kept.some(
    (q) =>
      angleGap(p.rotationDeg, q.rotationDeg, rule.period) < rule.angleDeg &&
      Math.hypot(p.translation[0] - q.translation[0], p.translation[1] - q.translation[1]) < rule.distance,
  );
}
