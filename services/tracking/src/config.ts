/** Tracking settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';

export const DEFAULT_TRACE_VIEWER_URL_TEMPLATE = 'http://localhost:16686/trace/{traceId}';

export const TrackingConfigSchema = Type.Object({
  /**
   * Where an ops engineer opens a timeline step's trace; `{traceId}` is replaced by the
   * step's trace id. Defaults to Jaeger's UI from docker-compose. Set it to the empty
   * string to leave links out (no trace viewer deployed).
   */
  TRACE_VIEWER_URL_TEMPLATE: Type.String({ pattern: '\\{traceId\\}', default: DEFAULT_TRACE_VIEWER_URL_TEMPLATE }),
});

export type TrackingConfig = Static<typeof TrackingConfigSchema>;

export function loadTrackingConfig(env: Record<string, string | undefined> = process.env): TrackingConfig {
  // loadConfig reads an empty variable as unset (and would apply the default), but here
  // "set and empty" is a deliberate choice: no trace links.
  if (env['TRACE_VIEWER_URL_TEMPLATE'] === '') return { ...loadConfig(TrackingConfigSchema, { ...env, TRACE_VIEWER_URL_TEMPLATE: undefined }), TRACE_VIEWER_URL_TEMPLATE: '' };
  return loadConfig(TrackingConfigSchema, env);
}
