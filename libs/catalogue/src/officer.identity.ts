/**
 * The acting officer as the domain sees them: who the signed token says they are (id,
 * role, centre: the identity provider is the authority), with the sectors they handle
 * from the catalogue's record when it has one. An officer acts only on their own
 * centre's dossiers — ops included: ops read every centre's, they do not act on them.
 */
import { AppError } from '@motcua/errors';
import { findOfficer } from './catalogue.lookup';
import type { Catalogue, Officer } from './catalogue.types';

export const OfficerIdentityErrors = {
  WRONG_CENTRE: 'AUTH.WRONG_CENTRE',
} as const;

/** What an authenticated officer's token says (the shape of @motcua/auth's OfficerPrincipal). */
export interface AuthenticatedOfficer {
  id: string;
  name?: string | undefined;
  role: Officer['role'];
  centreId: string;
}

/** The officer for the domain: the token's identity, the catalogue's sectors (all sectors when the catalogue does not know them there). */
export function officerFromToken(catalogue: Catalogue, who: AuthenticatedOfficer): Officer {
  const record = findOfficer(catalogue, who.id);
  const known = record && record.centreId === who.centreId ? record : undefined;
  return { id: who.id, name: who.name ?? known?.name ?? who.id, role: who.role, centreId: who.centreId, sectors: known?.sectors ?? [] };
}

/** Throws `AUTH.WRONG_CENTRE` (403) unless the officer works at `centreId`. */
export function assertSameCentre(officer: Pick<Officer, 'id' | 'centreId'>, centreId: string): void {
  if (officer.centreId === centreId) return;
  throw new AppError(OfficerIdentityErrors.WRONG_CENTRE, 'forbidden', `officer ${officer.id} works at ${officer.centreId}, not ${centreId}`, {
    details: { officerId: officer.id, officerCentreId: officer.centreId, centreId },
  });
}
