/**
 * Officer tokens: JWTs carrying `sub` (the officer's id), `role` and `centre`, verified
 * with jose. RS256 against a JWKS URL (the identity provider's, keys fetched and cached
 * by jose, refreshed on an unknown `kid`) or a configured public key; HS256 with a
 * shared secret only in the embedded edition (the configuration refuses it otherwise,
 * see auth.config.ts). The algorithm is pinned by the key, never taken from the token.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { AppError } from '@motcua/errors';
import { AuthErrors } from './auth.errors';
import { officerRoles, type OfficerPrincipal, type OfficerRole } from './principal';

export type JwtKeySource =
  | { kind: 'jwks'; url: string }
  | { kind: 'public-key'; pem: string }
  | { kind: 'hs256'; secret: string };

export interface JwtSettings {
  key: JwtKeySource;
  /** Required `iss` when set. */
  issuer?: string;
  /** Required `aud` when set. */
  audience?: string;
  /** Leeway for `exp`/`nbf` between clocks, in seconds. */
  clockToleranceSeconds?: number;
  /** The clock tokens are judged by (tests move it). */
  now?: () => Date;
}

export type OfficerTokenVerifier = (token: string) => Promise<OfficerPrincipal>;

/** At least 32 bytes: shorter HS256 secrets can be guessed offline from one token. */
export const MIN_HS256_SECRET_BYTES = 32;

function hs256Key(secret: string): KeyObject {
  if (Buffer.byteLength(secret) < MIN_HS256_SECRET_BYTES) throw new Error(`an HS256 secret needs at least ${MIN_HS256_SECRET_BYTES} bytes`);
  return createSecretKey(Buffer.from(secret));
}

const invalid = (message: string, cause?: unknown): AppError => new AppError(AuthErrors.TOKEN_INVALID, 'unauthorized', message, cause === undefined ? {} : { cause });

const isRole = (value: unknown): value is OfficerRole => typeof value === 'string' && (officerRoles as readonly string[]).includes(value);
const isShortText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

export function officerTokenVerifier(settings: JwtSettings): OfficerTokenVerifier {
  const { key } = settings;
  const algorithms = key.kind === 'hs256' ? ['HS256'] : ['RS256'];
  const getKey: KeyObject | JWTVerifyGetKey =
    key.kind === 'jwks' ? createRemoteJWKSet(new URL(key.url), { timeoutDuration: 5000, cooldownDuration: 30_000 }) : key.kind === 'public-key' ? createPublicKey(key.pem) : hs256Key(key.secret);
  return async (token) => {
    let payload;
    try {
      const options = {
        algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: settings.clockToleranceSeconds ?? 30,
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
        ...(settings.now ? { currentDate: settings.now() } : {}),
      };
      // Two overloads (a key or a key getter); the same options either way.
      ({ payload } = typeof getKey === 'function' ? await jwtVerify(token, getKey, options) : await jwtVerify(token, getKey, options));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AppError(AuthErrors.TOKEN_EXPIRED, 'unauthorized', 'the token has expired: sign in again');
      if (error instanceof joseErrors.JOSEError) throw invalid(`the token does not verify (${error.code})`, error);
      throw invalid('the token does not verify', error);
    }
    const { sub, role, centre, name } = payload;
    if (!isShortText(sub, 64)) throw invalid('the token has no usable `sub` (the officer id)');
    if (!isRole(role)) throw invalid(`the token's \`role\` must be one of ${officerRoles.join(', ')}`);
    if (!isShortText(centre, 64)) throw invalid('the token has no `centre` claim');
    return { kind: 'officer', id: sub, role, centreId: centre, ...(isShortText(name, 200) ? { name } : {}) };
  };
}

export interface OfficerClaims {
  sub: string;
  role: OfficerRole;
  centre: string;
  name?: string;
}

export interface MintOptions {
  /** How long the token lives. */
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
  now?: Date;
}

/** The key a token is signed with: the embedded edition's HS256 secret, or an RS256 private key (a test identity provider). */
export type SigningKey = { kind: 'hs256'; secret: string } | { kind: 'rs256'; privateKeyPem: string; keyId?: string };

/** Signs an officer token (the embedded edition's `motcua token`, and the tests' identity provider). */
export async function mintOfficerToken(signingKey: SigningKey, claims: OfficerClaims, options: MintOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const { sub, ...rest } = claims;
  let jwt = new SignJWT({ ...rest })
    .setSubject(sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  if (signingKey.kind === 'hs256') return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(hs256Key(signingKey.secret));
  return jwt.setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(signingKey.keyId ? { kid: signingKey.keyId } : {}) }).sign(createPrivateKey(signingKey.privateKeyPem));
}
