/**
 * Authentication for every request, before idempotency and the routes: the caller's
 * credentials become a principal (see @motcua/auth) kept on the response's locals;
 * each route's declared access decides what it admits (api-router.ts). Bad
 * credentials are a 401 here; a key over its rate a 429 with Retry-After.
 */
import type { RequestHandler, Response } from 'express';
import { API_KEY_HEADER, retryAfterSecondsOf, type Authenticator, type Principal } from '@motcua/auth';
import { isAppError } from '@motcua/errors';

const PRINCIPAL = 'principal';

/** The caller authenticated for this request, if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals[PRINCIPAL] as Principal | undefined;
}

export function authenticationMiddleware(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    try {
      const principal = await authenticator.authenticate({ authorization: req.get('authorization'), apiKey: req.get(API_KEY_HEADER) });
      if (principal) res.locals[PRINCIPAL] = principal;
      next();
    } catch (error) {
      const wait = isAppError(error) ? retryAfterSecondsOf(error) : undefined;
      if (wait !== undefined) res.set('Retry-After', String(wait));
      next(error);
    }
  };
}
