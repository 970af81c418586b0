// The domain rules the public API runs before it queues a sitefit job, so a client hears 422 at once instead
// of from a failed job: coordinate sanity, the CRS, every geometry rule that needs no search (rings closed and
// simple, holes inside and apart, edge indices, exclusions near the parcel), the rotation range, and the work
// estimate against the manifest's max_work. The solvers run the same checks again.
import { checkCoordinates, checkEpsgCode } from './coordinates.ts';
import { requireCrs } from './crs/index.ts';
import { checkPolygon, checkRing } from './geom/validate.ts';
import { checkWork, WORK_CAPS } from './limits.ts';
import { rotationList, type SitefitV1Inputs } from './solve-v1.ts';
import { preflightV2 } from './v2/solve.ts';

export interface CheckLimits {
  /** The manifest's max_work; the package's WORK_CAPS when missing. */
  maxWork?: number;
}

/** Throws SitefitDomainError (or UnsupportedCrsError) with a field pointer relative to the inputs. */
export function checkSitefitInputs(
  version: string,
  inputs: Record<string, unknown>,
  limits: CheckLimits = {},
): void {
  const maxWork = typeof limits.maxWork === 'number' ? limits.maxWork : WORK_CAPS[version];
  if (version === '1.0.0') {
    const v1 = inputs as unknown as SitefitV1Inputs;
    checkEpsgCode(v1.crs);
    checkCoordinates(inputs, v1.crs);
    checkPolygon(v1.parcel?.coordinates, [], {
      outer: '/parcel/coordinates',
      hole: (i) => `/parcel/holes/${i}`,
    });
    checkRing(v1.house?.coordinates, '/house/coordinates', 'house');
    rotationList(v1.rotation);
    checkWork(version, inputs, maxWork);
    return;
  }
  if (typeof inputs.crs === 'string') requireCrs(inputs.crs, '/crs');
  checkCoordinates(inputs, String(inputs.crs));
  preflightV2(inputs);
  checkWork(version, inputs, maxWork);
}
