/**
 * Turns a request's credentials into a principal: `Authorization: Bearer <jwt>` for an
 * officer, `X-API-Key: mck_…` for an integrator, nothing for an anonymous caller
 * (whom only public routes admit). Credentials that are present but wrong are refused
 * (401) even on a public route: a client with a broken token should learn it at once.
 * Each API key is rate-limited (requests per minute, per process; 429 with the seconds
 * to wait).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@motcua/errors';
import type { ApiKeys } from './api-keys';
import { AuthErrors } from './auth.errors';
import type { OfficerTokenVerifier } from './jwt';
import type { Principal } from './principal';

export interface Credentials {
  /** The `Authorization` header. */
  authorization?: string | undefined;
  /** The `X-API-Key` header. */
  apiKey?: string | undefined;
}

export interface Authenticator {
  /** The caller, or undefined when no credentials were sent; throws 401 (bad credentials) or 429 (key over its rate). */
  authenticate(credentials: Credentials): Promise<Principal | undefined>;
}

export interface AuthenticatorParts {
  verifyOfficerToken: OfficerTokenVerifier;
  apiKeys: ApiKeys;
}

/** The rate limit's answer: how long to wait, for `Retry-After`. */
export const retryAfterSecondsOf = (error: AppError): number | undefined => {
  const value = error.details['retryAfterSeconds'];
  return typeof value === 'number' ? value : undefined;
};

export function createAuthenticator(parts: AuthenticatorParts): Authenticator {
  // One limiter per distinct rate (keys of the same rate share it, keyed by key id).
  const limiters = new Map<number, RateLimiterMemory>();
  const limiterFor = (perMinute: number): RateLimiterMemory => {
    let limiter = limiters.get(perMinute);
    if (!limiter) limiters.set(perMinute, (limiter = new RateLimiterMemory({ keyPrefix: `api-key-${perMinute}`, points: perMinute, duration: 60 })));
    return limiter;
  };

  const integrator = async (presented: string): Promise<Principal> => {
    const { ratePerMinute, ...principal } = await parts.apiKeys.verify(presented);
    try {
      await limiterFor(ratePerMinute).consume(principal.keyId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError(AuthErrors.RATE_LIMITED, 'transient', `API key ${principal.keyId} is over its ${ratePerMinute} requests a minute; try again in ${retryAfterSeconds} s`, {
        status: 429,
        retryable: true,
        details: { retryAfterSeconds },
      });
    }
    return principal;
  };

  return {
    async authenticate({ authorization, apiKey }) {
      if (authorization !== undefined && apiKey !== undefined) {
        throw new AppError(AuthErrors.TOKEN_INVALID, 'unauthorized', 'send one credential: an officer token or an API key, not both');
      }
      if (apiKey !== undefined) return integrator(apiKey);
      if (authorization === undefined) return undefined;
      const match = /^Bearer\s+(\S{1,8192})$/i.exec(authorization.trim());
      if (!match) throw new AppError(AuthErrors.TOKEN_INVALID, 'unauthorized', 'the Authorization header must read `Bearer <token>`');
      return parts.verifyOfficerToken(match[1] as string);
    },
  };
}
