/** Tracking settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import type { ServiceName } from '@motcua/contracts';

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
  /**
   * Where the ops pipeline view (`GET /v1/ops/pipeline`) reads the outbox backlog of a
   * service that does not run in tracking's process (one service per process): the
   * service's `/metrics`. Defaults are the default ports on this machine.
   */
  TRACKING_INTAKE_URL: ServiceUrl(8081),
  TRACKING_PROCESSING_URL: ServiceUrl(8082),
  TRACKING_SIGNING_URL: ServiceUrl(8083),
  TRACKING_RETURN_URL: ServiceUrl(8084),
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
  if (env['TRACE_VIEWER_URL_TEMPLATE'] === '') return { ...loadConfig(TrackingConfigSchema, { ...env, TRACE_VIEWER_URL_TEMPLATE: undefined }), TRACE_VIEWER_URL_TEMPLATE: '' };
  return loadConfig(TrackingConfigSchema, env);
}
