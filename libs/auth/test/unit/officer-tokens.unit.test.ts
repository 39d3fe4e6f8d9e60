import { generateKeyPairSync } from 'node:crypto';
import { isAppError } from '@motcua/errors';
import { mintOfficerToken, officerTokenVerifier, type OfficerClaims } from '@motcua/auth';

const pem = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
const idp = pem();
const stranger = pem();
const SECRET = 'a-development-secret-of-32-bytes-at-least';
const claims: OfficerClaims = { sub: 'pdn-specialist-1', role: 'specialist', centre: 'hue-phong-dien', name: 'Trần Văn Quang (mẫu)' };
const options = { ttlSeconds: 600, issuer: 'https://idp.hue.gov.vn', audience: 'motcua' };
const rs256 = officerTokenVerifier({ key: { kind: 'public-key', pem: idp.publicPem }, issuer: options.issuer, audience: options.audience });

async function refusal(verify: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await verify;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error('expected the token to be refused');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('officer tokens', () => {
  it('when the identity provider signs a token (RS256), then the officer is its subject with the role and centre it says', async () => {
    const token = await mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, options);
    expect(await rs256(token)).toEqual({ kind: 'officer', id: 'pdn-specialist-1', role: 'specialist', centreId: 'hue-phong-dien', name: 'Trần Văn Quang (mẫu)' });
  });

  it('when the token has expired, then it is refused as AUTH.TOKEN_EXPIRED (401)', async () => {
    const token = await mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, { ...options, ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    expect(await refusal(rs256(token))).toEqual({ code: 'AUTH.TOKEN_EXPIRED', status: 401 });
  });

  it('when a claim is changed after signing, then the signature no longer holds: AUTH.TOKEN_INVALID (401)', async () => {
    const [header, payload, signature] = (await mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, options)).split('.') as [string, string, string];
    const promoted = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'leader', centre: 'hue-kim-long' });
    expect(await refusal(rs256(`${header}.${promoted}.${signature}`))).toEqual({ code: 'AUTH.TOKEN_INVALID', status: 401 });
  });

  it.each([
    ['signed by another key', async () => mintOfficerToken({ kind: 'rs256', privateKeyPem: stranger.privatePem }, claims, options)],
    ['HS256 with the public key as the secret (algorithm confusion)', async () => mintOfficerToken({ kind: 'hs256', secret: idp.publicPem }, claims, options)],
    ['unsigned (alg none)', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: options.issuer, aud: options.audience, exp: Math.floor(Date.now() / 1000) + 600 })}.`],
    ['from another issuer', async () => mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, { ...options, issuer: 'https://elsewhere.example' })],
    ['for another audience', async () => mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, { ...options, audience: 'another-system' })],
    ['with a role that does not exist', async () => mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, { ...claims, role: 'admin' as never }, options)],
    ['without a centre', async () => mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, { ...claims, centre: '' }, options)],
    ['not a JWT at all', async () => 'hello.world'],
  ])('when the token is %s, then it is refused as AUTH.TOKEN_INVALID (401)', async (_what, make) => {
    expect(await refusal(rs256(await make()))).toEqual({ code: 'AUTH.TOKEN_INVALID', status: 401 });
  });

  it('when the embedded edition verifies HS256 with its secret, then its own tokens pass and RS256 ones are refused', async () => {
    const hs256 = officerTokenVerifier({ key: { kind: 'hs256', secret: SECRET } });
    expect(await hs256(await mintOfficerToken({ kind: 'hs256', secret: SECRET }, claims, { ttlSeconds: 60 }))).toMatchObject({ id: 'pdn-specialist-1' });
    expect(await refusal(hs256(await mintOfficerToken({ kind: 'rs256', privateKeyPem: idp.privatePem }, claims, { ttlSeconds: 60 })))).toEqual({ code: 'AUTH.TOKEN_INVALID', status: 401 });
  });

  it('when an HS256 secret is shorter than 32 bytes, then no verifier is made with it', () => {
    expect(() => officerTokenVerifier({ key: { kind: 'hs256', secret: 'short' } })).toThrow(/32 bytes/);
  });
});
