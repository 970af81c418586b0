// The numeric vertex table of the selected shape: type coordinates, insert or delete vertices by keyboard.
import { useEffect, useState } from 'react';
import type { OpenRing, Pos } from './lib/geojson-import.ts';
import type { FormPlan, SiteGeometry } from './lib/schema-form.ts';
import type { Selection } from './SiteEditor.tsx';

interface Props {
  plan: FormPlan;
  site: SiteGeometry;
  selection: Selection | null;
  onSelect(s: Selection | null): void;
  onChange(next: SiteGeometry): void;
}

function ringsFor(site: SiteGeometry, s: Selection): OpenRing[] {
  if (s.zone === undefined) return site.polygons[s.field] ?? [];
  const shape = site.zones[s.field]?.[s.zone]?.shape;
  if (!shape) return [];
  if (shape.type === 'polygon') return shape.rings;
  if (shape.type === 'line') return [shape.points];
  return [[shape.point]];
}

function withRings(site: SiteGeometry, s: Selection, rings: OpenRing[]): SiteGeometry {
  if (s.zone === undefined) return { ...site, polygons: { ...site.polygons, [s.field]: rings } };
  const zones = [...(site.zones[s.field] ?? [])];
  const z = zones[s.zone];
  const shape =
    z.shape.type === 'polygon'
      ? { ...z.shape, rings }
      : z.shape.type === 'line'
        ? { ...z.shape, points: rings[0] }
        : { ...z.shape, point: rings[0][0] };
  zones[s.zone] = { ...z, shape };
  return { ...site, zones: { ...site.zones, [s.field]: zones } };
}

const fmt = (v: number) => String(Math.round(v * 1000) / 1000);

