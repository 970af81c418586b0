// GeoJSON FeatureCollection of a scene: parcel, exclusion zones (as given and grown by their buffers), the
// buildable area, and the ranked placements with their metrics. Coordinates stay in the input CRS (absolute, on
// the survey). RFC 7946 allows no `crs` member, so the CRS and the local origin the other artifacts (glTF, SVG
// sheets) measure from are also written as the foreign member `kuduso`; the 2008-style `crs` stays for GDAL/QGIS.
import { signedArea } from '../geom/ring.ts';
import { epsgOf, localFrame } from './frame.ts';
import type { Artifact, PolygonRings, Scene } from './types.ts';

type Feature = { type: 'Feature'; id: string; geometry: unknown; properties: Record<string, unknown> };

function multi(polys: PolygonRings[]) {
  return { type: 'MultiPolygon', coordinates: polys };
}

/**
 * The crs member (GeoJSON 2008 "name" style: RFC 7946 dropped it, but GDAL and QGIS still read it). EPSG:4326
 * is named OGC CRS84, the longitude-first form GeoJSON coordinates are in.
 */
export function crsMember(crs: string) {
  const m = /^EPSG:(\d+)$/i.exec(crs);
  const name = !m ? crs : m[1] === '4326' ? 'urn:ogc:def:crs:OGC:1.3:CRS84' : `urn:ogc:def:crs:EPSG::${m[1]}`;
  return { type: 'name', properties: { name } };
}

/** The foreign member: the coordinates' CRS, and the origin of the local metres of the glTF and the sheets. */
export function geoReference(scene: Scene): Record<string, unknown> {
  return {
    crs: scene.crs,
    epsg: epsgOf(scene.crs),
    coordinates: 'absolute',
    origin: localFrame(scene).origin,
  };
}

export function sceneToGeoJson(scene: Scene): Record<string, unknown> {
  const features: Feature[] = [];
  features.push({
    type: 'Feature',
    id: 'parcel',
    geometry: { type: 'Polygon', coordinates: scene.parcel },
    properties: {
      role: 'parcel',
      // Ring area in CRS units (m² for projected CRSs), holes subtracted.
      area:
        Math.abs(signedArea(scene.parcel[0])) -
        scene.parcel.slice(1).reduce((s, r) => s + Math.abs(signedArea(r)), 0),
      street_edges: scene.streetEdges,
    },
  });
  for (const z of scene.exclusions) {
    features.push({
      type: 'Feature',
      id: `exclusion:${z.id}`,
      geometry: z.source,
      properties: { role: 'exclusion', id: z.id, kind: z.kind, buffer_m: z.buffer_m },
    });
    features.push({
      type: 'Feature',
      id: `exclusion-zone:${z.id}`,
      geometry: multi(z.area),
      properties: { role: 'exclusion_zone', id: z.id, kind: z.kind, buffer_m: z.buffer_m },
    });
  }
  if (scene.buildable) {
    features.push({
      type: 'Feature',
      id: 'buildable',
      geometry: multi(scene.buildable),
      properties: { role: 'buildable' },
    });
  }
  for (const p of scene.placements) {
    const properties: Record<string, unknown> = {
      role: 'placement',
      rank: p.rank,
      id: p.id,
      score: p.score,
      rotation_deg: p.rotationDeg,
      translation_x: p.translation.x,
      translation_y: p.translation.y,
      ...p.metrics,
    };
    if (p.kpis) for (const [k, v] of Object.entries(p.kpis)) properties[`kpi_${k}`] = v;
    properties.tags = p.tags;
    features.push({
      type: 'Feature',
      id: `placement:${p.rank}`,
      geometry: { type: 'Polygon', coordinates: [p.footprint] },
      properties,
    });
  }
  return {
    type: 'FeatureCollection',
    crs: crsMember(scene.crs),
    kuduso: geoReference(scene),
    name: `${scene.definition}@${scene.version}`,
    features,
  };
}

export function geojsonArtifact(scene: Scene): Artifact {
  return {
    kind: 'geojson',
    label: 'Site plan (GeoJSON)',
    filename: 'sitefit.geojson',
    contentType: 'application/geo+json',
    body: new TextEncoder().encode(`${JSON.stringify(sceneToGeoJson(scene))}\n`),
  };
}
