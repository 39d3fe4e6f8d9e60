/** Notifier settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';

export const NotifierConfigSchema = Type.Object({
  /** Where a citizen looks a dossier up; the code is appended as a path segment. Tracking's status endpoint until the lookup page lands (issue 6). */
  MOTCUA_LOOKUP_URL: Type.String({ format: 'uri', default: 'http://localhost:8086/v1/dossiers' }),
  /** Which SMS adapter: `log` records messages in the notifier's store and log (no telco). */
  SMS_PROVIDER: Type.Union([Type.Literal('log')], { default: 'log' }),
});

export type NotifierConfig = Static<typeof NotifierConfigSchema>;

export function loadNotifierConfig(env: Record<string, string | undefined> = process.env): NotifierConfig {
  return loadConfig(NotifierConfigSchema, env);
}
