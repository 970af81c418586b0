// The domain rules the public API runs before it queues a sitefit job: cheap checks (ring validity, rotation
// range, CRS support) that would make the solve fail anyway, so a client hears 422 at once instead of from a
// failed job. The solvers run the same checks again; these are only the fast subset.
import { requireCrs } from './crs/index.ts';
import { checkPolygon, checkRing } from './geom/validate.ts';
import { rotationList, type SitefitV1Inputs } from './solve-v1.ts';

/** Throws SitefitDomainError (or UnsupportedCrsError) with a field pointer relative to the inputs. */
export function checkSitefitInputs(version: string, inputs: Record<string, unknown>): void {
  if (version === '1.0.0') {
    const v1 = inputs as unknown as SitefitV1Inputs;
    checkPolygon(v1.parcel?.coordinates, [], {
      outer: '/parcel/coordinates',
      hole: (i) => `/parcel/holes/${i}`,
    });
    checkRing(v1.house?.coordinates, '/house/coordinates', 'house');
    rotationList(v1.rotation);
    return;
  }
  // 2.x accepts GeoJSON and several shapes per field; its solver checks those. The CRS is decided here.
  if (typeof inputs.crs === 'string') requireCrs(inputs.crs, '/crs');
}
