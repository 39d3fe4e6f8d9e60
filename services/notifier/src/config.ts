/** Notifier settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';

export const NotifierConfigSchema = Type.Object({
  /** Citizen lookup page; the dossier code is appended as `?ma=<code>`. */
  MOTCUA_LOOKUP_URL: Type.String({ format: 'uri', default: 'http://localhost:8086/tra-cuu' }),
  /** Which SMS adapter: `log` records messages in the notifier's store and log (no telco). */
  SMS_PROVIDER: Type.Union([Type.Literal('log')], { default: 'log' }),
});

export type NotifierConfig = Static<typeof NotifierConfigSchema>;

export function loadNotifierConfig(env: Record<string, string | undefined> = process.env): NotifierConfig {
  return loadConfig(NotifierConfigSchema, env);
}
