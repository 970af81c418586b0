// GeoJSON in: paste, upload or drop (on the map) a Polygon with holes, a Feature, a FeatureCollection or a
// plain ring, into the field chosen here.
import { useEffect, useRef, useState } from 'react';
import { ImportError, parseShapes, type Shape } from './lib/geojson-import.ts';
import type { FormPlan } from './lib/schema-form.ts';

interface Props {
  plan: FormPlan;
  onImport(shapes: Shape[], into: string): void;
}

export function ImportPanel({ plan, onImport }: Props) {
  const [into, setInto] = useState(plan.geometry[0]?.name ?? '');
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const intoRef = useRef(into);
  intoRef.current = into;
  useEffect(() => setInto(plan.geometry[0]?.name ?? ''), [plan]);
  const run = (t: string) => {
    try {
      onImport(parseShapes(t), intoRef.current);
      setError('');
      setText('');
    } catch (e) {
      setError(e instanceof ImportError || e instanceof Error ? e.message : String(e));
    }
  };
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const on = (e: Event) => runRef.current((e as CustomEvent<string>).detail);
    window.addEventListener('kuduso-import', on);
    return () => window.removeEventListener('kuduso-import', on);
  }, []);
  return (
    <details className="import">
      <summary>Import GeoJSON or a ring</summary>
      <label>
        Into{' '}
        <select value={into} onChange={(e) => setInto(e.target.value)}>
          {plan.geometry.map((g) => (
            <option key={g.name} value={g.name}>
              {g.title}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        Paste GeoJSON (Polygon, Feature, FeatureCollection) or [[x, y], ...]
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      <div className="row">
        <button type="button" onClick={() => run(text)} disabled={!text.trim()}>
          Import
        </button>
        <label className="file">
          Upload file{' '}
          <input
            type="file"
            accept=".json,.geojson,application/geo+json,application/json"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then(run);
              e.target.value = '';
            }}
          />
        </label>
        <span className="hint">or drop a file on the map</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
