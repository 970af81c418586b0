// The result's files with a live expiry countdown; expired links are re-minted by reading the result again.
import { useEffect, useState } from 'react';
import type { Artifact } from './lib/api.ts';

function left(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  return `expires in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function ArtifactList({ artifacts, onRefresh }: { artifacts: Artifact[]; onRefresh(): void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const anyExpired = artifacts.some((a) => Date.parse(a.expires_at) <= now);
  if (artifacts.length === 0) return <p className="empty">No artifacts.</p>;
  return (
    <section className="artifacts" aria-label="Artifacts">
      <h3>Artifacts</h3>
      <ul>
        {artifacts.map((a) => {
          const ms = Date.parse(a.expires_at) - now;
          return (
            <li key={a.kind + a.label}>
              <span className="kind">{a.kind.toUpperCase()}</span>{' '}
              {ms > 0 ? (
                <a href={a.url} target="_blank" rel="noreferrer">
                  {a.label ?? a.kind}
                </a>
              ) : (
                <span>{a.label ?? a.kind}</span>
              )}{' '}
              <span className={`expiry ${ms < 60_000 ? 'soon' : ''}`}>({left(ms)})</span>
            </li>
          );
        })}
      </ul>
      <button type="button" onClick={onRefresh} className={anyExpired ? 'primary' : ''}>
        Get new links
      </button>
    </section>
  );
}