export function VertexTable({ plan, site, selection, onSelect, onChange }: Props) {
  const [ring, setRing] = useState(0);
  useEffect(() => setRing(0), [selection?.field, selection?.zone]);
  const options: { value: string; label: string }[] = [];
  for (const g of plan.geometry) {
    if (g.kind === 'zones')
      for (const [k, z] of (site.zones[g.name] ?? []).entries())
        options.push({ value: `${g.name}#${k}`, label: `${g.title}: ${String(z.attrs.id ?? k + 1)}` });
    else if (site.polygons[g.name]?.length) options.push({ value: g.name, label: g.title });
  }
  const rings = selection ? ringsFor(site, selection) : [];
  const r = rings[ring] ?? [];
  const minVertices =
    rings.length &&
    selection?.zone !== undefined &&
    site.zones[selection.field]?.[selection.zone]?.shape.type !== 'polygon'
      ? 1
      : 3;
  const setVertex = (i: number, axis: 0 | 1, value: string) => {
    const v = Number(value);
    if (!selection || value.trim() === '' || !Number.isFinite(v)) return;
    const next = rings.map((x) => x.slice());
    const p: Pos = [...next[ring][i]] as Pos;
    p[axis] = v;
    next[ring][i] = p;
    onChange(withRings(site, selection, next));
  };
  const edit = (fn: (x: OpenRing) => OpenRing) => {
    if (!selection) return;
    const next = rings.map((x, k) => (k === ring ? fn(x.slice()) : x));
    onChange(withRings(site, selection, next));
  };
  const zoneField =
    selection && selection.zone !== undefined
      ? plan.geometry.find((g) => g.name === selection.field)
      : undefined;
  const zone =
    zoneField && selection?.zone !== undefined ? site.zones[zoneField.name]?.[selection.zone] : undefined;
  return (
    <section className="vertex-table" aria-label="Vertices">
      <h3>Vertices</h3>
      {options.length === 0 ? (
        <p className="empty">Nothing drawn yet: pick an example, draw on the map, or import GeoJSON.</p>
      ) : (
        <label>
          Shape{' '}
          <select
            value={
              selection
                ? selection.zone === undefined
                  ? selection.field
                  : `${selection.field}#${selection.zone}`
                : ''
            }
            onChange={(e) => {
              const [field, zone] = e.target.value.split('#');
              onSelect(field ? { field, zone: zone === undefined ? undefined : Number(zone) } : null);
            }}
          >
            <option value="">(choose)</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {rings.length > 1 && (
        <label>
          {' '}
          Ring{' '}
          <select value={ring} onChange={(e) => setRing(Number(e.target.value))}>
            {rings.map((_, k) => (
              <option key={k} value={k}>
                {k === 0 ? 'outer' : `hole ${k}`}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={ring === 0}
            onClick={() => {
              if (!selection) return;
              onChange(
                withRings(
                  site,
                  selection,
                  rings.filter((_, k) => k !== ring),
                ),
              );
              setRing(0);
            }}
          >
            Delete hole
          </button>
        </label>
      )}
      {zone && (
        <div className="zone-attrs">
          <label>
            Id{' '}
            <input
              value={String(zone.attrs.id ?? '')}
              onChange={(e) => updateZone({ id: e.target.value || undefined })}
            />
          </label>
          <label>
            Kind{' '}
            <select
              value={String(zone.attrs.kind ?? 'other')}
              onChange={(e) => updateZone({ kind: e.target.value })}
            >
              {['easement', 'tree_protection', 'utility_buffer', 'other'].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            Buffer (m){' '}
            <input
              type="number"
              min={0}
              step={0.5}
              value={Number(zone.attrs.buffer_m ?? 0)}
              onChange={(e) => updateZone({ buffer_m: Number(e.target.value) })}
            />
          </label>
          <button type="button" onClick={removeZone}>
            Delete zone
          </button>
        </div>
      )}
      {r.length > 0 && (
        <table>
          <caption className="sr-only">Vertex coordinates in metres</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">x (m)</th>
              <th scope="col">y (m)</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {r.map((p, i) => (
              <tr key={`${i}-${p[0]}-${p[1]}`}>
                <th scope="row">{i}</th>
                {([0, 1] as const).map((axis) => (
                  <td key={axis}>
                    <input
                      aria-label={`Vertex ${i} ${axis === 0 ? 'x' : 'y'}`}
                      type="number"
                      step="any"
                      defaultValue={fmt(p[axis])}
                      onBlur={(e) => setVertex(i, axis, e.target.value)}
                      onKeyDown={(e) => e.key === 'Enter' && setVertex(i, axis, e.currentTarget.value)}
                    />
                  </td>
                ))}
                <td className="row-actions">
                  <button
                    type="button"
                    aria-label={`Insert a vertex after ${i}`}
                    onClick={() =>
                      edit((x) => {
                        const q = x[(i + 1) % x.length];
                        x.splice(i + 1, 0, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]);
                        return x;
                      })
                    }
                  >
                    +
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete vertex ${i}`}
                    disabled={r.length <= minVertices}
                    onClick={() =>
                      edit((x) => {
                        x.splice(i, 1);
                        return x;
                      })
                    }
                  >
                    −
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );

  function updateZone(patch: Record<string, unknown>) {
    if (!zoneField || selection?.zone === undefined) return;
    const zones = [...(site.zones[zoneField.name] ?? [])];
    const attrs = { ...zones[selection.zone].attrs, ...patch };
    for (const k of Object.keys(attrs)) if (attrs[k] === undefined) delete attrs[k];
    zones[selection.zone] = { ...zones[selection.zone], attrs };
    onChange({ ...site, zones: { ...site.zones, [zoneField.name]: zones } });
  }
  function removeZone() {
    if (!zoneField || selection?.zone === undefined) return;
    const zones = (site.zones[zoneField.name] ?? []).filter((_, k) => k !== selection.zone);
    onChange({ ...site, zones: { ...site.zones, [zoneField.name]: zones } });
    onSelect(null);
  }
}
