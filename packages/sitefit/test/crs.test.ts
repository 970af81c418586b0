// CRS support: definitions, reprojection round trips, the working frame for EPSG:4326 and grid convergence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  azimuthDiffDeg,
  describeCrs,
  gridBearingDeg,
  gridConvergenceDeg,
  isSupportedCrs,
  reprojectPoint,
  requireCrs,
  trueAzimuthDeg,
  UnsupportedCrsError,
  utmZoneCode,
  workingFrame,
} from '../src/crs/index.ts';

const DEG = Math.PI / 180;

describe('supported CRS codes', () => {
  it('accepts 5514, 4326 and the 120 UTM zones, nothing else', () => {
    for (const c of [
      'EPSG:5514',
      'EPSG:4326',
      'EPSG:32601',
      'EPSG:32633',
      'EPSG:32660',
      'EPSG:32734',
      'epsg:32633',
    ]) {
      assert.ok(isSupportedCrs(c), c);
    }
    for (const c of [
      'EPSG:3857',
      'EPSG:32600',
      'EPSG:32661',
      'EPSG:32700',
      'EPSG:2065',
      'EPSG:102067',
      'WGS84',
      '',
    ]) {
      assert.equal(isSupportedCrs(c), false, c);
    }
    assert.equal(describeCrs('EPSG:32734')?.proj4.includes('+south'), true);
  });

  it('an unsupported CRS is a 422 UNSUPPORTED_CRS domain error at the field', () => {
    assert.throws(
      () => requireCrs('EPSG:3857'),
      (e: unknown) =>
        e instanceof UnsupportedCrsError &&
        e.code === 'UNSUPPORTED_CRS' &&
        e.status === 422 &&
        e.field === '/crs',
    );
    assert.throws(() => workingFrame('EPSG:9999', [0, 0], '/crs'), UnsupportedCrsError);
  });
});

describe('reprojection', () => {
  it('EPSG:5514 is Krovak East North (negative coordinates around Prague, within the 3-parameter shift)', () => {
    // Prague, Old Town Square, approximately: S-JTSK Y = 742 900, X = 1 043 000 (East North: both negated).
    const [x, y] = reprojectPoint('EPSG:4326', 'EPSG:5514', [14.4213, 50.0875]);
    assert.ok(Math.abs(x - -742_800) < 500, `x=${x}`);
    assert.ok(Math.abs(y - -1_043_000) < 500, `y=${y}`);
  });

  it('round trips 5514 and UTM through WGS 84 with less than 1 mm error', () => {
    const cases: [string, [number, number]][] = [
      ['EPSG:5514', [-742_850.123, -1_043_020.456]],
      ['EPSG:5514', [-470_000, -1_230_000]],
      ['EPSG:5514', [-905_000, -1_100_000]],
      ['EPSG:32633', [458_510.87, 5_548_798.47]],
      ['EPSG:32633', [700_000, 5_300_000]],
      ['EPSG:32734', [300_000, 7_000_000]],
    ];
    for (const [crs, p] of cases) {
      const ll = reprojectPoint(crs, 'EPSG:4326', p);
      const back = reprojectPoint('EPSG:4326', crs, ll);
      const err = Math.hypot(back[0] - p[0], back[1] - p[1]);
      assert.ok(err < 1e-3, `${crs} ${p}: ${err} m`);
    }
  });

  it('picks the UTM zone of a lon/lat', () => {
    assert.equal(utmZoneCode(14.42, 50.09), 'EPSG:32633');
    assert.equal(utmZoneCode(16.6, 49.2), 'EPSG:32633');
    assert.equal(utmZoneCode(-0.1, 51.5), 'EPSG:32630');
    assert.equal(utmZoneCode(18.4, -33.9), 'EPSG:32734');
    assert.equal(utmZoneCode(180, 0), 'EPSG:32601');
    assert.equal(utmZoneCode(-180, 0), 'EPSG:32601');
  });

  it('EPSG:4326 input gets a UTM working frame whose round trip loses < 1 mm (in metres)', () => {
    const f = workingFrame('EPSG:4326', [16.6068, 49.1951]);
    assert.equal(f.workingCrs, 'EPSG:32633');
    assert.equal(f.reprojected, true);
    const w = f.toWorking([16.6068, 49.1951]);
    const back = f.toWorking(f.toInput(w));
    assert.ok(Math.hypot(back[0] - w[0], back[1] - w[1]) < 1e-3);
    const s = workingFrame('EPSG:5514', [-742_850, -1_043_020]);
    assert.equal(s.workingCrs, 'EPSG:5514');
    assert.equal(s.reprojected, false);
    assert.deepEqual(s.toWorking([1, 2]), [1, 2]);
  });
});

