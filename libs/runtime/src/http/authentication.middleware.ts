/**
 * Authentication for every request, before idempotency and the routes: the caller's
 * credentials become a principal (see @motcua/auth) kept on the response's locals;
 * each route's declared access decides what it admits (api-router.ts). Bad
 * credentials are a 401 here; a key over its rate a 429 with Retry-After.
 *
 * Pages an officer opens in the browser (a printable slip, the briefing) cannot carry
 * an Authorization header: for GET and HEAD only, the token may come from the
 * `motcua_token` cookie the ops console sets (SameSite=Strict, so no other site's
 * page sends it; reads only, so it cannot be used to act).
 */
import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { API_KEY_HEADER, retryAfterSecondsOf, type Authenticator, type Principal } from '@motcua/auth';
import { isAppError } from '@motcua/errors';

const PRINCIPAL = 'principal';
/** The cookie the ops console keeps the officer's token in. */
export const TOKEN_COOKIE = 'motcua_token';

/** The token of the console's cookie, where a read carries no other credentials. */
function cookieToken(req: Request): string | undefined {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.get('authorization') !== undefined || req.get(API_KEY_HEADER) !== undefined || !req.headers.cookie) return undefined;
  return parseCookies(req.headers.cookie)[TOKEN_COOKIE] || undefined;
}

/** The caller authenticated for this request, if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals[PRINCIPAL] as Principal | undefined;
}

export function authenticationMiddleware(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const fromCookie = cookieToken(req);
    try {
      const principal = await authenticator.authenticate({ authorization: fromCookie ? `Bearer ${fromCookie}` : req.get('authorization'), apiKey: req.get(API_KEY_HEADER) });
      if (principal) res.locals[PRINCIPAL] = principal;
      next();
    } catch (error) {
      // A stale cookie (the token expired) makes the reader anonymous, not refused: public pages still open, protected ones answer 401.
      if (fromCookie && isAppError(error) && error.status === 401) return next();
      const wait = isAppError(error) ? retryAfterSecondsOf(error) : undefined;
      if (wait !== undefined) res.set('Retry-After', String(wait));
      next(error);
    }
  };
}
