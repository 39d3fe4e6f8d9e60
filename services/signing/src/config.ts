/** Signing settings, read once at start; a bad value stops start-up naming the variable. */
import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import { AppError, ErrorCodes } from '@motcua/errors';
import { loadRuntimeConfig, sharedLinkSecret } from '@motcua/runtime';

export const SigningConfigSchema = Type.Object({
  /**
   * Key of the expiring download links return hands out for signed documents; return
   * must have the same value. Unset on a SQLite store: generated once in MOTCUA_DATA_DIR.
   * Checked by hand, not by the schema, so a bad value is never echoed in the error.
   */
  RESULT_LINK_SECRET: Type.Optional(Type.String()),
  /**
   * Protects the leaders' PKCS#12 files (and the local CA's) under MOTCUA_DATA_DIR/signing.
   * Unset on a SQLite store: generated once and kept beside them (a demo arrangement:
   * whoever reads the data directory can sign). Required on MongoDB.
   */
  SIGNING_P12_PASSPHRASE: Type.Optional(Type.String()),
  /** Signing's address as a citizen's phone reaches it: the QR code on each result points to its /verify page. */
  SIGNING_PUBLIC_URL: Type.String({ format: 'uri', pattern: '^https?://', default: 'http://localhost:8083' }),
  /** Largest PDF accepted by POST /v1/verify, in bytes. */
  VERIFY_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 10 * 1024 * 1024 }),
});

export interface SigningConfig {
  resultLinkSecret: string;
  p12Passphrase: string;
  /** `<MOTCUA_DATA_DIR>/signing`: the local CA and the leaders' PKCS#12 files. */
  keysDir: string;
  /** `<MOTCUA_DATA_DIR>`: signed PDFs go under `documents/` when the store is SQLite. */
  dataDir: string;
  store: 'sqlite' | 'mongo';
  publicUrl: string;
  verifyMaxBytes: number;
}

const MIN_PASSPHRASE_LENGTH = 12;
const configError = (variable: string, message: string) =>
  new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: ${variable}: ${message}`, { fields: [{ path: variable, message }] });

export function loadSigningConfig(env: Record<string, string | undefined> = process.env): SigningConfig {
  const config: Static<typeof SigningConfigSchema> = loadConfig(SigningConfigSchema, env);
  const runtime = loadRuntimeConfig(env);
  const dataDir = resolve(runtime.MOTCUA_DATA_DIR);
  return {
    resultLinkSecret: sharedLinkSecret('RESULT_LINK_SECRET', config.RESULT_LINK_SECRET, runtime),
    p12Passphrase: p12Passphrase(config.SIGNING_P12_PASSPHRASE, runtime.MOTCUA_STORE, runtime.MOTCUA_DATA_DIR),
    keysDir: join(dataDir, 'signing'),
    dataDir,
    store: runtime.MOTCUA_STORE,
    publicUrl: config.SIGNING_PUBLIC_URL.replace(/\/+$/, ''),
    verifyMaxBytes: config.VERIFY_MAX_BYTES,
  };
}

function p12Passphrase(configured: string | undefined, store: 'sqlite' | 'mongo', dataDir: string): string {
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_PASSPHRASE_LENGTH) throw configError('SIGNING_P12_PASSPHRASE', `must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
    return configured;
  }
  if (store !== 'sqlite') throw configError('SIGNING_P12_PASSPHRASE', `required when MOTCUA_STORE=${store} (the signing keys must not be protected by a secret generated per machine)`);
  // Same create-once-and-share rule as the link secret: every process on this data directory agrees.
  return sharedLinkSecret('SIGNING_P12_PASSPHRASE', undefined, { MOTCUA_STORE: store, MOTCUA_DATA_DIR: dataDir }, join('signing', 'p12.passphrase'));
}
