// A local metric frame for drawing and 3D: metres east/north of an origin. Projected CRSs are already metric
// (only the origin is removed, which keeps float32 precision in glTF); EPSG:4326 gets a local equirectangular
// approximation, which is well under a centimetre off across a building parcel.
import { gridConvergenceDeg } from '../crs/convergence.ts';
import { isSupportedCrs } from '../crs/definitions.ts';
import type { Position } from './placement.ts';
import type { Scene } from './types.ts';

const R = 6_371_008.8; // mean Earth radius, m

export interface LocalFrame {
  origin: Position;
  toLocal(p: readonly number[]): Position;
  /** Angle (degrees, clockwise) from the frame's up (+y) to true north. */
  trueNorthDeg: number;
}

export function localFrame(scene: Scene): LocalFrame {
  const ring = scene.parcel[0];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const origin: Position = [(minX + maxX) / 2, (minY + maxY) / 2];
  if (scene.geographic) {
    const k = Math.cos((origin[1] * Math.PI) / 180);
    const d = (Math.PI / 180) * R;
    return {
      origin,
      toLocal: (p) => [(p[0] - origin[0]) * d * k, (p[1] - origin[1]) * d],
      trueNorthDeg: 0,
    };
  }
  // Grid north is up; true north is at grid bearing -gamma.
  const gamma = isSupportedCrs(scene.crs) ? gridConvergenceDeg(scene.crs, origin) : 0;
  return { origin, toLocal: (p) => [p[0] - origin[0], p[1] - origin[1]], trueNorthDeg: -gamma };
}
