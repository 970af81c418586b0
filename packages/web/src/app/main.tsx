// Entry of the page: mounts the app. Styles are imported here so Vite bundles them.
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(<App />);
