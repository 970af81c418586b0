// OpenLayers in the job's projected CRS (metres): EPSG:5514 and UTM registered through proj4 from the sitefit
// package's own definitions; a scale bar and a north arrow that points to TRUE north (grid convergence).
// No basemap is needed; an optional XYZ tile URL (saved in the browser) adds one.
import { describeCrs, gridConvergenceDeg, withinAreaOfUse } from '@kuduso/sitefit';
import Control from 'ol/control/Control.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Zoom from 'ol/control/Zoom.js';
import type { Extent } from 'ol/extent.js';
import TileLayer from 'ol/layer/Tile.js';
import OlMap from 'ol/Map.js';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection, Projection } from 'ol/proj.js';
import XYZ from 'ol/source/XYZ.js';
import View from 'ol/View.js';
import proj4 from 'proj4';

export const BASEMAP_KEY = 'kuduso.basemap';

/** The OpenLayers projection of a CRS code: registered through proj4 when sitefit knows it, else plain metres. */
export function projectionFor(code: string): Projection {
  const info = describeCrs(code);
  if (info) {
    if (!getProjection(info.code) || !proj4.defs(info.code)) {
      proj4.defs(info.code, info.proj4);
      register(proj4);
    }
    return getProjection(info.code)!;
  }
  return new Projection({ code: code || 'LOCAL', units: 'm' });
}

class NorthArrow extends Control {
  arrow: HTMLElement;
  constructor() {
    const el = document.createElement('div');
    el.className = 'north-arrow ol-unselectable ol-control';
    el.setAttribute('role', 'img');
    el.innerHTML = '<span class="arrow" aria-hidden="true">▲</span><span class="n">N</span>';
    super({ element: el });
    this.arrow = el;
  }
  /** Points the arrow at true north for the CRS at a point; a lon/lat or unknown CRS has grid = true north. */
  update(crs: string, at: [number, number] | null): void {
    // Local coordinates (e.g. a sketch near 0,0) lie outside the CRS's area: grid north is all there is.
    let gamma = 0;
    let local = true;
    try {
      if (at && describeCrs(crs)?.kind === 'projected' && withinAreaOfUse(crs, at)) {
        gamma = gridConvergenceDeg(crs, at);
        local = false;
      }
    } catch {
      gamma = 0;
    }
    // Grid bearing of true north is -gamma (clockwise from grid north, which is up on the map).
    this.arrow.style.transform = `rotate(${-gamma}deg)`;
    const text = local
      ? 'North arrow: grid north (coordinates outside the area of the CRS)'
      : `North arrow: true north is ${Math.abs(gamma).toFixed(2)}° ${gamma > 0 ? 'west' : 'east'} of grid north`;
    this.arrow.setAttribute('aria-label', text);
    this.arrow.title = text;
  }
}

export interface MapHandle {
  map: OlMap;
  north: NorthArrow;
  fit(extent: Extent | null): void;
  setCrs(crs: string): void;
  dispose(): void;
}

export function createMap(target: HTMLElement, crs: string): MapHandle {
  const north = new NorthArrow();
  const map = new OlMap({
    target,
    controls: [new Zoom(), new ScaleLine({ bar: true, steps: 4, text: true, minWidth: 120 }), north],
    view: new View({ projection: projectionFor(crs), center: [0, 0], zoom: 18 }),
  });
  // Tests and the benchmark reach the map through its element (pixel <-> coordinate).
  (target as HTMLElement & { olMap?: OlMap }).olMap = map;
  const tiles = localStorage.getItem(BASEMAP_KEY);
  if (tiles)
    map
      .getLayers()
      .insertAt(
        0,
        new TileLayer({ source: new XYZ({ url: tiles, crossOrigin: 'anonymous' }), opacity: 0.7 }),
      );
  let current = crs;
  return {
    map,
    north,
    fit(extent) {
      if (!extent || !Number.isFinite(extent[0])) return;
      const view = map.getView();
      view.fit(extent, { padding: [40, 40, 40, 40], maxZoom: 24 });
      const c = view.getCenter();
      north.update(current, c ? [c[0], c[1]] : null);
    },
    setCrs(next) {
      if (next === current) return;
      current = next;
      map.setView(new View({ projection: projectionFor(next), center: [0, 0], zoom: 18 }));
    },
    dispose() {
      map.setTarget(undefined);
    },
  };
}
