/**
 * The express application every service starts from: security headers (helmet),
 * JSON with a size and depth limit, `/healthz` (the process is alive) and `/readyz`
 * (bus and store reachable), authentication (officer JWT or integrator API key; each
 * route declares what it admits), `Idempotency-Key` on every POST, the service's routes,
 * `/openapi.json` and `/docs` describing them, 404 and problem+json errors. Graceful
 * close included.
 */
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { extractTraceContext, tracer, type Logger, type ServiceMetrics } from '@motcua/observability';
import type { Authenticator } from '@motcua/auth';
import { authenticationMiddleware } from './authentication.middleware';
import { idempotencyMiddleware, type IdempotencyOptions } from './idempotency.middleware';
import { metricsRouter, requestDurationMiddleware } from './metrics.routes';
import { notFoundHandler, problemHandler } from './problem';
import { apiDocsRoutes } from './api-docs.routes';
import { apiRouter, routeSpecsOf } from './api-router';
import { openApiDocument } from './openapi';
import { answerClientError, jsonDepthLimit } from './request-guards';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  routers: Router[];
  readiness: ReadinessCheck[];
  /** Who is calling: required, so that nothing runs open by default (routes declare their access). */
  auth: Authenticator;
  /** Required so that no service's POST routes run without it (DESIGN.md §7). */
  idempotency: Omit<IdempotencyOptions, 'logger'>;
  bodyLimit?: string;
  /** `/metrics` and the request-duration histogram (see metrics.routes.ts). */
  metrics: ServiceMetrics;
  /** The first paragraph of the service's OpenAPI description. */
  description?: string;
}

/**
 * What an API answer may load in a browser: nothing. Pages (slips, the verify page,
 * the briefing, /docs) set their own policy, which replaces this one.
 */
const apiContentSecurityPolicy = { useDefaults: false, directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] } };

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestSpan);
  app.use(helmet({ contentSecurityPolicy: apiContentSecurityPolicy }));
  app.use(requestDurationMiddleware(options.metrics));
  const metrics = metricsRouter(options.metrics);
  app.use(metrics);
  app.use(express.json({ limit: options.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(jsonDepthLimit);
  const probes = apiRouter();
  const probe = { public: 'a probe for the supervisor and the load balancer; says nothing about dossiers' } as const;
  probes.get({ path: '/healthz', summary: 'The process is alive', access: probe, responses: { 200: { description: '`{"status":"ok"}`' } } }, ({ res }) => {
    res.json({ status: 'ok', service: options.service });
  });
  probes.get({ path: '/readyz', summary: 'The bus and the store are reachable', access: probe, responses: { 200: { description: 'ready' }, 503: { description: 'not ready: `checks` says which' } } }, async ({ res }) => {
    const results = await Promise.all(
      options.readiness.map(async (r) => {
        try {
          return { name: r.name, ...(await r.check()) };
        } catch (error) {
          return { name: r.name, ok: false, detail: (error as Error).message };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', service: options.service, checks: results });
  });
  app.use(probes.router);
  app.use(authenticationMiddleware(options.auth));
  // After the body parser (the key is bound to the parsed body's hash), before every route.
  app.use(idempotencyMiddleware({ ...options.idempotency, logger: options.logger }));
  // Read when asked, by which time it is built from every route, its own included.
  const docs = apiDocsRoutes(options.service, () => document);
  const document = openApiDocument({ service: options.service, description: options.description ?? `The ${options.service} service.` }, [probes.router, metrics, docs, ...options.routers].flatMap(routeSpecsOf));
  app.use(docs);
  for (const router of options.routers) app.use(router);
  app.use(notFoundHandler);
  app.use(problemHandler(options.logger));
  return app;
}

/**
 * Where the http auto-instrumentation is not loaded (in-process tests, a service
 * started without `--require …/register`) or skips the request (a callback carrying
 * `traceparent` in its query), requests still get a SERVER span that continues the
 * caller's trace, so the dossier's trace starts at the request.
 */
const requestSpan: express.RequestHandler = (req, res, next) => {
  if (trace.getActiveSpan() || /^\/(healthz|readyz|metrics)$/.test(req.path)) return next();
  // A gateway callback that cannot send headers carries the trace in its URL (see the notifier's dlr-url).
  const fromQuery = typeof req.query['traceparent'] === 'string' ? { traceparent: req.query['traceparent'] } : {};
  const parent = extractTraceContext({ ...fromQuery, ...(req.headers as Record<string, string>) });
  const span = tracer().startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } }, parent);
  res.once('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};

export interface RunningHttp {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<RunningHttp> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', answerClientError);
    server.once('error', reject);
    server.once('listening', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: actual,
        url: `http://localhost:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // In-flight requests get a moment to finish; then their sockets are cut.
            setTimeout(() => server.closeAllConnections(), 5000).unref();
          }),
      });
    });
  });
}
