import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// The admin is served by the API at `/` (same origin as /api); `npm run dev` proxies /api instead.
export default defineConfig(({ command }) => ({
  root,
  base: '/',
  plugins: [react()],
  // A build is always a production build, even when started from a test run (NODE_ENV=test):
  // React and react-admin drop their development checks and console logging.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
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
