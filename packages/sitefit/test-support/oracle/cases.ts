// The hard cases shared by the tests and the benchmark (closed rings, contract coordinates).

export interface SitefitCase {
  name: string;
  parcel: number[][];
  holes: number[][][];
  house: number[][];
  /** What the case exercises. */
  note: string;
}

const close = (r: number[][]): number[][] => [...r, r[0]];
/** The closed w x h rectangle with a corner at the origin. */
const rect = (w: number, h: number): number[][] =>
  close([
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ]);
const shift = (r: number[][], dx: number, dy: number) => r.map(([x, y]) => [x + dx, y + dy]);

/** A deterministic irregular parcel of n vertices (star-shaped, hence simple), radii between about 18 and 34 m. */
export function irregularParcel(n: number, seed = 7): number[][] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = 26 + 5 * Math.sin(3 * t) + 3 * Math.cos(7 * t) + 4 * (rnd() - 0.5);
    pts.push([
      Math.round(r * Math.cos(t) * 1000) / 1000 + 40,
      Math.round(r * Math.sin(t) * 1000) / 1000 + 40,
    ]);
  }
  return close(pts);
}

const L_PARCEL = [
  [0, 0],
  [30, 0],
  [30, 12],
  [12, 12],
  [12, 30],
  [0, 30],
];
const L_HOUSE = [
  [0, 0],
  [10, 0],
  [10, 4],
  [4, 4],
  [4, 10],
  [0, 10],
];
/** A real S-JTSK (EPSG:5514) location: negative easting/northing around -740 km, -1040 km. */
export const SJTSK_SHIFT: [number, number] = [-740123.456, -1040456.789];

export const CASES: SitefitCase[] = [
  {
    name: 'typical',
    parcel: rect(20, 30),
    holes: [],
    house: rect(10, 8),
    note: 'the contract example (typical.json)',
  },
  {
    name: 'l-house-l-parcel',
    parcel: close(L_PARCEL),
    holes: [],
    house: close(L_HOUSE),
    note: 'L-shaped house on an L-shaped parcel',
  },
  {
    name: 'narrow-notch',
    parcel: close([
      [0, 0],
      [30, 0],
      [30, 20],
      [15.2, 20],
      [15.2, 6],
      [14.8, 6],
      [14.8, 20],
      [0, 20],
    ]),
    holes: [],
    house: rect(10, 8),
    note: 'a 0.4 m notch cut 14 m into the parcel: sampled containment accepts houses across it',
  },
  {
    name: 'parcel-with-hole',
    parcel: rect(40, 30),
    holes: [
      close([
        [17, 12],
        [17, 18],
        [23, 18],
        [23, 12],
      ]),
    ],
    house: rect(10, 8),
    note: 'a 6 x 6 m hole in the middle of the parcel',
  },
  {
    name: 'irregular-40',
    parcel: irregularParcel(40),
    holes: [],
    house: rect(12, 9),
    note: '40-vertex irregular parcel',
  },
  {
    name: 'tight-strip',
    parcel: rect(60, 10.4),
    holes: [],
    house: rect(10, 10),
    note: 'a 10 m square house in a 10.4 m strip: the optimum (0.2 m) is a 50 m segment',
  },
  {
    name: 's-jtsk',
    parcel: close(shift(L_PARCEL, ...SJTSK_SHIFT)),
    holes: [],
    house: close(shift(L_HOUSE, SJTSK_SHIFT[0] + 3, SJTSK_SHIFT[1] + 5)),
    note: 'the L case at S-JTSK magnitudes (-740 km, -1040 km)',
  },
  {
    name: 'house-too-large',
    parcel: rect(20, 30),
    holes: [],
    house: rect(24, 22),
    note: 'a house that fits nowhere',
  },
];
