// Between the page's geometry (open rings, shapes) and OpenLayers geometries (closed rings).
import Feature from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import type { OpenRing, Pos, Shape } from './lib/geojson-import.ts';

export const closed = (r: OpenRing): Pos[] => (r.length ? [...r, r[0]] : []);
export const opened = (r: number[][]): OpenRing => {
  const pts = r.map((p) => [p[0], p[1]] as Pos);
  const last = pts[pts.length - 1];
  if (pts.length > 1 && last[0] === pts[0][0] && last[1] === pts[0][1]) pts.pop();
  return pts;
};

export function shapeGeometry(shape: Shape): Geometry {
  if (shape.type === 'point') return new Point(shape.point);
  if (shape.type === 'line') return new LineString(shape.points);
  return new Polygon(shape.rings.map(closed));
}

export function geometryShape(g: Geometry | undefined, fallback: Shape): Shape {
  if (g instanceof Point) return { ...fallback, type: 'point', point: g.getCoordinates() as Pos } as Shape;
  if (g instanceof LineString)
    return { ...fallback, type: 'line', points: g.getCoordinates().map((p) => [p[0], p[1]] as Pos) } as Shape;
  if (g instanceof Polygon)
    return { ...fallback, type: 'polygon', rings: g.getCoordinates().map(opened) } as Shape;
  return fallback;
}

export function polygonFeature(rings: OpenRing[], props: Record<string, unknown>): Feature<Geometry> {
  const f = new Feature<Geometry>(new Polygon(rings.map(closed)));
  f.setProperties(props);
  return f;
}

export const ringsOf = (f: Feature<Geometry>): OpenRing[] =>
  (f.getGeometry() as Polygon).getCoordinates().map(opened);
