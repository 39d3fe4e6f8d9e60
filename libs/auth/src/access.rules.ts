/**
 * Authorisation: what each route admits, and the centre rule. Every route declares an
 * `Access`: public (and why), or the officer roles and the integrator operation it
 * allows. An officer acts only on their own centre's dossiers; ops read every
 * centre's; an integrator reaches the centres its key names.
 */
import { AppError } from '@motcua/errors';
import { AuthErrors } from './auth.errors';
import type { IntegratorOperation, OfficerPrincipal, OfficerRole, Principal } from './principal';

export type Access =
  /** No credentials needed; the reason says why that is safe (a probe, a citizen page with its own checks, a signed callback). */
  | { public: string }
  | {
      /** The officer roles admitted; none when only integrators may call. */
      officers?: readonly OfficerRole[];
      /** The operation an integrator's key must hold; absent when integrators may not call. */
      integrators?: IntegratorOperation;
      /**
       * Callers without credentials are let through too, when what this says holds (a
       * citizen's expiring signed link): the route itself checks it and refuses the rest.
       */
      anonymousWhen?: string;
    };

export const isPublic = (access: Access): access is { public: string } => 'public' in access;

/** Every officer role, for routes any officer may use. */
export const anyOfficer: readonly OfficerRole[] = ['reception', 'specialist', 'leader', 'courier', 'ops'];

export const unauthenticated = (): AppError =>
  new AppError(AuthErrors.UNAUTHENTICATED, 'unauthorized', 'this route needs credentials: an officer token (Authorization: Bearer) or an integrator API key (X-API-Key)');

/** Throws 401 without a principal, 403 when its role or key does not allow the route; returns the principal. */
export function authorize(access: Access, principal: Principal | undefined): Principal | undefined {
  if (isPublic(access)) return principal;
  if (!principal) {
    if (access.anonymousWhen) return undefined;
    throw unauthenticated();
  }
  if (principal.kind === 'officer') {
    if (!access.officers?.includes(principal.role)) {
      throw new AppError(AuthErrors.ROLE_NOT_ALLOWED, 'forbidden', `role ${principal.role} may not use this route${access.officers?.length ? ` (allowed: ${access.officers.join(', ')})` : ' (integrators only)'}`, {
        details: { role: principal.role, allowed: access.officers ?? [] },
      });
    }
    return principal;
  }
  if (!access.integrators || !principal.operations.includes(access.integrators)) {
    throw new AppError(
      AuthErrors.OPERATION_NOT_ALLOWED,
      'forbidden',
      access.integrators ? `this API key does not hold the operation ${access.integrators}` : 'this route is for officers; an API key cannot use it',
      { details: { needed: access.integrators ?? null, keyId: principal.keyId } },
    );
  }
  return principal;
}

/** Reading a dossier or acting on it: ops officers may read any centre's, never act on them. */
export type CentreIntent = 'read' | 'act';

/** Whether the principal reaches `centreId` for `intent`. */
export function reachesCentre(principal: Principal, centreId: string, intent: CentreIntent): boolean {
  if (principal.kind === 'officer') return principal.centreId === centreId || (intent === 'read' && principal.role === 'ops');
  return principal.centres === 'all' || principal.centres.includes(centreId);
}

/** Throws `AUTH.WRONG_CENTRE` (403) unless the principal reaches the centre (see reachesCentre). */
export function assertCentre(principal: Principal, centreId: string, intent: CentreIntent): void {
  if (reachesCentre(principal, centreId, intent)) return;
  const who = principal.kind === 'officer' ? `officer ${principal.id} works at ${principal.centreId}` : `API key ${principal.keyId} is not scoped to this centre`;
  throw new AppError(AuthErrors.WRONG_CENTRE, 'forbidden', `${who}; the dossier belongs to ${centreId}`, { details: { centreId } });
}

/** The centres a list may show the principal: `all`, or the ones it reaches. */
export function readableCentres(principal: Principal): readonly string[] | 'all' {
  if (principal.kind === 'integrator') return principal.centres;
  return principal.role === 'ops' ? 'all' : [principal.centreId];
}

/**
 * The one centre a list filters on: the one asked for (checked), else the officer's own
 * (ops: none, every centre), else none for a key reaching every centre. A key scoped to
 * some centres must name one (400 `AUTH.CENTRE_REQUIRED`).
 */
export function listCentreOf(principal: Principal, asked: string | undefined): string | undefined {
  if (asked !== undefined) {
    assertCentre(principal, asked, 'read');
    return asked;
  }
  const readable = readableCentres(principal);
  if (readable === 'all') return undefined;
  if (readable.length === 1) return readable[0];
  throw new AppError(AuthErrors.CENTRE_REQUIRED, 'validation', 'this API key reaches several centres: name one with `centreId`', {
    fields: [{ path: 'query/centreId', message: `one of ${readable.join(', ')}` }],
  });
}

/** The officer roles among a list of actor roles (a lifecycle transition's `roles` also name integrator, citizen, system). */
export function officerRolesAmong(roles: readonly string[]): OfficerRole[] {
  return roles.filter((role): role is OfficerRole => (anyOfficer as readonly string[]).includes(role));
}

/** The officer behind an officer-only route (403 for an API key, which such a route's access never admits anyway). */
export function asOfficer(principal: Principal): OfficerPrincipal {
  if (principal.kind === 'officer') return principal;
  throw new AppError(AuthErrors.OPERATION_NOT_ALLOWED, 'forbidden', 'this is an officer\'s action; an API key cannot take it');
}
