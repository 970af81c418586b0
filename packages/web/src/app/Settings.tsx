// Page settings kept in this browser: the API token (when the API requires authentication) and an optional
// basemap tile URL (the map needs none).
import { useState } from 'react';
import { TOKEN_KEY } from './lib/api.ts';
import { BASEMAP_KEY } from './map-setup.ts';

export function Settings() {
  const [token, setToken] = useState(localStorage.getItem(TOKEN_KEY) ?? '');
  const [tiles, setTiles] = useState(localStorage.getItem(BASEMAP_KEY) ?? '');
  const save = (key: string, value: string) =>
    value ? localStorage.setItem(key, value) : localStorage.removeItem(key);
  return (
    <details className="settings">
      <summary>Settings</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save(TOKEN_KEY, token.trim());
          save(BASEMAP_KEY, tiles.trim());
          location.reload();
        }}
      >
        <label>
          API token (Bearer){' '}
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <label>
          Basemap tiles (XYZ URL, optional){' '}
          <input
            value={tiles}
            placeholder="https://…/{z}/{x}/{y}.png"
            onChange={(e) => setTiles(e.target.value)}
          />
        </label>
        <button type="submit">Save</button>
      </form>
    </details>
  );
}
