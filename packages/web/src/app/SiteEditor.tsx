// The site editor: the map-bound inputs of a definition drawn, edited, moved and rotated on an OpenLayers map
// in the job's CRS, with snapping, undo/redo (owned by the caller), a vertex table, GeoJSON import and, for
// edge lists (street edges, per-edge setbacks), edge picking. Works without any basemap.
import Collection from 'ol/Collection.js';
import type { Coordinate } from 'ol/coordinate.js';
import type { EventsKey } from 'ol/events.js';
import { boundingExtent } from 'ol/extent.js';
import Feature from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import LineString from 'ol/geom/LineString.js';
import Polygon from 'ol/geom/Polygon.js';
import Draw from 'ol/interaction/Draw.js';
import Modify from 'ol/interaction/Modify.js';
import PointerInteraction from 'ol/interaction/Pointer.js';
import Snap from 'ol/interaction/Snap.js';
import Translate from 'ol/interaction/Translate.js';
import VectorLayer from 'ol/layer/Vector.js';
import type MapBrowserEvent from 'ol/MapBrowserEvent.js';
import { unByKey } from 'ol/Observable.js';
import VectorSource from 'ol/source/Vector.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EdgePanel, edgeClasses } from './EdgePanel.tsx';
import { geometryShape, polygonFeature, ringsOf, shapeGeometry } from './geometry-ol.ts';
import { ImportPanel } from './ImportPanel.tsx';
import type { Shape } from './lib/geojson-import.ts';
import type { FormPlan, GeometryField, SiteGeometry } from './lib/schema-form.ts';
import { createMap, type MapHandle } from './map-setup.ts';
import { edgeLabelStyle, fieldStyle } from './site-style.ts';
import { VertexTable } from './VertexTable.tsx';

export interface Selection {
  field: string;
  /** Index of the zone in a zones field. */
  zone?: number;
}

type Tool = 'select' | 'move' | 'rotate' | 'edges' | `draw:${string}` | `hole:${string}` | `zone:${string}`;

interface Props {
  plan: FormPlan;
  crs: string;
  site: SiteGeometry;
  onChange(next: SiteGeometry): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  /** Errors the API named per geometry field (or edge list key). */
  errors: Record<string, string>;
}

const featureKey = (s: Selection) => (s.zone === undefined ? s.field : `${s.field}#${s.zone}`);

/** The first hole-capable polygon field is the site whose edges edge lists refer to (e.g. the parcel). */
export function siteField(plan: FormPlan): GeometryField | undefined {
  return plan.geometry.find((g) => g.kind === 'area') ?? plan.geometry.find((g) => g.kind === 'footprint');
}

