// A finished job's results: ranked placements over the parcel (from the GeoJSON artifact), hover/select for
// every metric and the score's parts, show/hide and compare two, the live preview when a placement is dragged
// or rotated, the artifacts with their expiry, the plan exported as SVG/PNG and the glTF in 3D.
import { placeRing, type Ring } from '@kuduso/sitefit';
import type { Coordinate } from 'ol/coordinate.js';
import { boundingExtent } from 'ol/extent.js';
import Feature from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import Polygon from 'ol/geom/Polygon.js';
import PointerInteraction from 'ol/interaction/Pointer.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { ArtifactList } from './ArtifactList.tsx';
import { closed } from './geometry-ol.ts';
import { api, hasRoute, type JobResult } from './lib/api.ts';
import { type PlanLayer, planSvg } from './lib/plan-svg.ts';
import {
  evaluatePlaced,
  type PreviewResult,
  type PreviewSite,
  previewSiteFromGeojson,
} from './lib/preview.ts';
import { evaluateV2Pose, v2Preview, withV2 } from './lib/preview-v2.ts';
import { createMap, type MapHandle } from './map-setup.ts';
import { Compare, num, PlacementDetail, type PlacementF } from './PlacementPanels.tsx';
import { type Drag, PreviewPanel, type ServerCheck } from './PreviewPanel.tsx';
import { placementLabelStyle, placementStyle } from './site-style.ts';

const GltfView = lazy(() => import('./GltfView.tsx'));

