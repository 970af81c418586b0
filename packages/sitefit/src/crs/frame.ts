// The working frame of a solve: the metric CRS the geometry is computed in, and the way back to the input CRS.
import { gridConvergenceDeg } from './convergence.ts';
import { converter, requireCrs, utmZoneCode, type XY } from './reproject.ts';

export interface WorkingFrame {
  /** The CRS the inputs were given in (normalised code). */
  inputCrs: string;
  /** The metric CRS the solver works in: the input CRS itself, or a UTM zone for EPSG:4326 input. */
  workingCrs: string;
  reprojected: boolean;
  toWorking(p: XY): [number, number];
  toInput(p: XY): [number, number];
  /** Grid convergence of the working CRS at a working-CRS point (see convergence.ts for the sign). */
  convergenceDeg(p: XY): number;
}

/**
 * Builds the frame for inputs in `inputCrs`. `anchor` is any input-CRS point of the site (e.g. the first parcel
 * vertex); it picks the UTM zone for geographic input. Unsupported codes throw UNSUPPORTED_CRS at `field`.
 */
export function workingFrame(inputCrs: string, anchor: XY, field = '/crs'): WorkingFrame {
  const input = requireCrs(inputCrs, field);
  const workingCrs = input.kind === 'geographic' ? utmZoneCode(anchor[0], anchor[1]) : input.code;
  const c = converter(input.code, workingCrs);
  return {
    inputCrs: input.code,
    workingCrs,
    reprojected: workingCrs !== input.code,
    toWorking: c.forward,
    toInput: c.inverse,
    convergenceDeg: (p) => gridConvergenceDeg(workingCrs, p),
  };
}
