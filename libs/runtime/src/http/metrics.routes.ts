/**
 * `/metrics` (Prometheus text: this service's series, then the process's) and the
 * HTTP request duration of every request, labelled by the route pattern that served
 * it, never the raw path: `/v1/dossiers/:code`, not one series per dossier.
 */
import type { RequestHandler, Router } from 'express';
import express from 'express';
import type { ServiceMetrics } from '@motcua/observability';

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
  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      const { contentType, text } = await metrics.exposition();
      res.type(contentType).send(text);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
