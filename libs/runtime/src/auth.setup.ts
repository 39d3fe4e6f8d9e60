/**
 * Authentication from configuration: the officer-token verifier (JWKS URL, public key,
 * or the embedded edition's HS256 secret) and the API keys' store, shared by every
 * service: the `auth` store in the edition's own database (the embedded file, MongoDB's
 * `<prefix>auth`), or `auth.db` beside the per-service SQLite files when each service
 * runs in its own process.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ApiKeys, ApiKeysCollection, AUTH_STORE_NAME, createAuthenticator, officerTokenVerifier, type Authenticator, type JwtKeySource, type SigningKey } from '@motcua/auth';
import { createMongoStore, createSqliteStore, type ServiceStore, type Store } from '@motcua/storage';
import type { RuntimeConfig } from './runtime.config';

/** Issuer and audience of the tokens the embedded edition mints for itself. */
export const EMBEDDED_TOKEN_ISSUER = 'motcua-embedded';
export const EMBEDDED_TOKEN_AUDIENCE = 'motcua';

export interface AuthSetup {
  authenticator: Authenticator;
  apiKeys: ApiKeys;
  /** The embedded edition's HS256 key, to mint development tokens with (`motcua token`); none in the cluster edition. */
  signingKey?: SigningKey;
  close(): Promise<void>;
}

/** The embedded edition's HS256 secret: configured, or generated once into the data directory (owner-only). */
export function embeddedJwtSecret(config: RuntimeConfig): string {
  if (config.AUTH_JWT_HS256_SECRET) return config.AUTH_JWT_HS256_SECRET;
  const file = resolve(config.MOTCUA_DATA_DIR, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(resolve(config.MOTCUA_DATA_DIR), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

function keySource(config: RuntimeConfig): JwtKeySource {
  if (config.AUTH_JWT_JWKS_URL) return { kind: 'jwks', url: config.AUTH_JWT_JWKS_URL };
  if (config.AUTH_JWT_PUBLIC_KEY) return { kind: 'public-key', pem: config.AUTH_JWT_PUBLIC_KEY };
  if (config.AUTH_JWT_PUBLIC_KEY_FILE) return { kind: 'public-key', pem: readFileSync(resolve(config.AUTH_JWT_PUBLIC_KEY_FILE), 'utf8') };
  return { kind: 'hs256', secret: embeddedJwtSecret(config) };
}

/** The store the API keys live in, and what closing it takes. */
/** Where the keys are when each service process has its own SQLite file: one file beside theirs, opened by all of them. */
function separateAuthFile(config: RuntimeConfig): string | undefined {
  return config.MOTCUA_STORE === 'sqlite' && config.MOTCUA_BUS !== 'embedded' ? join(resolve(config.MOTCUA_DATA_DIR), 'auth.db') : undefined;
}

async function keyStoreOf(store: Store): Promise<ServiceStore> {
  const keys = store.forService(AUTH_STORE_NAME);
  await keys.ensureCollections([ApiKeysCollection]);
  return keys;
}

export async function openAuthStore(config: RuntimeConfig, store: Store): Promise<{ store: ServiceStore; close(): Promise<void> }> {
  const file = separateAuthFile(config);
  const own = file ? await createSqliteStore({ path: file }) : undefined;
  return { store: await keyStoreOf(own ?? store), close: async () => own?.close() };
}

export async function createAuth(config: RuntimeConfig, store: Store, now: () => Date = () => new Date()): Promise<AuthSetup> {
  const source = keySource(config);
  const keysStore = await openAuthStore(config, store);
  const apiKeys = new ApiKeys(keysStore.store, now);
  const embedded = source.kind === 'hs256';
  const authenticator = createAuthenticator({
    apiKeys,
    verifyOfficerToken: officerTokenVerifier({
      key: source,
      now,
      ...(config.AUTH_JWT_ISSUER || embedded ? { issuer: config.AUTH_JWT_ISSUER ?? EMBEDDED_TOKEN_ISSUER } : {}),
      ...(config.AUTH_JWT_AUDIENCE || embedded ? { audience: config.AUTH_JWT_AUDIENCE ?? EMBEDDED_TOKEN_AUDIENCE } : {}),
    }),
  });
  return { authenticator, apiKeys, ...(source.kind === 'hs256' ? { signingKey: { kind: 'hs256', secret: source.secret } } : {}), close: keysStore.close };
}

/**
 * The API keys of a deployment, opened from its configuration by a process that runs
 * no service (`motcua keys`, a test preparing an edition): the same store the services read.
 */
export async function openApiKeys(config: RuntimeConfig): Promise<{ apiKeys: ApiKeys; close(): Promise<void> }> {
  // Exactly the one store the services read the keys from (see openAuthStore).
  const base =
    config.MOTCUA_STORE === 'mongo'
      ? await createMongoStore({ url: config.MONGO_URL as string, dbPrefix: config.MONGO_DB_PREFIX })
      : await createSqliteStore({ path: separateAuthFile(config) ?? resolve(config.MOTCUA_SQLITE_PATH ?? join(config.MOTCUA_DATA_DIR, 'motcua.db')) });
  try {
    return { apiKeys: new ApiKeys(await keyStoreOf(base)), close: () => base.close() };
  } catch (error) {
    await base.close();
    throw error;
  }
}
