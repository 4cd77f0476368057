import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Buckets from 5 ms to 10 s: list pages answer in tens of ms, uploads and exports in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Request counts and durations by method, route pattern and status. The route label is the
 * pattern Express matched (`/api/clients/:id`), never the raw URL: one series per route, not
 * one per client id. Unmatched API paths share `unmatched`, admin assets `static`.
 */
export function httpMetrics(registry: Registry): RequestHandler {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its answer, by method, route pattern and status',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const route = captureMatchedRoute(req);
    res.once('finish', () => {
      const labels = { method: req.method, route: route.label(), status: String(res.statusCode) };
      requests.inc(labels);
      durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * Express sets `req.route` when a route matches, but by the time the answer is sent an error
 * may have unwound the routers and reset `req.baseUrl` (an error handler then answers). The
 * full pattern is therefore read at the moment of the match, through an accessor on the request.
 */
function captureMatchedRoute(req: Request) {
  let pattern: string | undefined;
  let matched: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => matched,
    set(route: { path?: unknown } | undefined) {
      matched = route;
      if (!route) return;
      // baseUrl is the URL's own spelling of the mounts (`/API/Clients` reaches `/api/clients`);
      // every mount here is a lower-case literal, so lower-casing it gives the pattern back.
      const mount = req.baseUrl.toLowerCase().replace(/\/{2,}/g, '/');
      pattern = typeof route.path === 'string' ? `${mount}${route.path === '/' ? '' : route.path}` || '/' : 'admin';
    },
  });
  return {
    label: () => pattern ?? (req.originalUrl.toLowerCase().startsWith('/api') ? 'unmatched' : 'static'),
  };
}
