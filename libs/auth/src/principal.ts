/**
 * Who is calling, once authenticated: an officer (from a signed JWT: role and centre
 * claims) or an integrator (from an API key: scoped to centres and operations).
 * Routes declare which of them they admit (access.rules.ts); handlers then check the
 * dossier's centre against the principal.
 */

export const officerRoles = ['reception', 'specialist', 'leader', 'courier', 'ops'] as const;
export type OfficerRole = (typeof officerRoles)[number];

/**
 * What an API key may be allowed to do. A route names at most one; a key lists the
 * ones it holds.
 */
export const integratorOperations = [
  /** Submit dossiers (POST /v1/dossiers), refusals at intake, supplements and withdrawals on the citizen's behalf. */
  'dossiers:write',
  /** Read dossiers, receipts, timelines, slips and results of the key's centres. */
  'dossiers:read',
  /** Manage the integrator's own status-webhook subscriptions. */
  'webhooks:manage',
] as const;
export type IntegratorOperation = (typeof integratorOperations)[number];

export interface OfficerPrincipal {
  kind: 'officer';
  /** The token's `sub`: the officer's id. */
  id: string;
  name?: string;
  role: OfficerRole;
  centreId: string;
}

export interface IntegratorPrincipal {
  kind: 'integrator';
  keyId: string;
  integratorId: string;
  /** The centres whose dossiers the key reaches; `all` for a province-wide portal. */
  centres: readonly string[] | 'all';
  operations: readonly IntegratorOperation[];
}

export type Principal = OfficerPrincipal | IntegratorPrincipal;

/** A short, non-secret label for logs and idempotency scopes: `officer:<id>` or `integrator:<id>/<keyId>`. */
export function principalLabel(principal: Principal): string {
  return principal.kind === 'officer' ? `officer:${principal.id}` : `integrator:${principal.integratorId}/${principal.keyId}`;
}
