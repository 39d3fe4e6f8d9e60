/**
 * Credentials for tests, minted the way production gets them: officers carry RS256
 * tokens from a test identity provider (a key pair made once per test process; the
 * services are given its public key, see testAuthEnv), integrators carry API keys
 * created in the edition's own key store.
 *
 * Officers are named by their id in the sample catalogue (`pdn-leader-1`): the token
 * carries that officer's role and centre, as the provincial identity provider would.
 * Child-process editions register their integrator key by URL (registerIntegratorKey),
 * so a journey's helper finds the credentials for the service it calls.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  ApiKeys,
  ApiKeysCollection,
  AUTH_STORE_NAME,
  createAuthenticator,
  integratorOperations,
  mintOfficerToken,
  officerTokenVerifier,
  type Authenticator,
  type NewApiKey,
  type OfficerClaims,
} from '@motcua/auth';
import { findOfficer, loadCatalogue, type Catalogue } from '@motcua/catalogue';
import type { Store } from '@motcua/storage';

export const TEST_TOKEN_ISSUER = 'motcua-test-idp';
export const TEST_TOKEN_AUDIENCE = 'motcua';

let keyPair: { publicPem: string; privatePem: string } | undefined;
/** The test identity provider's key pair (2048-bit RSA, made on first use). */
export function testIdentityProvider(): { publicPem: string; privatePem: string } {
  if (!keyPair) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPair = { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  return keyPair;
}

/** What a service process needs to accept the test identity provider's tokens. */
export function testAuthEnv(): Record<string, string> {
  return { AUTH_JWT_PUBLIC_KEY: testIdentityProvider().publicPem, AUTH_JWT_ISSUER: TEST_TOKEN_ISSUER, AUTH_JWT_AUDIENCE: TEST_TOKEN_AUDIENCE };
}

let catalogue: Catalogue | undefined;

/** The claims of a sample officer, or the claims given. */
export function officerClaims(officer: string | OfficerClaims): OfficerClaims {
  if (typeof officer !== 'string') return officer;
  const record = findOfficer((catalogue ??= loadCatalogue()), officer);
  if (!record) throw new Error(`no sample officer ${officer} in the catalogue`);
  return { sub: record.id, role: record.role, centre: record.centreId, name: record.name };
}

/** A token of the test identity provider for the officer (default: valid for an hour). */
export function testOfficerToken(officer: string | OfficerClaims, options: { ttlSeconds?: number; now?: Date } = {}): Promise<string> {
  return mintOfficerToken({ kind: 'rs256', privateKeyPem: testIdentityProvider().privatePem }, officerClaims(officer), {
    ttlSeconds: options.ttlSeconds ?? 3600,
    issuer: TEST_TOKEN_ISSUER,
    audience: TEST_TOKEN_AUDIENCE,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** `Authorization` for the officer. */
export async function officerHeaders(officer: string | OfficerClaims): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await testOfficerToken(officer)}` };
}

/** A key that reaches every centre and holds every operation: the national portal of the tests. */
export const portalKey: NewApiKey = { integratorId: 'test-portal', name: 'test portal (every centre)', centres: 'all', operations: [...integratorOperations], ratePerMinute: 100_000 };

export interface TestAuth {
  /** Give this to startService as `auth`. */
  authenticator: Authenticator;
  apiKeys: ApiKeys;
  /** `X-API-Key` of the portal key (created on first use). */
  integratorHeaders(): Promise<Record<string, string>>;
  /** The officer's token when one is named; else reads are the ops desk's (every centre) and writes the portal's (its key). */
  as(officer?: string, method?: string): Promise<Record<string, string>>;
}

/** Authentication for services started in the test's own process, on the test's store. */
export async function testAuth(store: Store): Promise<TestAuth> {
  const keysStore = store.forService(AUTH_STORE_NAME);
  await keysStore.ensureCollections([ApiKeysCollection]);
  const apiKeys = new ApiKeys(keysStore);
  const { publicPem } = testIdentityProvider();
  const authenticator = createAuthenticator({
    apiKeys,
    verifyOfficerToken: officerTokenVerifier({ key: { kind: 'public-key', pem: publicPem }, issuer: TEST_TOKEN_ISSUER, audience: TEST_TOKEN_AUDIENCE }),
  });
  let portal: Promise<string> | undefined;
  const integratorHeaders = async () => ({ 'x-api-key': await (portal ??= apiKeys.create(portalKey).then((issued) => issued.key)) });
  return {
    authenticator,
    apiKeys,
    integratorHeaders,
    as: (officer, method = 'POST') => (officer ? officerHeaders(officer) : method === 'GET' ? officerHeaders(OPS_DESK) : integratorHeaders()),
  };
}

/** The sample ops officer: reads every centre. */
export const OPS_DESK = 'hue-ops-1';

const keysByOrigin = new Map<string, string>();

/** Remembers the integrator key of the edition serving `urls` (see integratorHeadersFor). */
export function registerIntegratorKey(urls: string[], key: string): void {
  for (const url of urls) keysByOrigin.set(new URL(url).origin, key);
}

/** `X-API-Key` of the edition that serves `url`; throws when none was registered. */
export function integratorHeadersFor(url: string): Record<string, string> {
  const key = keysByOrigin.get(new URL(url).origin);
  if (!key) throw new Error(`no integrator key registered for ${new URL(url).origin}: start the edition with the @motcua/testing helpers`);
  return { 'x-api-key': key };
}
