/** Signing settings, read once at start; a bad value stops start-up naming the variable. */
import { readFileSync } from 'node:fs';
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
  /** Who holds the leaders' keys: `local` PKCS#12 files under MOTCUA_DATA_DIR, or a `remote` signing provider. */
  SIGNING_SIGNER: Type.Union([Type.Literal('local'), Type.Literal('remote')], { default: 'local' }),
  /** The remote-signing provider's API base (required when SIGNING_SIGNER=remote). */
  SIGNING_REMOTE_URL: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
  /** Bearer token for the provider (required when SIGNING_SIGNER=remote); checked by hand so it is never echoed. */
  SIGNING_REMOTE_TOKEN: Type.Optional(Type.String()),
  /** Per call to the provider, each retry included anew. */
  SIGNING_REMOTE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /** `officer=credential` pairs, comma-separated; an officer not listed uses their officer id as the credential id. */
  SIGNING_REMOTE_CREDENTIALS: Type.Optional(Type.String({ pattern: '^\\s*[^=,\\s]+\\s*=\\s*[^=,\\s]+\\s*(,\\s*[^=,\\s]+\\s*=\\s*[^=,\\s]+\\s*)*$' })),
  /** PEM file of the provider's CA certificate(s): what POST /v1/verify trusts when SIGNING_SIGNER=remote. */
  SIGNING_REMOTE_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Largest PDF accepted by POST /v1/verify, in bytes. */
  VERIFY_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 10 * 1024 * 1024 }),
});

export type SignerConfig =
  | { kind: 'local' }
  | {
      kind: 'remote';
      url: string;
      token: string;
      timeoutMs: number;
      /** Officer id → the provider's credential id, for the officers whose credential is not their id. */
      credentials: Readonly<Record<string, string>>;
      /** The provider's CA certificates (PEM), trusted by POST /v1/verify. */
      trustedCaPems: string[];
    };

export interface SigningConfig {
  resultLinkSecret: string;
  /** Empty when SIGNING_SIGNER=remote: no PKCS#12 files are opened then. */
  p12Passphrase: string;
  signer: SignerConfig;
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
    p12Passphrase: config.SIGNING_SIGNER === 'local' ? p12Passphrase(config.SIGNING_P12_PASSPHRASE, runtime.MOTCUA_STORE, runtime.MOTCUA_DATA_DIR) : '',
    signer: signerConfig(config),
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

function signerConfig(config: Static<typeof SigningConfigSchema>): SignerConfig {
  if (config.SIGNING_SIGNER === 'local') return { kind: 'local' };
  if (!config.SIGNING_REMOTE_URL) throw configError('SIGNING_REMOTE_URL', 'required when SIGNING_SIGNER=remote');
  if (!config.SIGNING_REMOTE_TOKEN || config.SIGNING_REMOTE_TOKEN.trim() === '') throw configError('SIGNING_REMOTE_TOKEN', 'required when SIGNING_SIGNER=remote');
  const credentials: Record<string, string> = {};
  for (const pair of (config.SIGNING_REMOTE_CREDENTIALS ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [officer = '', credential = ''] = pair.split('=').map((part) => part.trim());
    if (officer in credentials) throw configError('SIGNING_REMOTE_CREDENTIALS', `officer ${officer} is listed twice`);
    credentials[officer] = credential;
  }
  let trustedCaPems: string[] = [];
  if (config.SIGNING_REMOTE_CA_FILE) {
    let text: string;
    try {
      text = readFileSync(config.SIGNING_REMOTE_CA_FILE, 'utf8');
    } catch (error) {
      throw configError('SIGNING_REMOTE_CA_FILE', `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    trustedCaPems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (trustedCaPems.length === 0) throw configError('SIGNING_REMOTE_CA_FILE', 'holds no PEM certificate');
  }
  return {
    kind: 'remote',
    url: config.SIGNING_REMOTE_URL.replace(/\/+$/, ''),
    token: config.SIGNING_REMOTE_TOKEN.trim(),
    timeoutMs: config.SIGNING_REMOTE_TIMEOUT_MS,
    credentials,
    trustedCaPems,
  };
}
