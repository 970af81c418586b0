// Page settings kept in this browser: the API token (when the API requires authentication) and an optional
// basemap tile URL (the map needs none). A modal dialog: the page behind is inert, Tab stays inside,
// Escape or Cancel closes it and focus goes back to the Settings button.
import { type KeyboardEvent, useRef, useState } from 'react';
import { TOKEN_KEY } from './lib/api.ts';
import { BASEMAP_KEY } from './map-setup.ts';

const FOCUSABLE = 'input, select, textarea, button, [href], [tabindex]:not([tabindex="-1"])';

export function Settings() {
  const [token, setToken] = useState(localStorage.getItem(TOKEN_KEY) ?? '');
  const [tiles, setTiles] = useState(localStorage.getItem(BASEMAP_KEY) ?? '');
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const save = (key: string, value: string) =>
    value ? localStorage.setItem(key, value) : localStorage.removeItem(key);
  const close = () => {
    dialog.current?.close();
    opener.current?.focus();
  };
  // The native modal already makes the page inert; this keeps Tab cycling within the dialog's own controls
  // instead of leaving for the browser's.
  const trap = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };
  return (
    <div className="settings">
      <button
        ref={opener}
        type="button"
        aria-haspopup="dialog"
        onClick={() => {
          setToken(localStorage.getItem(TOKEN_KEY) ?? '');
          setTiles(localStorage.getItem(BASEMAP_KEY) ?? '');
          dialog.current?.showModal();
        }}
      >
        Settings
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="settings-title"
        onKeyDown={trap}
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save(TOKEN_KEY, token.trim());
            save(BASEMAP_KEY, tiles.trim());
            location.reload();
          }}
        >
          <h2 id="settings-title">Settings</h2>
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
          <div className="row">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
