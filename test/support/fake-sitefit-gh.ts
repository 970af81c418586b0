// sitefit@1.0.0 as a Grasshopper definition on the fake Rhino.Compute: the parameters its bindings.json names,
// computed by the builtin sitefit solver behind the wire format (Parcel and House arrive as Polylines).
import { solveSitefitV1 } from '@kuduso/sitefit';
import type { FakeDefinition } from './fake-rhino-compute.ts';

const close = (ring: number[][]) => {
  const [a, b] = [ring[0], ring.at(-1)!];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
};

export const fakeSitefitGh: FakeDefinition = {
  inputs: [
    { name: 'CRS', type: 'Text' },
    { name: 'Parcel', type: 'Curve' },
    { name: 'House', type: 'Curve' },
    { name: 'RotMin', type: 'Number' },
    { name: 'RotMax', type: 'Number' },
    { name: 'RotStep', type: 'Number' },
    { name: 'GridStep', type: 'Number' },
    { name: 'Seed', type: 'Integer' },
    { name: 'MaxResults', type: 'Integer' },
  ],
  outputs: [{ name: 'Results', type: 'Text' }],
  async solve(i) {
    const outputs = await solveSitefitV1(
      {
        crs: i.CRS[0] as string,
        parcel: { coordinates: close(i.Parcel[0] as number[][]) },
        house: { coordinates: close(i.House[0] as number[][]) },
        rotation: { min: i.RotMin[0] as number, max: i.RotMax[0] as number, step: i.RotStep[0] as number },
        grid_step: i.GridStep[0] as number,
        seed: i.Seed[0] as number,
      },
      { maxResults: i.MaxResults[0] as number, now: new Date(0) },
    );
    return { Results: [JSON.stringify(outputs.results)] };
  },
};