export function ResultsView({
  jobId,
  result,
  crs,
  inputs,
  definition,
  onRefresh,
}: {
  jobId: string;
  result: JobResult;
  crs: string;
  inputs: Record<string, unknown> | null;
  definition: string;
  onRefresh(): void;
}) {
  const [server, setServer] = useState<ServerCheck | null>(null);
  const geo = result.artifacts.find((a) => a.kind === 'geojson');
  const glb = result.artifacts.find((a) => a.kind === 'gltf' || a.kind === 'glb');
  const [fc, setFc] = useState<{
    features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
    name?: string;
  } | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [compare, setCompare] = useState<string[]>([]);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [show3d, setShow3d] = useState(false);
  const geoUrl = geo?.url;
  useEffect(() => {
    if (!geoUrl) return;
    fetch(geoUrl)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`GeoJSON artifact: HTTP ${r.status}`))))
      .then(setFc, (e: Error) => setError(e.message));
    // The URL changes on every re-mint; the content does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, Boolean(geoUrl)]);

  const site: PreviewSite | null = useMemo(() => {
    try {
      return fc ? previewSiteFromGeojson(fc as never) : null;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  }, [fc]);
  // sitefit@2: the package's own evaluation of one placement (setback bands, zones, KPIs, score).
  const v2 = useMemo(
    () => v2Preview(definition.split(':')[1] ?? '', inputs, result.results as never),
    [definition, inputs, result],
  );
  const placements: PlacementF[] = useMemo(
    () =>
      (fc?.features ?? [])
        .filter((f) => f.properties?.role === 'placement' && f.geometry?.type === 'Polygon')
        .map((f, i) => {
          const outer = (f.geometry.coordinates as number[][][])[0];
          const ring = outer.slice(0, -1).map((p) => [p[0], p[1]] as [number, number]);
          return {
            id: String(f.properties.id ?? `r${i + 1}`),
            rank: Number(f.properties.rank ?? i + 1),
            ring,
            props: f.properties,
          };
        })
        .sort((a, b) => a.rank - b.rank),
    [fc],
  );
  const ringOf = (p: PlacementF): Ring =>
    drag && drag.id === p.id ? placeRing(p.ring, drag.dDeg, drag.dx, drag.dy) : p.ring;

  // Map
  const target = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const siteSrc = useRef(new VectorSource<Feature<Geometry>>());
  const placeSrc = useRef(new VectorSource<Feature<Geometry>>());
  const labelSrc = useRef(new VectorSource<Feature<Geometry>>());
  const state = useRef({ selected, drag, placements, site, v2, results: result.results });
  state.current = { selected, drag, placements, site, v2, results: result.results };

  useEffect(() => {
    const h = createMap(target.current!, crs);
    h.map.addLayer(new VectorLayer({ source: siteSrc.current, zIndex: 1 }));
    h.map.addLayer(new VectorLayer({ source: placeSrc.current, zIndex: 2 }));
    h.map.addLayer(new VectorLayer({ source: labelSrc.current, zIndex: 3, declutter: true }));
    handle.current = h;
    h.map.on('pointermove', (e) => {
      if (e.dragging) return;
      const f = h.map.forEachFeatureAtPixel(e.pixel, (x) => x as Feature<Geometry>, {
        layerFilter: (l) => l.getSource() === placeSrc.current,
      });
      setHovered(f ? (f.get('id') as string) : null);
    });
    h.map.on('singleclick', (e) => {
      const f = h.map.forEachFeatureAtPixel(e.pixel, (x) => x as Feature<Geometry>, {
        layerFilter: (l) => l.getSource() === placeSrc.current,
      });
      if (f) select(f.get('id') as string);
    });
    // Drag the selected placement: move; with Shift, rotate about its centre. Every move is evaluated.
    let start: Coordinate | null = null;
    let base: Drag | null = null;
    let centre: Coordinate | null = null;
    h.map.addInteraction(
      new PointerInteraction({
        handleDownEvent(e) {
          const { selected: sel, placements: ps, drag: d } = state.current;
          const f = h.map.forEachFeatureAtPixel(e.pixel, (x) => x as Feature<Geometry>, {
            layerFilter: (l) => l.getSource() === placeSrc.current,
          });
          if (!f || f.get('id') !== sel) return false;
          const p = ps.find((x) => x.id === sel)!;
          base = d && d.id === sel ? d : { id: sel!, dx: 0, dy: 0, dDeg: 0 };
          start = e.coordinate;
          const ring = placeRing(p.ring, base.dDeg, base.dx, base.dy);
          centre = [
            ring.reduce((s, q) => s + q[0], 0) / ring.length,
            ring.reduce((s, q) => s + q[1], 0) / ring.length,
          ];
          return true;
        },
        handleDragEvent(e) {
          if (!start || !base || !centre) return;
          const shift = (e.originalEvent as PointerEvent).shiftKey;
          if (shift) {
            const a0 = Math.atan2(start[1] - centre[1], start[0] - centre[0]);
            const a1 = Math.atan2(e.coordinate[1] - centre[1], e.coordinate[0] - centre[0]);
            moveTo({ ...base, dDeg: base.dDeg + ((a1 - a0) * 180) / Math.PI });
          } else
            moveTo({
              ...base,
              dx: base.dx + e.coordinate[0] - start[0],
              dy: base.dy + e.coordinate[1] - start[1],
            });
        },
        handleUpEvent() {
          start = null;
          if (state.current.drag) void confirmOnServer(state.current.drag);
          return false;
        },
      }),
    );
    return () => h.dispose();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** A result's pose moved by a drag: the transform the contract and the preview lane speak. */
  function poseOf(d: Drag) {
    const r = state.current.results.find((x) => x.id === d.id) as
      | { transform?: { rotation: { value: number }; translation: { x: number; y: number } } }
      | undefined;
    if (!r?.transform) return null;
    return {
      rotation: r.transform.rotation.value + d.dDeg,
      x: r.transform.translation.x + d.dx,
      y: r.transform.translation.y + d.dy,
    };
  }

  /** The preview of a drag: the page's geometric check, with the 2.0.0 evaluation where there is one. */
  function evaluateDrag(d: Drag): PreviewResult | null {
    const { placements: ps, site: s, v2: v } = state.current;
    const p = ps.find((x) => x.id === d.id);
    if (!p || !s) return null;
    const r = evaluatePlaced(s, placeRing(p.ring, d.dDeg, d.dx, d.dy));
    const pose = v ? poseOf(d) : null;
    return v && pose ? withV2(r, evaluateV2Pose(v, pose)) : r;
  }

  function moveTo(d: Drag) {
    const t0 = performance.now();
    const r = evaluateDrag(d);
    if (!r) return;
    setDrag(d);
    // bench/web.ts reads the evaluation time of every pointer move from here.
    const w = window as { __kudusoBench?: number[]; __kudusoEvaluate?: (dx: number, dy: number) => unknown };
    if (w.__kudusoBench) {
      w.__kudusoBench.push(performance.now() - t0);
      w.__kudusoEvaluate = (dx, dy) => evaluateDrag({ ...d, dx: d.dx + dx, dy: d.dy + dy });
    }
    setPreview(r);
  }

  // Tier (b): the AppServer's preview lane evaluates the same placement; its numbers must agree to 1 mm.
  async function confirmOnServer(d: Drag) {
    const placement = poseOf(d);
    const mine = evaluateDrag(d);
    const v = state.current.v2;
    const lane = definition.startsWith('sitefit:1.') || (definition.startsWith('sitefit:2.') && v);
    if (!placement || !inputs || !mine || !lane) return;
    if (!(await hasRoute('POST', '/preview/{target}'))) return;
    try {
      type Evaluation = { valid: boolean; score: number; metrics: { min_setback_m: number } };
      const body = await api<{ outputs?: Evaluation } & Partial<Evaluation>>(`/preview/${definition}`, {
        method: 'POST',
        json: { inputs, placement, ...(v?.maxClearanceM ? { max_clearance_m: v.maxClearanceM } : {}) },
      });
      const s = (body.outputs ?? body) as Evaluation;
      const delta = Math.abs(s.metrics.min_setback_m - mine.minSetback);
      // Scores are compared where both have one (an invalid 1.0.0 placement has none in the page).
      const scoreDelta = mine.score !== null && s.valid ? Math.abs(s.score - mine.score) : 0;
      const agrees = s.valid === mine.valid && delta <= 0.001 && scoreDelta <= 1e-6;
      setServer({
        agrees,
        text: `Server preview: ${s.valid ? 'valid' : 'invalid'}, min setback ${s.metrics.min_setback_m.toFixed(3)} m${s.valid && mine.score !== null ? `, score ${s.score.toFixed(4)}` : ''} — ${agrees ? 'agrees with the browser' : 'DIFFERS from the browser'} (Δ ${(delta * 1000).toFixed(3)} mm)`,
      });
    } catch (e) {
      setServer({ agrees: null, text: `Server preview unavailable: ${(e as Error).message}` });
    }
  }

  function select(id: string | null) {
    setServer(null);
    setSelected(id);
    setDrag(null);
    setPreview(null);
  }

  // Features
  useEffect(() => {
    const src = siteSrc.current;
    src.clear();
    if (!fc) return;
    for (const f of fc.features) {
      const role = f.properties?.role;
      if (role === 'placement' || !f.geometry) continue;
      if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') continue;
      const polys =
        f.geometry.type === 'Polygon'
          ? [f.geometry.coordinates as number[][][]]
          : (f.geometry.coordinates as number[][][][]);
      for (const rings of polys) {
        const feature = new Feature<Geometry>(new Polygon(rings));
        feature.setStyle(
          role === 'parcel'
            ? new Style({
                stroke: new Stroke({ color: '#1d4ed8', width: 2 }),
                fill: new Fill({ color: 'rgba(29,78,216,0.06)' }),
              })
            : role === 'buildable'
              ? new Style({ stroke: new Stroke({ color: '#047857', width: 1, lineDash: [6, 4] }) })
              : role === 'exclusion_zone' || role === 'exclusion'
                ? new Style({
                    stroke: new Stroke({ color: '#9f1239', width: 1, lineDash: [3, 3] }),
                    fill: new Fill({ color: 'rgba(159,18,57,0.12)' }),
                  })
                : new Style({ stroke: new Stroke({ color: '#6b7280', width: 1 }) }),
        );
        src.addFeature(feature);
      }
    }
    const parcel = fc.features.find((f) => f.properties?.role === 'parcel');
    if (parcel)
      handle.current?.fit(boundingExtent((parcel.geometry.coordinates as number[][][])[0] as Coordinate[]));
  }, [fc]);

  useEffect(() => {
    const src = placeSrc.current;
    const labels = labelSrc.current;
    src.clear();
    labels.clear();
    for (const p of placements) {
      if (hidden.has(p.id) && p.id !== selected) continue;
      const polygon = new Polygon([closed(ringOf(p))]);
      const f = new Feature<Geometry>(polygon);
      f.setProperties({ id: p.id });
      const opts = {
        selected: p.id === selected,
        hovered: p.id === hovered,
        invalid: drag?.id === p.id && preview ? !preview.valid : false,
        compare: compare.includes(p.id),
      };
      f.setStyle(placementStyle(p.rank, opts));
      src.addFeature(f);
      const label = new Feature<Geometry>(polygon.getInteriorPoint());
      label.setStyle(placementLabelStyle(p.rank, opts));
      labels.addFeature(label);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placements, hidden, selected, hovered, drag, preview, compare]);

  const sel = placements.find((p) => p.id === selected);
  const resultOf = (id: string) =>
    result.results.find((r) => r.id === id) as Record<string, unknown> | undefined;

  const exportPlan = async (kind: 'svg' | 'png') => {
    if (!fc) return;
    const layers: PlanLayer[] = [];
    for (const f of fc.features) {
      const role = f.properties?.role;
      if (f.geometry?.type !== 'Polygon') continue;
      const rings = f.geometry.coordinates as number[][][];
      if (role === 'parcel') layers.push({ rings, role: 'parcel' });
      if (role === 'buildable') layers.push({ rings, role: 'buildable' });
      if (role === 'exclusion_zone') layers.push({ rings, role: 'zone' });
    }
    for (const p of [...placements].reverse()) {
      if (hidden.has(p.id) && p.id !== selected) continue;
      const invalid = drag?.id === p.id && preview && !preview.valid;
      layers.push({
        rings: [closed(ringOf(p))],
        role: invalid ? 'invalid' : p.id === selected ? 'selected' : 'placement',
        label: `#${p.rank}`,
      });
    }
    const svg = planSvg(layers, { title: `Job ${jobId}: ${placements.length} placements` });
    const name = `kuduso-plan-${jobId.slice(0, 8)}`;
    if (kind === 'svg') return download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    canvas.toBlob((b) => b && download(b, `${name}.png`), 'image/png');
  };

  if (placements.length === 0 && fc)
    return (
      <p className="empty">
        This job found no placement.{' '}
        {String((result.metadata.warnings as { message?: string }[] | undefined)?.[0]?.message ?? '')}
      </p>
    );

  return (
    <section className="results" aria-label="Results">
      <h2>
        Results: <span data-testid="placement-count">{placements.length}</span> placement
        {placements.length === 1 ? '' : 's'}
      </h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="columns">
        <div className="result-map-col">
          <div
            ref={target}
            className="map"
            data-testid="results-map"
            role="img"
            aria-label={`Placements over the parcel in ${crs}. Select a placement in the table or click it; drag it to preview, Shift+drag to rotate.`}
          />
          <div className="row">
            <button type="button" onClick={() => void exportPlan('svg')}>
              Export plan SVG
            </button>
            <button type="button" onClick={() => void exportPlan('png')}>
              Export plan PNG
            </button>
            {glb && (
              <button type="button" aria-pressed={show3d} onClick={() => setShow3d(!show3d)}>
                {show3d ? 'Hide 3D view' : 'Show 3D view'}
              </button>
            )}
          </div>
          {show3d && glb && (
            <Suspense fallback={<p className="loading">Loading the 3D viewer…</p>}>
              <GltfView url={glb.url} />
            </Suspense>
          )}
        </div>
        <div className="result-side">
          <table className="placements">
            <caption className="sr-only">Placements ranked by score</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Score</th>
                <th scope="col">Min setback (m)</th>
                <th scope="col">Rotation (°)</th>
                <th scope="col">Show</th>
                <th scope="col">Compare</th>
              </tr>
            </thead>
            <tbody>
              {placements.map((p) => (
                <tr
                  key={p.id}
                  className={`${p.id === selected ? 'selected' : ''} ${p.id === hovered ? 'hovered' : ''}`}
                  onMouseEnter={() => setHovered(p.id)}
                  onMouseLeave={() => setHovered(null)}
                >
                  <th scope="row">
                    <button
                      type="button"
                      aria-pressed={p.id === selected}
                      onClick={() => select(p.id === selected ? null : p.id)}
                      aria-label={`Select placement ${p.rank}`}
                    >
                      #{p.rank}
                    </button>
                  </th>
                  <td>{num(p.props.score)}</td>
                  <td>{num(p.props.min_setback_m)}</td>
                  <td>{num(p.props.rotation_deg ?? p.props.orientation_deg)}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Show placement ${p.rank}`}
                      checked={!hidden.has(p.id)}
                      onChange={(e) =>
                        setHidden((h) => {
                          const n = new Set(h);
                          if (e.target.checked) n.delete(p.id);
                          else n.add(p.id);
                          return n;
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare placement ${p.rank}`}
                      checked={compare.includes(p.id)}
                      disabled={!compare.includes(p.id) && compare.length >= 2}
                      onChange={(e) =>
                        setCompare((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {sel && <PlacementDetail p={sel} result={resultOf(sel.id)} />}
          {sel && (
            <PreviewPanel
              rank={sel.rank}
              drag={drag?.id === sel.id ? drag : null}
              preview={preview}
              server={server}
              onMove={(dx, dy, dd) => {
                const d = drag?.id === sel.id ? drag : { id: sel.id, dx: 0, dy: 0, dDeg: 0 };
                const next = { ...d, dx: d.dx + dx, dy: d.dy + dy, dDeg: d.dDeg + dd };
                moveTo(next);
                void confirmOnServer(next);
              }}
              onReset={() => select(sel.id)}
            />
          )}
          {compare.length === 2 && (
            <Compare
              a={placements.find((p) => p.id === compare[0])!}
              b={placements.find((p) => p.id === compare[1])!}
            />
          )}
        </div>
      </div>
      <ArtifactList artifacts={result.artifacts} onRefresh={onRefresh} />
    </section>
  );
}

function download(blob: Blob, name: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}
