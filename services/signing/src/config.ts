/** Signing settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import { loadRuntimeConfig, sharedLinkSecret } from '@motcua/runtime';

export const SigningConfigSchema = Type.Object({
  /**
   * Key of the expiring download links return hands out for signed documents; return
   * must have the same value. Unset on a SQLite store: generated once in MOTCUA_DATA_DIR.
   * Checked by hand, not by the schema, so a bad value is never echoed in the error.
   */
  RESULT_LINK_SECRET: Type.Optional(Type.String()),
});

export interface SigningConfig {
  resultLinkSecret: string;
}

export function loadSigningConfig(env: Record<string, string | undefined> = process.env): SigningConfig {
  const config: Static<typeof SigningConfigSchema> = loadConfig(SigningConfigSchema, env);
  return { resultLinkSecret: sharedLinkSecret('RESULT_LINK_SECRET', config.RESULT_LINK_SECRET, loadRuntimeConfig(env)) };
}
