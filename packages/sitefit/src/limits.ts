// Bounds on what one solve may cost, checked before a job is queued (and again by the solvers), so every
// accepted input finishes within its aim on the 2-core reference machine instead of timing out in the worker:
// sitefit@1.0.0 <= 10 s, sitefit@2.0.0 <= 30 s (the manifests' timeout_sec is 240 s).
//
// The work estimate is `rotations x (per-rotation setup + region vertices x house vertices) x (1 + rings / 4)`:
// every rotation builds contact segments between every region edge and house vertex (and vice versa), and
// every search cell tests the house against the region's edges, which dominates time and memory once the
// parcel has more than a few dozen vertices; the setup term covers a rotation's fixed cost (cells, candidate
// grid); rings (2.0.0: parcel holes and exclusions, each a hole in the allowed region) fragment the feasible
// set and multiply the cells a rotation needs. Region vertices count the parcel's rings, every exclusion's
// vertices plus ARC_VERTICES for its buffer's round ends, and, when setbacks apply, SETBACK_ARC_VERTICES per
// ring vertex (the bands' round caps). Measured (bench/sitefit.ts, stress set): about 1.3 µs per unit in
// 1.0.0 and 3-8 µs in 2.0.0, so the caps keep 1.0.0 under 10 s and 2.0.0 under 30 s.
import { SitefitDomainError } from './errors.ts';
import { rotationList } from './rotations.ts';
import type { SitefitV1Inputs } from './solve-v1.ts';
import { areaRings, exclusionShape, withDefaults } from './v2/inputs.ts';
import type { SitefitV2Inputs } from './v2/types.ts';

/** The caps (the manifests' `max_work`; the API passes the manifest's value, the solvers use these). */
export const WORK_CAPS: Readonly<Record<string, number>> = {
  '1.0.0': 7_000_000,
  '2.0.0': 6_000_000,
};

/** The per-rotation setup cost in work units. */
const ROTATION_SETUP: Readonly<Record<string, number>> = { '1.0.0': 1500, '2.0.0': 400 };

/** Region vertices counted for the round parts of one buffered exclusion. */
const ARC_VERTICES = 16;
/** Region vertices counted per ring vertex for the round caps of setback bands. */
const SETBACK_ARC_VERTICES = 8;

export interface WorkEstimate {
  /** Distinct rotations tried. */
  rotations: number;
  /** Region vertices (parcel rings, exclusions, setback caps). */
  regionVertices: number;
  houseVertices: number;
  /** Parcel holes and exclusions (2.0.0). */
  rings: number;
  /** rotations x (setup + regionVertices x houseVertices) x (1 + rings / 4). */
  work: number;
}

function positions(ring: readonly unknown[] | undefined): number {
  // Closed rings repeat their first position.
  return Array.isArray(ring) ? Math.max(0, ring.length - 1) : 0;
}

function v2Rotations(r: { min: number; max: number; step: number }): number {
  if (!(r.step > 0) || r.max < r.min) return 0;
  const n = Math.floor((r.max - r.min) / r.step + 1e-9) + 1;
  // 0 and 360 are one placement.
  return r.max - r.min >= 360 - 1e-9 && n > 1 ? n - 1 : n;
}

/** The work estimate of a solve (inputs after schema validation; defaults are filled in here). */
export function estimateWork(version: string, raw: Record<string, unknown>): WorkEstimate {
  if (version === '1.0.0') {
    const v1 = raw as unknown as SitefitV1Inputs;
    const r = v1.rotation ?? ({} as Partial<SitefitV1Inputs['rotation']>);
    const rotations = rotationList({ min: r.min ?? 0, max: r.max ?? 180, step: r.step ?? 5 }).length;
    const regionVertices = positions(v1.parcel?.coordinates);
    const houseVertices = positions(v1.house?.coordinates);
    return {
      rotations,
      regionVertices,
      houseVertices,
      rings: 0,
      work: rotations * (ROTATION_SETUP['1.0.0'] + regionVertices * houseVertices),
    };
  }
  const inputs = withDefaults(raw as unknown as SitefitV2Inputs);
  const parcel = areaRings(inputs.parcel);
  let regionVertices = 0;
  for (const r of parcel) regionVertices += positions(r);
  const s = inputs.setbacks;
  const anySetback =
    s.uniform_m > 0 ||
    (s.front_m ?? 0) > 0 ||
    (s.side_m ?? 0) > 0 ||
    (s.rear_m ?? 0) > 0 ||
    s.edges.some((e) => e.distance_m > 0);
  if (anySetback) regionVertices *= 1 + SETBACK_ARC_VERTICES;
  for (const e of inputs.exclusions) {
    const g = exclusionShape(e);
    if (g.type === 'Polygon') for (const r of g.coordinates) regionVertices += positions(r);
    else if (g.type === 'LineString') regionVertices += g.coordinates.length;
    else regionVertices += 1;
    if (e.buffer_m > 0) regionVertices += ARC_VERTICES;
  }
  const houseVertices = positions(areaRings(inputs.house)[0]);
  const rotations = v2Rotations(inputs.rotation);
  const rings = parcel.length - 1 + inputs.exclusions.length;
  return {
    rotations,
    regionVertices,
    houseVertices,
    rings,
    work: Math.round(
      rotations * (ROTATION_SETUP['2.0.0'] + regionVertices * houseVertices) * (1 + rings / 4),
    ),
  };
}

/**
 * Throws SitefitDomainError WORK_LIMIT_EXCEEDED (422) when the estimate is above the cap, naming the limit and
 * what to change: the largest rotation count (as the smallest step over the requested range) that fits, or the
 * most parcel vertices at the requested rotations.
 */
export function checkWork(version: string, inputs: Record<string, unknown>, cap = WORK_CAPS[version]): void {
  if (cap === undefined || !Number.isFinite(cap)) return;
  const est = estimateWork(version, inputs);
  if (est.work <= cap) return;
  const setup = ROTATION_SETUP[version] ?? 0;
  const ringFactor = 1 + est.rings / 4;
  const perRotation = (setup + est.regionVertices * est.houseVertices) * ringFactor;
  const maxRotations = Math.max(1, Math.floor(cap / perRotation));
  const r = (inputs.rotation ?? {}) as { min?: number; max?: number };
  const range = (r.max ?? (version === '1.0.0' ? 180 : 360)) - (r.min ?? 0);
  const minStep = Math.ceil((range / maxRotations) * 10) / 10;
  const maxVertices = Math.floor((cap / est.rotations / ringFactor - setup) / Math.max(1, est.houseVertices));
  const options = [`rotation.step >= ${minStep} (at most ${maxRotations} rotations over this range)`];
  if (maxVertices >= 3)
    options.push(`at most ${maxVertices} region vertices (parcel, exclusions, setback caps)`);
  if (est.rings > 0) options.push('fewer holes and exclusions');
  const err = new SitefitDomainError(
    'WORK_LIMIT_EXCEEDED',
    `The estimated work ${est.work} (${est.rotations} rotations x (${setup} + ${est.regionVertices} region vertices x ${est.houseVertices} house vertices) x (1 + ${est.rings} holes and exclusions / 4)) exceeds sitefit@${version}'s max_work ${cap}`,
    '/rotation/step',
    `Use ${options.join(', or ')}.`,
  );
  throw Object.assign(err, { limit: 'max_work', max: cap, actual: est.work });
}
