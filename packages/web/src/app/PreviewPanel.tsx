// The live preview of the selected placement: buttons that move and turn it, the page's evaluation of where
// it is now (validity with the reason, min setback, score and its parts), and the server lane's verdict.
import type { PreviewResult } from './lib/preview.ts';

/** How far the selected placement has been moved and turned from its result pose. */
export interface Drag {
  id: string;
  dx: number;
  dy: number;
  dDeg: number;
}

export interface ServerCheck {
  text: string;
  agrees: boolean | null;
}

const MOVES = [
  ['←', -0.5, 0, 0],
  ['→', 0.5, 0, 0],
  ['↑', 0, 0.5, 0],
  ['↓', 0, -0.5, 0],
  ['⟲ 5°', 0, 0, 5],
  ['⟳ 5°', 0, 0, -5],
] as const;

interface Props {
  rank: number;
  drag: Drag | null;
  preview: PreviewResult | null;
  server: ServerCheck | null;
  onMove(dx: number, dy: number, dDeg: number): void;
  onReset(): void;
}

export function PreviewPanel({ rank, drag, preview, server, onMove, onReset }: Props) {
  return (
    <section
      className={`preview ${preview ? (preview.valid ? 'ok' : 'bad') : ''}`}
      aria-label="Live preview"
      aria-live="polite"
      data-testid="preview"
    >
      <h3>Live preview (in the browser)</h3>
      <p className="hint">
        Drag #{rank} on the map (Shift+drag rotates), or use the keys below. Evaluated exactly on every move.
      </p>
      <fieldset className="row plain">
        <legend className="sr-only">Move the selected placement</legend>
        {MOVES.map(([label, dx, dy, dd]) => (
          <button key={label} type="button" onClick={() => onMove(dx, dy, dd)}>
            {label}
          </button>
        ))}
        <button type="button" onClick={onReset} disabled={!drag}>
          Reset
        </button>
      </fieldset>
      {preview ? (
        <dl>
          <dt>Valid</dt>
          <dd data-testid="preview-valid">{preview.valid ? '✓ yes' : `✕ no: ${preview.reason}`}</dd>
          <dt>Min setback</dt>
          <dd data-testid="preview-setback">{preview.minSetback.toFixed(3)} m</dd>
          {preview.score !== null && (
            <>
              <dt>Score</dt>
              <dd data-testid="preview-score">{preview.score.toFixed(4)}</dd>
            </>
          )}
          {preview.parts &&
            Object.entries(preview.parts).map(([k, v]) => (
              <div key={k} className="part">
                <dt>· {k}</dt>
                <dd>{v.toFixed(4)}</dd>
              </div>
            ))}
          <dt>Moved by</dt>
          <dd>{drag ? `${drag.dx.toFixed(2)} m, ${drag.dy.toFixed(2)} m, ${drag.dDeg.toFixed(1)}°` : '0'}</dd>
        </dl>
      ) : (
        <p className="empty">Not moved yet.</p>
      )}
      {server && (
        <p data-testid="server-preview" className={server.agrees === false ? 'field-error' : 'hint'}>
          {server.text}
        </p>
      )}
    </section>
  );
}
