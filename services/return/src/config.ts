/** Return settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import { loadRuntimeConfig, sharedLinkSecret } from '@motcua/runtime';

export const ReturnConfigSchema = Type.Object({
  /**
   * Key of the expiring download links for electronic results; signing, which serves
   * the documents, must have the same value. Unset on a SQLite store: generated once in
   * MOTCUA_DATA_DIR. Checked by hand, not by the schema, so a bad value is never echoed.
   */
  RESULT_LINK_SECRET: Type.Optional(Type.String()),
  /** How long a download link works. One day by default: long enough to open an SMS, short enough that a forwarded link dies. */
  RESULT_LINK_TTL_MINUTES: Type.Integer({ minimum: 1, maximum: 43_200, default: 1440 }),
  /** Signing's address as the citizen's browser reaches it: download links point there. */
  SIGNING_PUBLIC_URL: Type.String({ format: 'uri', pattern: '^https?://', default: 'http://localhost:8083' }),
});

export interface ReturnConfig {
  resultLinkSecret: string;
  resultLinkTtlMinutes: number;
  signingPublicUrl: string;
}

export function loadReturnConfig(env: Record<string, string | undefined> = process.env): ReturnConfig {
  const config: Static<typeof ReturnConfigSchema> = loadConfig(ReturnConfigSchema, env);
  return {
    resultLinkSecret: sharedLinkSecret('RESULT_LINK_SECRET', config.RESULT_LINK_SECRET, loadRuntimeConfig(env)),
    resultLinkTtlMinutes: config.RESULT_LINK_TTL_MINUTES,
    signingPublicUrl: config.SIGNING_PUBLIC_URL.replace(/\/+$/, ''),
  };
}
