// Per-edge settings of the parcel (sitefit@2.0.0: street edges get the front setback; any edge can have its
// own distance). Edge classes follow the contract: street -> front; facing away (> 135° from the mean street
// normal) -> rear; the others side; without street edges every edge is a side edge.

import type { OpenRing } from './lib/geojson-import.ts';
import { edgeKey, type FormPlan, type SiteGeometry } from './lib/schema-form.ts';

export interface EdgeClass {
  cls: 'front' | 'side' | 'rear';
  own?: number;
  label: string;
}

export function edgeClasses(outer: OpenRing, site: SiteGeometry, plan: FormPlan): EdgeClass[] {
  const setField = plan.edges.find((e) => e.kind === 'set');
  const valueField = plan.edges.find((e) => e.kind === 'values');
  const street = new Set(setField ? (site.edgeSets[edgeKey(setField)] ?? []) : []);
  const own = valueField ? (site.edgeValues[edgeKey(valueField)] ?? {}) : {};
  const n = outer.length;
  let area2 = 0;
  for (let i = 0; i < n; i++) {
    const [x0, y0] = outer[i];
    const [x1, y1] = outer[(i + 1) % n];
    area2 += x0 * y1 - x1 * y0;
  }
  const ccw = area2 > 0 ? 1 : -1;
  const normal = (k: number): [number, number] => {
    const [x0, y0] = outer[k];
    const [x1, y1] = outer[(k + 1) % n];
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.hypot(dx, dy) || 1;
    return [(ccw * dy) / len, (-ccw * dx) / len];
  };
  let mx = 0;
  let my = 0;
  for (const k of street) {
    if (k >= n) continue;
    const [x, y] = normal(k);
    mx += x;
    my += y;
  }
  const hasStreet = street.size > 0 && Math.hypot(mx, my) > 1e-9;
  return outer.map((_, k) => {
    let cls: EdgeClass['cls'] = 'side';
    if (street.has(k)) cls = 'front';
    else if (hasStreet) {
      const [x, y] = normal(k);
      const cos = (x * mx + y * my) / Math.hypot(mx, my);
      if (cos < Math.cos((135 * Math.PI) / 180)) cls = 'rear';
    }
    const d = own[k];
    return { cls, own: d, label: `e${k} ${cls}${d !== undefined ? ` ${d} m` : ''}` };
  });
}

interface Props {
  plan: FormPlan;
  site: SiteGeometry;
  edge: number;
  classes: EdgeClass[];
  onChange(next: SiteGeometry): void;
  onClose(): void;
}

export function EdgePanel({ plan, site, edge, classes, onChange, onClose }: Props) {
  const setField = plan.edges.find((e) => e.kind === 'set');
  const valueField = plan.edges.find((e) => e.kind === 'values');
  const c = classes[edge];
  const street = setField ? (site.edgeSets[edgeKey(setField)] ?? []) : [];
  const own = valueField ? site.edgeValues[edgeKey(valueField)]?.[edge] : undefined;
  return (
    <fieldset className="edge-panel" aria-label={`Parcel edge ${edge}`}>
      <legend>
        Edge {edge}: {c?.cls ?? 'side'}
      </legend>
      {setField && (
        <label>
          <input
            type="checkbox"
            checked={street.includes(edge)}
            onChange={(e) => {
              const next = e.target.checked ? [...street, edge] : street.filter((k) => k !== edge);
              onChange({ ...site, edgeSets: { ...site.edgeSets, [edgeKey(setField)]: next } });
            }}
          />{' '}
          Street edge (gets the front setback)
        </label>
      )}
      {valueField && (
        <label>
          Own setback (m){' '}
          <input
            type="number"
            min={0}
            step={0.1}
            value={own ?? ''}
            placeholder="by class"
            onChange={(e) => {
              const values = { ...(site.edgeValues[edgeKey(valueField)] ?? {}) };
              if (e.target.value === '') delete values[edge];
              else values[edge] = Number(e.target.value);
              onChange({ ...site, edgeValues: { ...site.edgeValues, [edgeKey(valueField)]: values } });
            }}
          />
        </label>
      )}
      <button type="button" onClick={onClose}>
        Done
      </button>
    </fieldset>
  );
}
