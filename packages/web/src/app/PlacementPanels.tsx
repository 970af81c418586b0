// A placement's every metric and score part, and two placements side by side: the results' read-only panels.
import type { Ring } from '@kuduso/sitefit';

export interface PlacementF {
  id: string;
  rank: number;
  ring: Ring;
  props: Record<string, unknown>;
}

export const num = (v: unknown) =>
  typeof v === 'number'
    ? Math.abs(v) >= 100
      ? v.toFixed(1).replace(/\.0$/, '')
      : v.toFixed(3).replace(/\.?0+$/, '')
    : String(v ?? '');
const METRIC_SKIP = new Set(['role', 'rank', 'id', 'tags', 'score']);

export function PlacementDetail({ p, result }: { p: PlacementF; result?: Record<string, unknown> }) {
  const metrics =
    (result?.metrics as Record<string, unknown> | undefined) ??
    Object.fromEntries(Object.entries(p.props).filter(([k]) => !METRIC_SKIP.has(k)));
  const parts = (result?.score_parts ?? result?.kpis ?? result?.score_breakdown) as
    | Record<string, unknown>
    | undefined;
  return (
    <section className="detail" aria-label={`Placement ${p.rank}`}>
      <h3>
        Placement #{p.rank} <small>{(result?.tags as string[] | undefined)?.join(', ')}</small>
      </h3>
      <dl data-testid="placement-metrics">
        <dt>score</dt>
        <dd>{num(result?.score ?? p.props.score)}</dd>
        {Object.entries(metrics).map(([k, v]) => (
          <div key={k} className="part">
            <dt>{k}</dt>
            <dd>{typeof v === 'object' ? JSON.stringify(v) : num(v)}</dd>
          </div>
        ))}
      </dl>
      {parts && (
        <>
          <h4>Score parts</h4>
          <dl>
            {Object.entries(parts).map(([k, v]) => (
              <div key={k} className="part">
                <dt>{k}</dt>
                <dd>{typeof v === 'object' ? JSON.stringify(v) : num(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

export function Compare({ a, b }: { a: PlacementF; b: PlacementF }) {
  const keys = [...new Set([...Object.keys(a.props), ...Object.keys(b.props)])].filter(
    (k) => !METRIC_SKIP.has(k) && typeof (a.props[k] ?? b.props[k]) === 'number',
  );
  return (
    <table className="compare" aria-label={`Compare #${a.rank} and #${b.rank}`}>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">#{a.rank}</th>
          <th scope="col">#{b.rank}</th>
          <th scope="col">Δ</th>
        </tr>
      </thead>
      <tbody>
        {['score', ...keys].map((k) => {
          const x = Number(a.props[k]);
          const y = Number(b.props[k]);
          return (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{num(x)}</td>
              <td>{num(y)}</td>
              <td>{num(y - x)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
