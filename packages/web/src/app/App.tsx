// The page's shell: header, navigation and the current view (hash routes, so the API keeps every path).
import { useEffect, useState } from 'react';

export function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return (
    <div className="app">
      <header className="top">
        <a className="brand" href="#/">
          Kuduso
        </a>
        <nav aria-label="Main">
          <a href="#/">New job</a>
          <a href="#/jobs">Jobs</a>
          <a href="/docs">API docs</a>
        </nav>
      </header>
      <main id="main">
        <p>Route {hash || '#/'}</p>
      </main>
    </div>
  );
}
