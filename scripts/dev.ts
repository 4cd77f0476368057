import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { loadConfig } from '../api/config';
import { startServer } from '../api/server';

/**
 * `npm run dev`: the API (as `npm start` runs it, on PORT or 3000) and a Vite dev server
 * with hot reload for the admin (on ADMIN_DEV_PORT or 5173), proxying /api to the API.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = loadConfig();
const api = await startServer(config);
process.env.API_URL = api.url;

const vite = await createServer({
  configFile: path.join(ROOT, 'admin/vite.config.ts'),
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    host: config.host === '0.0.0.0' ? true : config.host,
    proxy: { '/api': { target: api.url, changeOrigin: false } },
  },
});
await vite.listen();
vite.printUrls();
api.logger.info({ admin: vite.resolvedUrls?.local[0], api: api.url }, 'dev mode: open the admin URL (hot reload), the API answers under /api');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    await vite.close();
    await api.close();
    process.exit(0);
  });
}
