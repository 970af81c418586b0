// Jobs, newest first, filtered by status and definition, keyset-paginated (GET /jobs?status=&definition=&limit=&cursor=).
import { useEffect, useRef, useState } from 'react';
import { ApiError, hasRoute, type JobStatus, listJobs } from './lib/api.ts';

const STATUSES = ['', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];

export function JobList() {
  const [status, setStatus] = useState('');
  const [definition, setDefinition] = useState('');
  const [jobs, setJobs] = useState<JobStatus[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  // Only the latest request's answer is shown (typing in the filter sends several).
  const seq = useRef(0);
  const load = async (more: boolean) => {
    const mine = ++seq.current;
    if (!(await hasRoute('GET', '/jobs'))) {
      setError('The job list is not available on this server yet (GET /jobs).');
      return;
    }
    listJobs({ status, definition, limit: 20, cursor: more ? (cursor ?? undefined) : undefined }).then(
      (page) => {
        if (mine !== seq.current) return;
        setJobs((j) => (more && j ? [...j, ...page.items] : page.items));
        setCursor(page.next_cursor ?? null);
        setError('');
      },
      (e: Error) =>
        mine === seq.current &&
        setError(
          e instanceof ApiError && e.status === 404
            ? 'The job list is not available on this server yet.'
            : e.message,
        ),
    );
  };
  useEffect(() => {
    const t = setTimeout(() => void load(false), 250);
    return () => clearTimeout(t);
  }, [status, definition]);
  return (
    <div className="job-list">
      <h1>Jobs</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Definition{' '}
          <input
            value={definition}
            onChange={(e) => setDefinition(e.target.value)}
            placeholder="e.g. sitefit"
          />
        </label>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!jobs && !error && <p className="loading">Loading jobs…</p>}
      {jobs && jobs.length === 0 && (
        <p className="empty">
          No jobs yet. <a href="#/">Submit one.</a>
        </p>
      )}
      {jobs && jobs.length > 0 && (
        <table className="jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Definition</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.job_id}>
                <td>
                  <a href={`#/jobs/${j.job_id}`}>
                    <code>{j.job_id.slice(0, 8)}</code>
                  </a>
                </td>
                <td>
                  {j.definition}@{j.version}
                </td>
                <td>
                  <span className={`badge ${j.status}`}>{j.status}</span>
                </td>
                <td>
                  <time dateTime={j.created_at}>{new Date(j.created_at).toLocaleString()}</time>
                </td>
                <td>{j.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(true)}>
          Load more
        </button>
      )}
    </div>
  );
}
