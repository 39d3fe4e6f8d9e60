/**
 * Integrators' API keys on the real SQLite store, checked by the authenticator as every
 * service checks them; and officer tokens verified against an identity provider's JWKS
 * served over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { isAppError } from '@motcua/errors';
import { createSqliteStore, type Store } from '@motcua/storage';
import {
  ApiKeys,
  ApiKeysCollection,
  AUTH_STORE_NAME,
  createAuthenticator,
  mintOfficerToken,
  officerTokenVerifier,
  type Authenticator,
  type OfficerTokenVerifier,
} from '@motcua/auth';

async function refusal(attempt: Promise<unknown>): Promise<{ code: string; status: number; retryAfterSeconds?: unknown }> {
  try {
    await attempt;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status, ...(error.details['retryAfterSeconds'] === undefined ? {} : { retryAfterSeconds: error.details['retryAfterSeconds'] }) };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('integrator API keys', () => {
  let store: Store;
  let keys: ApiKeys;
  let now = new Date('2026-12-06T02:00:00.000Z');
  let auth: Authenticator;
  const noTokens: OfficerTokenVerifier = () => Promise.reject(new Error('no officer tokens in this test'));

  beforeAll(async () => {
    store = await createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'motcua-keys-')), 'auth.db') });
    const service = store.forService(AUTH_STORE_NAME);
    await service.ensureCollections([ApiKeysCollection]);
    keys = new ApiKeys(service, () => now);
    auth = createAuthenticator({ apiKeys: keys, verifyOfficerToken: noTokens });
  });
  afterAll(() => store?.close());

  it('when a key is created, then it is shown once, only its SHA-256 is stored, and it authenticates as its integrator with its scope', async () => {
    const issued = await keys.create({ integratorId: 'national-portal', name: 'national portal', centres: ['hue-phong-dien', 'hue-kim-long'], operations: ['dossiers:write', 'dossiers:read'] });
    expect(issued.key).toMatch(/^mck_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await store.forService(AUTH_STORE_NAME).read((tx) => tx.collection<Record<string, unknown> & { id: string }>(ApiKeysCollection).get(issued.record.id));
    expect(JSON.stringify(stored)).not.toContain(issued.key.split('_')[2]);
    expect(stored?.['secretHash']).toMatch(/^[0-9a-f]{64}$/);
    expect(await auth.authenticate({ apiKey: issued.key })).toEqual({
      kind: 'integrator',
      keyId: issued.record.id,
      integratorId: 'national-portal',
      centres: ['hue-phong-dien', 'hue-kim-long'],
      operations: ['dossiers:write', 'dossiers:read'],
    });
    expect((await keys.list({ integratorId: 'national-portal' })).map((k) => k.id)).toEqual([issued.record.id]);
    expect(JSON.stringify(await keys.list())).not.toContain('secretHash');
  });

  it('when a key is revoked, then it is refused at once as AUTH.API_KEY_REVOKED (401)', async () => {
    const issued = await keys.create({ integratorId: 'old-portal', name: 'retired', centres: 'all', operations: ['dossiers:read'] });
    await keys.revoke(issued.record.id);
    expect(await refusal(auth.authenticate({ apiKey: issued.key }))).toEqual({ code: 'AUTH.API_KEY_REVOKED', status: 401 });
    expect(await refusal(keys.rotate(issued.record.id, 0))).toMatchObject({ code: 'AUTH.API_KEY_REVOKED' });
  });

  it('when a key is rotated, then the new one works, the old one until the grace period ends, and then neither the old nor a made-up one', async () => {
    const first = await keys.create({ integratorId: 'rotating-portal', name: 'rotates', centres: 'all', operations: ['dossiers:read'] });
    const second = await keys.rotate(first.record.id, 3_600_000);
    expect(second.key).not.toBe(first.key);
    expect(await auth.authenticate({ apiKey: second.key })).toMatchObject({ integratorId: 'rotating-portal' });
    expect(await auth.authenticate({ apiKey: first.key })).toMatchObject({ integratorId: 'rotating-portal' });
    now = new Date(now.getTime() + 3_600_001);
    expect(await refusal(auth.authenticate({ apiKey: first.key }))).toEqual({ code: 'AUTH.API_KEY_INVALID', status: 401 });
    const third = await keys.rotate(first.record.id, 0);
    expect(await refusal(auth.authenticate({ apiKey: second.key }))).toEqual({ code: 'AUTH.API_KEY_INVALID', status: 401 });
    expect(await auth.authenticate({ apiKey: third.key })).toMatchObject({ integratorId: 'rotating-portal' });
    const forged = `${third.key.slice(0, -4)}AAAA`;
    expect(await refusal(auth.authenticate({ apiKey: forged }))).toEqual({ code: 'AUTH.API_KEY_INVALID', status: 401 });
    expect(await refusal(auth.authenticate({ apiKey: 'not-a-key' }))).toEqual({ code: 'AUTH.API_KEY_INVALID', status: 401 });
  });

  it('when a key makes more requests in a minute than its rate, then it is refused with 429 AUTH.RATE_LIMITED and the seconds to wait; other keys are not affected', async () => {
    const busy = await keys.create({ integratorId: 'busy-portal', name: 'busy', centres: 'all', operations: ['dossiers:read'], ratePerMinute: 3 });
    const calm = await keys.create({ integratorId: 'calm-portal', name: 'calm', centres: 'all', operations: ['dossiers:read'], ratePerMinute: 3 });
    for (let i = 0; i < 3; i += 1) await auth.authenticate({ apiKey: busy.key });
    const limited = await refusal(auth.authenticate({ apiKey: busy.key }));
    expect(limited).toMatchObject({ code: 'AUTH.RATE_LIMITED', status: 429 });
    expect(limited.retryAfterSeconds).toEqual(expect.any(Number));
    expect(limited.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds as number).toBeLessThanOrEqual(60);
    expect(await auth.authenticate({ apiKey: calm.key })).toMatchObject({ integratorId: 'calm-portal' });
  });

  it('when a key is created with a bad scope, then nothing is stored', async () => {
    const before = (await keys.list()).length;
    expect(await refusal(keys.create({ integratorId: 'x', name: 'x', centres: [], operations: ['dossiers:read'] }))).toMatchObject({ status: 400 });
    expect(await refusal(keys.create({ integratorId: 'x', name: 'x', centres: 'all', operations: ['everything' as never] }))).toMatchObject({ status: 400 });
    expect(await refusal(keys.create({ integratorId: 'bad id!', name: 'x', centres: 'all', operations: ['dossiers:read'] }))).toMatchObject({ status: 400 });
    expect((await keys.list()).length).toBe(before);
  });

  it('when both an officer token and an API key are sent, then neither is taken: 401', async () => {
    const issued = await keys.create({ integratorId: 'both', name: 'both', centres: 'all', operations: ['dossiers:read'] });
    expect(await refusal(auth.authenticate({ apiKey: issued.key, authorization: 'Bearer x' }))).toEqual({ code: 'AUTH.TOKEN_INVALID', status: 401 });
  });
});

describe('officer tokens from an identity provider that publishes its keys (JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let served = 0;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(publicKey)), kid: 'hue-idp-2026', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      served += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('when a token names a key of the JWKS, then it verifies; the keys are fetched once and cached', async () => {
    const verify = officerTokenVerifier({ key: { kind: 'jwks', url: jwksUrl } });
    const token = () => mintOfficerToken({ kind: 'rs256', privateKeyPem: privatePem, keyId: 'hue-idp-2026' }, { sub: 'klg-leader-1', role: 'leader', centre: 'hue-kim-long' }, { ttlSeconds: 300 });
    expect(await verify(await token())).toEqual({ kind: 'officer', id: 'klg-leader-1', role: 'leader', centreId: 'hue-kim-long' });
    expect(await verify(await token())).toMatchObject({ id: 'klg-leader-1' });
    expect(served).toBe(1);
  });

  it('when a token names a key the JWKS does not have, then it is refused as AUTH.TOKEN_INVALID', async () => {
    const verify = officerTokenVerifier({ key: { kind: 'jwks', url: jwksUrl } });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const token = await mintOfficerToken({ kind: 'rs256', privateKeyPem: other, keyId: 'someone-else' }, { sub: 'x', role: 'ops', centre: 'hue-kim-long' }, { ttlSeconds: 300 });
    expect(await refusal(verify(token))).toEqual({ code: 'AUTH.TOKEN_INVALID', status: 401 });
  });
});
