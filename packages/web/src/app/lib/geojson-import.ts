// Reads geometry a user drops, pastes or uploads: GeoJSON (Polygon with holes, MultiPolygon, Feature,
// FeatureCollection, Point, LineString) or a plain ring ([[x,y],...] or {coordinates: [[x,y],...]}).
// Pure (no DOM): unit-tested with node --test. Rings come back open (no repeated last position).

export type Pos = [number, number];
export type OpenRing = Pos[];

export type Shape =
  | { type: 'polygon'; rings: OpenRing[]; name?: string }
  | { type: 'point'; point: Pos; name?: string }
  | { type: 'line'; points: Pos[]; name?: string };

export class ImportError extends Error {}

function position(v: unknown, where: string): Pos {
  if (
    !Array.isArray(v) ||
    v.length < 2 ||
    !v.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n))
  )
    throw new ImportError(`${where} is not a position [x, y] of two numbers.`);
  return [v[0] as number, v[1] as number];
}

/** An open ring from closed or open positions; at least 3 distinct vertices. */
export function openRing(v: unknown, where: string): OpenRing {
  if (!Array.isArray(v)) throw new ImportError(`${where} is not a list of positions.`);
  const pts = v.map((p, i) => position(p, `${where}, position ${i}`));
  const last = pts[pts.length - 1];
  if (pts.length > 1 && last[0] === pts[0][0] && last[1] === pts[0][1]) pts.pop();
  if (pts.length < 3)
    throw new ImportError(`${where} has ${pts.length} distinct positions; a ring needs at least 3.`);
  return pts;
}

function isPositionList(v: unknown): boolean {
  return (
    Array.isArray(v) && v.length > 0 && Array.isArray(v[0]) && typeof (v[0] as unknown[])[0] === 'number'
  );
}

function nameOf(props: unknown): string | undefined {
  if (props && typeof props === 'object') {
    const p = props as Record<string, unknown>;
    for (const k of ['name', 'id', 'label', 'title']) if (typeof p[k] === 'string') return p[k] as string;
  }
  return undefined;
}

function fromGeometry(g: Record<string, unknown>, name: string | undefined, where: string): Shape[] {
  const c = g.coordinates;
  switch (g.type) {
    case 'Polygon': {
      if (!Array.isArray(c) || c.length === 0)
        throw new ImportError(`${where}: a Polygon needs at least one ring.`);
      return [{ type: 'polygon', rings: c.map((r, i) => openRing(r, `${where} ring ${i}`)), name }];
    }
    case 'MultiPolygon': {
      if (!Array.isArray(c)) throw new ImportError(`${where}: a MultiPolygon needs a list of polygons.`);
      return c.map((poly, k) => {
        if (!Array.isArray(poly)) throw new ImportError(`${where} polygon ${k} is not a list of rings.`);
        return {
          type: 'polygon' as const,
          rings: poly.map((r, i) => openRing(r, `${where} polygon ${k} ring ${i}`)),
          name,
        };
      });
    }
    case 'Point':
      return [{ type: 'point', point: position(c, `${where} point`), name }];
    case 'LineString': {
      if (!Array.isArray(c) || c.length < 2)
        throw new ImportError(`${where}: a LineString needs 2 positions.`);
      return [{ type: 'line', points: c.map((p, i) => position(p, `${where} position ${i}`)), name }];
    }
    case 'GeometryCollection': {
      const gs = g.geometries;
      if (!Array.isArray(gs)) throw new ImportError(`${where}: a GeometryCollection needs geometries.`);
      return gs.flatMap((x, i) => fromGeometry(x as Record<string, unknown>, name, `${where} geometry ${i}`));
    }
    default:
      throw new ImportError(`${where}: geometry type ${JSON.stringify(g.type)} is not supported.`);
  }
}

/** Every shape in a parsed JSON value. Throws ImportError with a human message naming what is wrong. */
export function shapesFromJson(v: unknown): Shape[] {
  if (isPositionList(v)) return [{ type: 'polygon', rings: [openRing(v, 'The ring')] }];
  if (Array.isArray(v) && v.length > 0 && isPositionList(v[0]))
    return [{ type: 'polygon', rings: v.map((r, i) => openRing(r, `Ring ${i}`)) }];
  if (!v || typeof v !== 'object') throw new ImportError('Expected GeoJSON or a ring [[x, y], ...].');
  const o = v as Record<string, unknown>;
  if (o.type === 'FeatureCollection') {
    if (!Array.isArray(o.features)) throw new ImportError('The FeatureCollection has no features list.');
    const out = o.features.flatMap((f, i) => {
      const feature = f as Record<string, unknown>;
      if (!feature?.geometry) return [];
      return fromGeometry(
        feature.geometry as Record<string, unknown>,
        nameOf(feature.properties),
        `Feature ${i}`,
      );
    });
    if (out.length === 0) throw new ImportError('The FeatureCollection has no geometry.');
    return out;
  }
  if (o.type === 'Feature') {
    if (!o.geometry || typeof o.geometry !== 'object') throw new ImportError('The Feature has no geometry.');
    return fromGeometry(o.geometry as Record<string, unknown>, nameOf(o.properties), 'The Feature');
  }
  if (typeof o.type === 'string') return fromGeometry(o, undefined, `The ${o.type}`);
  if ('coordinates' in o) return [{ type: 'polygon', rings: [openRing(o.coordinates, 'The ring')] }];
  throw new ImportError('Expected GeoJSON (Polygon, Feature, FeatureCollection) or a ring [[x, y], ...].');
}

/** Parses text (JSON) into shapes; the message of a syntax error says where. */
export function parseShapes(text: string): Shape[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`Not JSON: ${(e as Error).message}`);
  }
  return shapesFromJson(v);
}

/** Closes an open ring for the contract (the last position repeats the first). */
export function closeRing(r: OpenRing): Pos[] {
  return r.length ? [...r.map((p) => [p[0], p[1]] as Pos), [r[0][0], r[0][1]]] : [];
}
