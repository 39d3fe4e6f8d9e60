import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '@motcua/errors';
import { embeddedJwtSecret, loadRuntimeConfig } from '@motcua/runtime';

const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----';
const cluster = { MOTCUA_BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092' };

function refusedVariable(env: Record<string, string>): string | undefined {
  try {
    loadRuntimeConfig(env);
    return undefined;
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFIG.INVALID') return error.fields[0]?.path;
    throw error;
  }
}

describe('how officer tokens are verified, from configuration', () => {
  it('when the cluster edition starts without a JWKS URL or a public key, then it stops naming AUTH_JWT_JWKS_URL: nothing runs open', () => {
    expect(refusedVariable(cluster)).toBe('AUTH_JWT_JWKS_URL');
  });

  it('when the cluster edition is given an HS256 secret, then it refuses it: HS256 is for the embedded edition only', () => {
    expect(refusedVariable({ ...cluster, AUTH_JWT_HS256_SECRET: 'x'.repeat(40) })).toBe('AUTH_JWT_HS256_SECRET');
  });

  it('when two sources of keys are set, then it refuses to guess', () => {
    expect(refusedVariable({ ...cluster, AUTH_JWT_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_PUBLIC_KEY: PUBLIC_KEY })).toBe('AUTH_JWT_PUBLIC_KEY');
  });

  it('when the cluster edition has a JWKS URL or a public key, or the embedded edition has nothing, then it starts', () => {
    expect(refusedVariable({ ...cluster, AUTH_JWT_JWKS_URL: 'https://idp.example/jwks' })).toBeUndefined();
    expect(refusedVariable({ ...cluster, AUTH_JWT_PUBLIC_KEY: PUBLIC_KEY })).toBeUndefined();
    expect(refusedVariable({})).toBeUndefined();
  });

  it('when the embedded edition has no secret configured, then one is generated once into the data directory, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-secret-'));
    const config = loadRuntimeConfig({ MOTCUA_DATA_DIR: dir });
    const first = embeddedJwtSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(embeddedJwtSecret(config)).toBe(first);
    expect(statSync(join(dir, 'dev-jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