describe('grid convergence', () => {
  it('UTM matches gamma = atan(tan(lon - lon0) sin(lat)) to 0.01 degree, positive east of the central meridian', () => {
    for (const [lon, lat] of [
      [14.42, 50.09],
      [17.9, 49.5],
      [12.1, 60.0],
      [15.0, 45.0],
      [13.0, 10.0],
    ]) {
      const crs = 'EPSG:32633'; // central meridian 15 E
      const p = reprojectPoint('EPSG:4326', crs, [lon, lat]);
      const expected = Math.atan(Math.tan((lon - 15) * DEG) * Math.sin(lat * DEG)) / DEG;
      const got = gridConvergenceDeg(crs, p);
      assert.ok(Math.abs(got - expected) < 0.01, `${lon},${lat}: ${got} vs ${expected}`);
      if (lon > 15) assert.ok(got > 0);
      if (lon < 15) assert.ok(got < 0);
    }
    // Southern hemisphere (zone 34S, central meridian 21 E): sin(lat) < 0 flips the sign west of it.
    const p = reprojectPoint('EPSG:4326', 'EPSG:32734', [19.5, -33.9]);
    const expected = Math.atan(Math.tan(-1.5 * DEG) * Math.sin(-33.9 * DEG)) / DEG;
    assert.ok(expected > 0);
    assert.ok(Math.abs(gridConvergenceDeg('EPSG:32734', p) - expected) < 0.01);
  });

  it('EPSG:5514 around Prague is about -7.8 degrees, shrinking in magnitude towards the east of Czechia', () => {
    const prague = reprojectPoint('EPSG:4326', 'EPSG:5514', [14.42, 50.09]);
    const g = gridConvergenceDeg('EPSG:5514', prague);
    assert.ok(g < -7 && g > -8.5, `Prague: ${g}`);
    const cheb = gridConvergenceDeg('EPSG:5514', reprojectPoint('EPSG:4326', 'EPSG:5514', [12.37, 50.08]));
    const ostrava = gridConvergenceDeg('EPSG:5514', reprojectPoint('EPSG:4326', 'EPSG:5514', [18.29, 49.83]));
    assert.ok(cheb < g && g < ostrava && ostrava < 0, `${cheb} ${g} ${ostrava}`);
    // Near the projection's axis (24.83 E) the convergence vanishes.
    const axis = gridConvergenceDeg('EPSG:5514', reprojectPoint('EPSG:4326', 'EPSG:5514', [24.83, 49.5]));
    assert.ok(Math.abs(axis) < 0.5, `${axis}`);
  });

  it('is consistent with conformality: true east has grid bearing 90 - gamma (independent check via an east step)', () => {
    for (const [crs, lon, lat] of [
      ['EPSG:5514', 14.42, 50.09],
      ['EPSG:5514', 17.0, 49.0],
      ['EPSG:32633', 17.9, 49.5],
    ] as const) {
      const a = reprojectPoint('EPSG:4326', crs, [lon - 1e-4, lat]);
      const b = reprojectPoint('EPSG:4326', crs, [lon + 1e-4, lat]);
      const bearingOfEast = Math.atan2(b[0] - a[0], b[1] - a[1]) / DEG;
      const p = reprojectPoint('EPSG:4326', crs, [lon, lat]);
      const g = gridConvergenceDeg(crs, p);
      assert.ok(
        Math.abs(azimuthDiffDeg(bearingOfEast, 90 - g)) < 0.01,
        `${crs}: ${bearingOfEast} vs ${90 - g}`,
      );
    }
  });

  it('converts between grid bearings and true azimuths (sign convention: true = grid + gamma)', () => {
    const p = reprojectPoint('EPSG:4326', 'EPSG:5514', [14.42, 50.09]);
    const g = gridConvergenceDeg('EPSG:5514', p);
    assert.ok(Math.abs(trueAzimuthDeg('EPSG:5514', p, 180) - (180 + g)) < 1e-9);
    assert.ok(Math.abs(gridBearingDeg('EPSG:5514', p, trueAzimuthDeg('EPSG:5514', p, 33)) - 33) < 1e-9);
    // The grid direction that really faces true south at Prague is about 7.8 degrees clockwise of grid south.
    assert.ok(Math.abs(gridBearingDeg('EPSG:5514', p, 180) - (180 - g)) < 1e-9);
    assert.equal(gridConvergenceDeg('EPSG:4326', [14, 50]), 0);
  });
});
