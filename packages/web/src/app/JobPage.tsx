// One job: its live status timeline (SSE, polling as fallback), cancel, duplicate-and-edit, and the results.
import { useCallback, useEffect, useState } from 'react';
import { useJobStatus } from './job-stream.ts';
import { ApiError, cancelJob, getJobInputs, getResult, type JobResult } from './lib/api.ts';
import { ResultsView } from './ResultsView.tsx';

export function JobPage({ id }: { id: string }) {
  const { status, timeline, mode, error, refresh } = useJobStatus(id);
  const [result, setResult] = useState<JobResult | null>(null);
  const [resultError, setResultError] = useState('');
  const [cancelMsg, setCancelMsg] = useState('');
  const [crs, setCrs] = useState('EPSG:5514');
  const [inputs, setInputs] = useState<Record<string, unknown> | null>(null);

  const loadResult = useCallback(() => {
    getResult(id).then(setResult, (e: Error) => setResultError(e.message));
  }, [id]);
  useEffect(() => {
    if (status?.status === 'succeeded') loadResult();
  }, [status?.status, loadResult]);
  useEffect(() => {
    getJobInputs(id).then(
      (j) => {
        setInputs(j.inputs);
        if (typeof j.inputs.crs === 'string') setCrs(j.inputs.crs);
      },
      () => {},
    );
  }, [id]);

  const cancel = async () => {
    setCancelMsg('Cancelling…');
    try {
      const s = await cancelJob(id);
      setCancelMsg(s.status === 'cancelled' ? 'Cancelled.' : `Cancel requested (the job is ${s.status}).`);
      refresh();
    } catch (e) {
      setCancelMsg(
        e instanceof ApiError ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : (e as Error).message,
      );
    }
  };

  if (error && !status)
    return (
      <p className="field-error" role="alert">
        Job {id}: {error}
      </p>
    );
  if (!status) return <p className="loading">Loading job {id}…</p>;
  const active = status.status === 'queued' || status.status === 'running';
  return (
    <div className="job-page">
      <div className="job-head">
        <h1>
          Job <code>{id.slice(0, 8)}</code>{' '}
          <span className={`badge ${status.status}`} data-testid="job-status">
            {status.status}
          </span>
        </h1>
        <div className="row">
          {active && (
            <button type="button" onClick={() => void cancel()} className="danger">
              Cancel job
            </button>
          )}
          <a className="button" href={`#/?from=${encodeURIComponent(id)}`}>
            Duplicate and edit
          </a>
        </div>
      </div>
      <p className="meta">
        {status.definition}@{status.version} · correlation id <code>{status.correlation_id}</code> ·{' '}
        {mode === 'live'
          ? 'live (server-sent events)'
          : mode === 'polling'
            ? 'updating every second'
            : mode === 'done'
              ? 'finished'
              : 'connecting…'}
      </p>
      {cancelMsg && <p role="status">{cancelMsg}</p>}
      <ol className="timeline" aria-label="Status timeline" data-testid="timeline">
        {timeline.map((t, i) => (
          <li key={i} className={t.status}>
            <time dateTime={t.at}>{new Date(t.at).toLocaleTimeString()}</time> <strong>{t.status}</strong>{' '}
            <span>{t.text}</span>
          </li>
        ))}
      </ol>
      {status.status === 'failed' && status.last_error && (
        <p className="field-error" role="alert">
          {status.last_error}
        </p>
      )}
      {resultError && (
        <p className="field-error" role="alert">
          {resultError}
        </p>
      )}
      {result && (
        <ResultsView
          jobId={id}
          result={result}
          crs={crs}
          inputs={inputs}
          definition={`${status.definition}:${status.version}`}
          onRefresh={loadResult}
        />
      )}
    </div>
  );
}
