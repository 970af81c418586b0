// DXF (AutoCAD R12, ASCII) of the parcel, buildable area, exclusions and placements, for CAD users. R12 is the
// version every CAD program still reads: only HEADER and ENTITIES sections, POLYLINE/VERTEX/SEQEND, TEXT.
// Coordinates are the input CRS's for projected CRSs (absolute, so the drawing lands on the survey), and for
// EPSG:4326 metres east/north of the parcel's bounding-box centre (the origin is written in the header comment
// and as the drawing's $INSBASE). Layers: PARCEL, BUILDABLE, EXCLUSION, HOUSE (placement 1), OPTIONS (2..N),
// LABELS. Units: metres ($INSUNITS 6).

import type { Point as Position } from '../geom/types.ts';
import { localFrame } from './frame.ts';
import type { Artifact, Scene } from './types.ts';

/** Writes one group code / value pair per two lines, as DXF wants. */
class Dxf {
  readonly lines: string[] = [];
  pair(code: number, value: string | number): void {
    // Codes 60..99 are integers (flags, counts, units); 10..59 reals.
    const text =
      typeof value === 'string' ? value : code >= 60 && code < 100 ? String(Math.trunc(value)) : num(value);
    this.lines.push(String(code), text);
  }
}

/** Numbers with enough digits for millimetres at S-JTSK magnitudes, no exponent notation. */
function num(v: number): string {
  const s = v.toFixed(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '.0') : s;
}

function polyline(d: Dxf, layer: string, ring: readonly Position[]): void {
  const open =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
      ? ring.slice(0, -1)
      : ring;
  d.pair(0, 'POLYLINE');
  d.pair(8, layer);
  d.pair(66, 1); // vertices follow
  d.pair(10, 0);
  d.pair(20, 0);
  d.pair(30, 0);
  d.pair(70, 1); // closed
  for (const [x, y] of open) {
    d.pair(0, 'VERTEX');
    d.pair(8, layer);
    d.pair(10, x);
    d.pair(20, y);
    d.pair(30, 0);
  }
  d.pair(0, 'SEQEND');
  d.pair(8, layer);
}

function text(d: Dxf, layer: string, at: Position, height: number, value: string): void {
  d.pair(0, 'TEXT');
  d.pair(8, layer);
  d.pair(10, at[0]);
  d.pair(20, at[1]);
  d.pair(30, 0);
  d.pair(40, height);
  d.pair(1, value.replace(/[\r\n]/g, ' '));
}

function centre(ring: readonly Position[]): Position {
  let x = 0;
  let y = 0;
  const n = Math.max(1, ring.length - 1);
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}

/** The DXF text of a scene. */
export function sceneToDxf(scene: Scene): string {
  const frame = localFrame(scene);
  const map = scene.geographic
    ? (p: readonly number[]) => frame.toLocal(p)
    : (p: readonly number[]) => [p[0], p[1]] as Position;
  const ring = (r: readonly (readonly number[])[]) => r.map(map);
  const d = new Dxf();
  d.pair(
    999,
    `sitefit@${scene.version} ${scene.crs}${scene.geographic ? ` as metres east/north of lon ${frame.origin[0]} lat ${frame.origin[1]}` : ''}`,
  );
  d.pair(0, 'SECTION');
  d.pair(2, 'HEADER');
  d.pair(9, '$ACADVER');
  d.pair(1, 'AC1009');
  d.pair(9, '$INSUNITS');
  d.pair(70, 6);
  d.pair(9, '$INSBASE');
  d.pair(10, scene.geographic ? 0 : frame.origin[0]);
  d.pair(20, scene.geographic ? 0 : frame.origin[1]);
  d.pair(30, 0);
  d.pair(0, 'ENDSEC');
  d.pair(0, 'SECTION');
  d.pair(2, 'ENTITIES');
  for (const r of scene.parcel) polyline(d, 'PARCEL', ring(r));
  for (const poly of scene.buildable ?? []) for (const r of poly) polyline(d, 'BUILDABLE', ring(r));
  for (const z of scene.exclusions)
    for (const poly of z.area) for (const r of poly) polyline(d, 'EXCLUSION', ring(r));
  for (const p of scene.placements) {
    const fp = ring(p.footprint);
    polyline(d, p.rank === 1 ? 'HOUSE' : 'OPTIONS', fp);
    const setback = p.metrics.min_setback_m;
    text(
      d,
      'LABELS',
      centre(fp),
      0.8,
      `${p.rank}. ${p.id} rotation ${p.rotationDeg.toFixed(2)} deg${setback === undefined ? '' : `, nearest boundary ${setback.toFixed(2)} m`}`,
    );
  }
  d.pair(0, 'ENDSEC');
  d.pair(0, 'EOF');
  return `${d.lines.join('\r\n')}\r\n`;
}

export function dxfArtifact(scene: Scene): Artifact {
  return {
    kind: 'dxf',
    label: 'Parcel and placements (DXF R12)',
    filename: 'sitefit-plan.dxf',
    contentType: 'image/vnd.dxf',
    body: new TextEncoder().encode(sceneToDxf(scene)),
  };
}
