import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// The admin is served by the API at `/` (same origin as /api); `npm run dev` proxies /api instead.
export default defineConfig(({ command }) => ({
  root,
  base: '/',
  plugins: [react(), ...(command === 'build' ? [productionBuild()] : [])],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // react-admin + MUI make one large vendor chunk; exceljs is loaded on demand only.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
}));

/**
 * A build is always a production build, even when it is started from a test run (vitest sets
 * NODE_ENV=test, which would give React's development build and JSX runtime). Vite reads
 * NODE_ENV after loading this file; the caller's value is put back once the bundle is written.
 */
function productionBuild(): Plugin {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const restore = () => {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  };
  return {
    name: 'conance:production-build',
    buildEnd(error) {
      if (error) restore();
    },
    closeBundle: restore,
  };
}
