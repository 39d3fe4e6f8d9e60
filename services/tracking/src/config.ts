/** Tracking settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import type { ServiceName } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';

export const DEFAULT_TRACE_VIEWER_URL_TEMPLATE = 'http://localhost:16686/trace/{traceId}';

/** A service's base URL; its Prometheus text is at `<url>/metrics`. */
const ServiceUrl = (port: number) => Type.String({ format: 'uri', pattern: '^https?://', default: `http://localhost:${port}` });

export const TrackingConfigSchema = Type.Object({
  /**
   * Where an ops engineer opens a timeline step's trace; `{traceId}` is replaced by the
   * step's trace id. Defaults to Jaeger's UI from docker-compose. Set it to the empty
   * string to leave links out (no trace viewer deployed).
   */
  TRACE_VIEWER_URL_TEMPLATE: Type.String({ pattern: '\\{traceId\\}', default: DEFAULT_TRACE_VIEWER_URL_TEMPLATE }),
  /** Citizen lookups one client address may make per window (`/tra-cuu`, `POST /v1/lookup`). */
  TRACKING_LOOKUP_PER_CLIENT: Type.Integer({ minimum: 1, maximum: 100_000, default: 30 }),
  /** Wrong code-and-digits answers one dossier code takes per window before it is locked until the window ends. */
  TRACKING_LOOKUP_FAILURES_PER_CODE: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  TRACKING_LOOKUP_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** Return's base URL: the lookup page asks it for an electronic result's download link. */
  TRACKING_RETURN_URL: Type.String({ format: 'uri', default: 'http://localhost:8084' }),
  /**
   * The API key tracking sends return for those links (`dossiers:read`, every centre). Unset:
   * tracking creates its own in the shared key store on first use and keeps it in its store.
   */
  TRACKING_RETURN_API_KEY: Type.Optional(Type.String({ pattern: '^mck_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$' })),
  /** The postal points registry the lookup names points from; the shipped sample when unset. */
  TRACKING_POSTAL_POINTS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Status webhooks (docs/operations.md "Status webhooks"): how long one POST to an integrator may take. */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  /** Attempts per delivery (the first included) before it is given up as failed. */
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
  /** First retry delay; doubles per attempt up to WEBHOOK_RETRY_MAX_MS, which also caps a Retry-After. */
  WEBHOOK_RETRY_INITIAL_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 10_000 }),
  WEBHOOK_RETRY_MAX_MS: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 3_600_000 }),
  /** POSTs in flight at once, across every subscription; more lanes wait their turn in memory (their timers keep them durable). */
  WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16 }),
  /** A subscription is paused after this many deliveries in a row were given up. */
  WEBHOOK_PAUSE_AFTER_FAILURES: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  /**
   * Where the ops pipeline view (`GET /v1/ops/pipeline`) reads the outbox backlog of a
   * service that does not run in tracking's process (one service per process): the
   * service's `/metrics`. Defaults are the default ports on this machine. Return's is
   * TRACKING_RETURN_URL, which the lookup page uses too.
   */
  TRACKING_INTAKE_URL: ServiceUrl(8081),
  TRACKING_PROCESSING_URL: ServiceUrl(8082),
  TRACKING_SIGNING_URL: ServiceUrl(8083),
  TRACKING_NOTIFIER_URL: ServiceUrl(8085),
  /** How long the pipeline view waits for one service's `/metrics`. */
  TRACKING_SCRAPE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2000 }),
});

export type TrackingConfig = Static<typeof TrackingConfigSchema>;

/** The base URL of every other service, for the pipeline view. */
export function serviceUrls(config: TrackingConfig): Record<Exclude<ServiceName, 'tracking'>, string> {
  return {
    intake: config.TRACKING_INTAKE_URL,
    processing: config.TRACKING_PROCESSING_URL,
    signing: config.TRACKING_SIGNING_URL,
    return: config.TRACKING_RETURN_URL,
    notifier: config.TRACKING_NOTIFIER_URL,
  };
}

export function loadTrackingConfig(env: Record<string, string | undefined> = process.env): TrackingConfig {
  // loadConfig reads an empty variable as unset (and would apply the default), but here
  // "set and empty" is a deliberate choice: no trace links.
  const config =
    env['TRACE_VIEWER_URL_TEMPLATE'] === ''
      ? { ...loadConfig(TrackingConfigSchema, { ...env, TRACE_VIEWER_URL_TEMPLATE: undefined }), TRACE_VIEWER_URL_TEMPLATE: '' }
      : loadConfig(TrackingConfigSchema, env);
  if (config.WEBHOOK_RETRY_MAX_MS < config.WEBHOOK_RETRY_INITIAL_MS) {
    const message = 'must not be below WEBHOOK_RETRY_INITIAL_MS';
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: WEBHOOK_RETRY_MAX_MS: ${message}`, { fields: [{ path: 'WEBHOOK_RETRY_MAX_MS', message }] });
  }
  return config;
}
