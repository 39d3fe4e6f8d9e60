/** The stable codes of authentication (401), authorisation (403) and rate limiting (429). */
export const AuthErrors = {
  /** No credentials on a route that needs them. */
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  /** A JWT that does not verify: bad signature, wrong algorithm, issuer or audience, missing claims. */
  TOKEN_INVALID: 'AUTH.TOKEN_INVALID',
  TOKEN_EXPIRED: 'AUTH.TOKEN_EXPIRED',
  /** An API key that is unknown, malformed, revoked or replaced (after its rotation grace). */
  API_KEY_INVALID: 'AUTH.API_KEY_INVALID',
  API_KEY_REVOKED: 'AUTH.API_KEY_REVOKED',
  /** The caller's role or key does not allow this route. */
  ROLE_NOT_ALLOWED: 'AUTH.ROLE_NOT_ALLOWED',
  OPERATION_NOT_ALLOWED: 'AUTH.OPERATION_NOT_ALLOWED',
  /** The dossier belongs to a centre the caller does not act for. */
  WRONG_CENTRE: 'AUTH.WRONG_CENTRE',
  RATE_LIMITED: 'AUTH.RATE_LIMITED',
  /** A list asked by a key scoped to several centres without naming one. */
  CENTRE_REQUIRED: 'AUTH.CENTRE_REQUIRED',
  /** `motcua keys` given an unknown key id or bad input. */
  API_KEY_NOT_FOUND: 'AUTH.API_KEY_NOT_FOUND',
} as const;
