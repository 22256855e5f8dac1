import { defineConfig } from 'vite';

// Built by `npm run build` into dist/console, which the service serves at /console/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    // The service serves these files itself; source maps would only add weight to the download.
    sourcemap: false,
  },
});
