// Vite build of the page. The pure @kuduso/sitefit package is bundled in for the live preview, and the
// contracts' form validators are compiled in (no eval in the page: src/serve/form-validators.ts).
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { formValidators } from './src/serve/form-validators.ts';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), formValidators(join(import.meta.dirname, '../../contracts'))],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
    target: 'es2022',
  },
});
