/**
 * `/metrics` (Prometheus text: this service's series, then the process's) and the
 * HTTP request duration of every request, labelled by the route pattern that served
 * it, never the raw path: `/v1/dossiers/:code`, not one series per dossier.
 */
import type { RequestHandler, Router } from 'express';
import type { ServiceMetrics } from '@motcua/observability';
import { apiRouter } from './api-router';

/** Requests no route matched (404s, probes for random paths) share one series. */
const UNMATCHED_ROUTE = 'unmatched';

export function requestDurationMiddleware(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : UNMATCHED_ROUTE;
      stop({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}

export function metricsRouter(metrics: ServiceMetrics): Router {
  const api = apiRouter();
  api.get(
    { path: '/metrics', summary: 'Prometheus metrics: this service\'s series, then the process\'s',
      access: { public: 'counts and durations without personal data, for the Prometheus scraper; expose it inside the cluster only (docs/operations.md)' },
      responses: { 200: { description: 'the exposition text', contentTypes: ['text/plain; version=0.0.4; charset=utf-8'] } } },
    async ({ res }) => {
      const { contentType, text } = await metrics.exposition();
      res.type(contentType).send(text);
    },
  );
  return api.router;
}
