// The page's shell: header, navigation and the current view. Hash routes (#/, #/jobs, #/jobs/{id}) so that
// every API path stays the API's.
import { useEffect, useState } from 'react';
import { JobList } from './JobList.tsx';
import { JobPage } from './JobPage.tsx';
import { NewJob } from './NewJob.tsx';
import { Settings } from './Settings.tsx';

function route(hash: string) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  return { path: path || '/', q: new URLSearchParams(query) };
}

export function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const { path, q } = route(hash);
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  let view: React.ReactNode;
  if (job) view = <JobPage key={job[1]} id={decodeURIComponent(job[1])} />;
  else if (path === '/jobs') view = <JobList />;
  else
    view = (
      <NewJob
        key={`${q.get('from') ?? ''}|${q.get('def') ?? ''}`}
        def={q.get('def') ?? undefined}
        from={q.get('from') ?? undefined}
        serverValidation={q.get('validate') === 'server'}
      />
    );
  return (
    <div className="app">
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="top">
        <a className="brand" href="#/">
          Kuduso
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={!job && path !== '/jobs' ? 'page' : undefined}>
            New job
          </a>
          <a href="#/jobs" aria-current={path === '/jobs' ? 'page' : undefined}>
            Jobs
          </a>
          <a href="/docs">API docs</a>
        </nav>
        <Settings />
      </header>
      <main id="main" tabIndex={-1}>
        {view}
      </main>
    </div>
  );
}