export function SiteEditor({ plan, crs, site, onChange, undo, redo, canUndo, canRedo, errors }: Props) {
  const target = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const source = useRef(new VectorSource<Feature<Geometry>>());
  const edgeSource = useRef(new VectorSource<Feature<Geometry>>());
  const [tool, setTool] = useState<Tool>('select');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [pickedEdge, setPickedEdge] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const siteRef = useRef(site);
  siteRef.current = site;
  const parcelField = siteField(plan);
  const polygonFields = plan.geometry.filter((g) => g.kind !== 'zones');
  const zoneFields = plan.geometry.filter((g) => g.kind === 'zones');
  const classes = useMemo(
    () => (parcelField ? edgeClasses(site.polygons[parcelField.name]?.[0] ?? [], site, plan) : []),
    [site, plan, parcelField],
  );

  // The map, once.
  useEffect(() => {
    const h = createMap(target.current!, crs);
    h.map.addLayer(new VectorLayer({ source: edgeSource.current, zIndex: 3 }));
    h.map.addLayer(new VectorLayer({ source: source.current, zIndex: 2 }));
    handle.current = h;
    return () => h.dispose();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => handle.current?.setCrs(crs), [crs]);

  // Features from the site state, on every change.
  useEffect(() => {
    const src = source.current;
    src.clear();
    plan.geometry.forEach((g, i) => {
      const selected = selection?.field === g.name && selection.zone === undefined;
      if (g.kind === 'zones') {
        (site.zones[g.name] ?? []).forEach((z, k) => {
          const f = new Feature<Geometry>(shapeGeometry(z.shape));
          const label = `${String(z.attrs.id ?? `${g.title} ${k + 1}`)}${z.attrs.buffer_m ? ` (+${z.attrs.buffer_m} m)` : ''}`;
          f.setProperties({ field: g.name, zone: k, key: `${g.name}#${k}`, label });
          f.setStyle(fieldStyle(i, label, selection?.field === g.name && selection.zone === k));
          src.addFeature(f);
        });
        return;
      }
      const rings = site.polygons[g.name];
      if (!rings?.length) return;
      const f = polygonFeature(rings, { field: g.name, key: g.name, label: g.title });
      f.setStyle(fieldStyle(i, g.title, selected));
      src.addFeature(f);
    });
    const edges = edgeSource.current;
    edges.clear();
    const outer = parcelField ? site.polygons[parcelField.name]?.[0] : undefined;
    if (outer && plan.edges.length) {
      outer.forEach((a, k) => {
        const b = outer[(k + 1) % outer.length];
        const f = new Feature<Geometry>(new LineString([a, b]));
        f.setProperties({ edge: k });
        f.setStyle(edgeLabelStyle(classes[k]?.label ?? `e${k}`, pickedEdge === k));
        edges.addFeature(f);
      });
    }
  }, [site, plan, selection, pickedEdge, classes, parcelField]);

  // Fit the view when the drawn extent changes a lot (a new example, an import), not on every vertex move.
  const extentKey = useMemo(() => {
    const pts = Object.values(site.polygons).flatMap((r) => r.flat());
    if (!pts.length) return '';
    const e = boundingExtent(pts as Coordinate[]);
    return e.map((v) => Math.round(v / 50)).join(',');
  }, [site]);
  useEffect(() => {
    const pts = Object.values(siteRef.current.polygons).flatMap((r) => r.flat());
    if (pts.length) handle.current?.fit(boundingExtent(pts as Coordinate[]));
  }, [extentKey]);

  // Interactions for the current tool.
  useEffect(() => {
    const h = handle.current;
    if (!h) return;
    const map = h.map;
    const added: (Draw | Modify | Snap | Translate | PointerInteraction)[] = [];
    const add = <T extends Draw | Modify | Snap | Translate | PointerInteraction>(i: T) => {
      map.addInteraction(i);
      added.push(i);
      return i;
    };
    const src = source.current;
    const selectedFeature = () =>
      selection ? src.getFeatures().find((f) => f.get('key') === featureKey(selection)) : undefined;
    const commitFeature = (f: Feature<Geometry>) => {
      const field = f.get('field') as string;
      const zone = f.get('zone') as number | undefined;
      const cur = siteRef.current;
      if (zone === undefined) onChange({ ...cur, polygons: { ...cur.polygons, [field]: ringsOf(f) } });
      else {
        const zones = [...(cur.zones[field] ?? [])];
        zones[zone] = { ...zones[zone], shape: geometryShape(f.getGeometry(), zones[zone].shape) };
        onChange({ ...cur, zones: { ...cur.zones, [field]: zones } });
      }
    };
    const onClickSelect = (e: MapBrowserEvent) => {
      const f = map.forEachFeatureAtPixel(e.pixel, (x) => x as Feature<Geometry>, {
        layerFilter: (l) => l.getSource() === src,
      });
      setSelection(f ? { field: f.get('field'), zone: f.get('zone') } : null);
    };

    const keys: EventsKey[] = [];
    if (tool === 'select' || tool === 'move' || tool === 'rotate')
      keys.push(map.on('singleclick', onClickSelect));
    if (tool === 'select') {
      const f = selectedFeature();
      const modify = add(f ? new Modify({ features: new Collection([f]) }) : new Modify({ source: src }));
      modify.on('modifyend', (ev) => {
        for (const x of ev.features.getArray()) commitFeature(x as Feature<Geometry>);
      });
    }
    if (tool === 'move') {
      const f = selectedFeature();
      const tr = add(new Translate({ filter: (x) => (f ? x === f : x.get('field') !== undefined) }));
      tr.on('translateend', (ev) => {
        for (const x of ev.features.getArray()) commitFeature(x as Feature<Geometry>);
      });
    }
    if (tool === 'rotate') {
      let anchor: Coordinate | null = null;
      let last = 0;
      let feature: Feature<Geometry> | undefined;
      add(
        new PointerInteraction({
          handleDownEvent(e) {
            feature = map.forEachFeatureAtPixel(e.pixel, (x) => x as Feature<Geometry>, {
              layerFilter: (l) => l.getSource() === src,
            });
            if (!feature) return false;
            const g = feature.getGeometry() as Polygon;
            anchor = g instanceof Polygon ? g.getInteriorPoint().getCoordinates().slice(0, 2) : null;
            if (!anchor) return false;
            last = Math.atan2(e.coordinate[1] - anchor[1], e.coordinate[0] - anchor[0]);
            return true;
          },
          handleDragEvent(e) {
            if (!anchor || !feature) return;
            const a = Math.atan2(e.coordinate[1] - anchor[1], e.coordinate[0] - anchor[0]);
            feature.getGeometry()!.rotate(a - last, anchor);
            last = a;
          },
          handleUpEvent() {
            if (feature) commitFeature(feature);
            anchor = null;
            return false;
          },
        }),
      );
    }
    if (tool === 'edges') {
      keys.push(
        map.on('singleclick', (e) => {
          const f = edgeSource.current.getClosestFeatureToCoordinate(e.coordinate);
          setPickedEdge(f ? (f.get('edge') as number) : null);
        }),
      );
    }
    const [kind, field] = tool.split(':') as [string, string | undefined];
    if (field && (kind === 'draw' || kind === 'hole' || kind === 'zone')) {
      const draw = add(new Draw({ type: 'Polygon', source: undefined, stopClick: true }));
      draw.on('drawend', (ev) => {
        const rings = ringsOf(ev.feature as Feature<Geometry>);
        const cur = siteRef.current;
        if (kind === 'draw') onChange({ ...cur, polygons: { ...cur.polygons, [field]: [rings[0]] } });
        if (kind === 'hole')
          onChange({
            ...cur,
            polygons: { ...cur.polygons, [field]: [...(cur.polygons[field] ?? []), rings[0]] },
          });
        if (kind === 'zone') {
          const zones = [
            ...(cur.zones[field] ?? []),
            { shape: { type: 'polygon', rings: [rings[0]] } as Shape, attrs: { kind: 'other', buffer_m: 0 } },
          ];
          onChange({ ...cur, zones: { ...cur.zones, [field]: zones } });
          setSelection({ field, zone: zones.length - 1 });
        } else setSelection({ field });
        setStatus(`${kind === 'hole' ? 'Hole' : 'Polygon'} drawn with ${rings[0].length} vertices.`);
        setTool('select');
      });
    }
    add(new Snap({ source: src, pixelTolerance: 12 }));
    add(new Snap({ source: edgeSource.current, pixelTolerance: 12 }));
    return () => {
      for (const i of added) map.removeInteraction(i);
      unByKey(keys);
    };
  }, [tool, selection, onChange]);

  // Keyboard: arrows move the selection (Shift: 5 m), [ and ] rotate it by 5°, Ctrl+Z / Ctrl+Y undo and redo.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
      e.preventDefault();
      redo();
      return;
    }
    if (!selection || e.target !== e.currentTarget) return;
    const f = source.current.getFeatures().find((x) => x.get('key') === featureKey(selection));
    if (!f) return;
    const step = e.shiftKey ? 5 : 0.5;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const g = f.getGeometry()!;
    if (moves[e.key]) g.translate(...moves[e.key]);
    else if (e.key === '[' || e.key === ']') {
      const c = g instanceof Polygon ? g.getInteriorPoint().getCoordinates() : null;
      if (!c) return;
      g.rotate(((e.key === '[' ? 5 : -5) * Math.PI) / 180, c);
    } else return;
    e.preventDefault();
    const field = f.get('field') as string;
    const zone = f.get('zone') as number | undefined;
    if (zone === undefined) onChange({ ...site, polygons: { ...site.polygons, [field]: ringsOf(f) } });
    else {
      const zones = [...(site.zones[field] ?? [])];
      zones[zone] = { ...zones[zone], shape: geometryShape(g, zones[zone].shape) };
      onChange({ ...site, zones: { ...site.zones, [field]: zones } });
    }
  };

  const toolButton = (t: Tool, label: string, title: string) => (
    <button
      type="button"
      aria-pressed={tool === t}
      onClick={() => setTool(tool === t ? 'select' : t)}
      title={title}
    >
      {label}
    </button>
  );
  const selectedField = selection ? plan.geometry.find((g) => g.name === selection.field) : undefined;

  const importShape = (shapes: Shape[], into: string) => {
    const g = plan.geometry.find((x) => x.name === into);
    if (!g) return;
    if (g.kind === 'zones') {
      onChange({
        ...site,
        zones: {
          ...site.zones,
          [into]: [
            ...(site.zones[into] ?? []),
            ...shapes.map((shape) => ({
              shape,
              attrs: { kind: 'other', buffer_m: 0, ...(shape.name ? { id: shape.name } : {}) },
            })),
          ],
        },
      });
      setStatus(`${shapes.length} zone(s) imported into ${g.title}.`);
      return;
    }
    const poly = shapes.find((s) => s.type === 'polygon');
    if (poly?.type !== 'polygon') throw new Error(`${g.title} needs a polygon.`);
    const rings = g.kind === 'footprint' ? poly.rings.slice(0, 1) : poly.rings;
    onChange({ ...site, polygons: { ...site.polygons, [into]: rings } });
    setSelection({ field: into });
    setStatus(
      `${g.title}: ${rings[0].length} vertices${rings.length > 1 ? `, ${rings.length - 1} hole(s)` : ''} imported.${poly.rings.length > rings.length ? ' Holes dropped: this field takes none.' : ''}`,
    );
  };

  return (
    <section className="editor" aria-label="Site editor">
      <div className="toolbar" role="toolbar" aria-label="Map tools">
        {toolButton(
          'select',
          'Select / edit vertices',
          'Click a shape to select it; drag its vertices (snaps to vertices and edges)',
        )}
        {polygonFields.map((g) =>
          toolButton(
            `draw:${g.name}`,
            `Draw ${g.title.toLowerCase()}`,
            `Click the vertices of the ${g.title.toLowerCase()}; double-click to finish`,
          ),
        )}
        {polygonFields
          .filter((g) => g.kind === 'area')
          .map((g) =>
            toolButton(`hole:${g.name}`, `Add hole`, `Draw a hole in the ${g.title.toLowerCase()}`),
          )}
        {zoneFields.map((g) =>
          toolButton(
            `zone:${g.name}`,
            `Draw ${g.title.toLowerCase().replace(/s$/, '')}`,
            g.description ?? '',
          ),
        )}
        {toolButton('move', 'Move', 'Drag a shape to move it (arrow keys: 0.5 m, Shift: 5 m)')}
        {toolButton('rotate', 'Rotate', 'Drag a shape to turn it about its centre ([ and ]: 5°)')}
        {plan.edges.length > 0 &&
          toolButton(
            'edges',
            'Edges',
            'Click a parcel edge to set it as street (front) or give it its own setback',
          )}
        <span className="sep" />
        <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Y)">
          Redo
        </button>
        <button
          type="button"
          onClick={() => {
            const pts = Object.values(site.polygons).flatMap((r) => r.flat());
            if (pts.length) handle.current?.fit(boundingExtent(pts as Coordinate[]));
          }}
        >
          Fit
        </button>
      </div>
      <div
        ref={target}
        className="map"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the map takes keyboard input (move, rotate, undo).
        tabIndex={0}
        role="application"
        aria-label={`Map in ${crs}. ${selection ? `Selected: ${selectedField?.title ?? selection.field}.` : 'Nothing selected.'} Arrow keys move the selection, [ and ] rotate it.`}
        data-testid="site-map"
        onKeyDown={onKeyDown}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer.files[0];
          if (file)
            void file
              .text()
              .then((t) => window.dispatchEvent(new CustomEvent('kuduso-import', { detail: t })));
        }}
      />
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      {plan.geometry.map((g) =>
        errors[g.name] ? (
          <p key={g.name} className="field-error" role="alert" data-field={g.name}>
            {g.title}: {errors[g.name]}
          </p>
        ) : null,
      )}
      <div className="editor-panels">
        <VertexTable
          plan={plan}
          site={site}
          selection={selection}
          onSelect={setSelection}
          onChange={onChange}
        />
        {tool === 'edges' && parcelField && pickedEdge !== null && (
          <EdgePanel
            plan={plan}
            site={site}
            edge={pickedEdge}
            classes={classes}
            onChange={onChange}
            onClose={() => setPickedEdge(null)}
          />
        )}
        {plan.edges.map((e) =>
          errors[e.path.join('.')] ? (
            <p key={e.path.join('.')} className="field-error" role="alert">
              {e.path.join('.')}: {errors[e.path.join('.')]}
            </p>
          ) : null,
        )}
        <ImportPanel plan={plan} onImport={importShape} />
      </div>
    </section>
  );
}
