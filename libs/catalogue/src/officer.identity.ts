/**
 * The interim officer identity until JWT (issue 7): officer actions over HTTP carry
 * the header `x-officer-id`, and the officer's role and centre come from the
 * catalogue record, never from the request. An officer acts only on their own
 * centre's dossiers; ops may act across centres.
 */
import { AppError } from '@motcua/errors';
import { findOfficer } from './catalogue.lookup';
import type { Catalogue, Officer } from './catalogue.types';

/** The HTTP header naming the acting officer. */
export const OFFICER_HEADER = 'x-officer-id';

/** How a route documents the header: required for officer actions, optional where an officer narrows what a read shows. */
export const officerHeaderDoc = (required: boolean, description?: string) => ({
  name: OFFICER_HEADER,
  required,
  description: description ?? (required ? 'the acting officer (interim identity until authentication); role and centre come from the catalogue' : 'an officer naming themselves sees their own centre only (ops: all)'),
});

export const OfficerIdentityErrors = {
  UNKNOWN_OFFICER: 'AUTH.UNKNOWN_OFFICER',
  WRONG_CENTRE: 'AUTH.WRONG_CENTRE',
} as const;

/** The officer named by the header value; throws `AUTH.UNKNOWN_OFFICER` (401) when missing or unknown. */
export function officerFromHeader(catalogue: Catalogue, headerValue: string | string[] | undefined): Officer {
  const id = (Array.isArray(headerValue) ? headerValue[0] : headerValue)?.trim();
  if (!id) throw new AppError(OfficerIdentityErrors.UNKNOWN_OFFICER, 'unauthorized', `header ${OFFICER_HEADER} is missing: officer actions must name the acting officer`);
  const officer = findOfficer(catalogue, id);
  if (!officer) throw new AppError(OfficerIdentityErrors.UNKNOWN_OFFICER, 'unauthorized', `officer ${id} is not in the catalogue`, { details: { officerId: id } });
  return officer;
}

/** Throws `AUTH.WRONG_CENTRE` (403) unless the officer works at `centreId` or has role ops. */
export function assertSameCentre(officer: Officer, centreId: string): void {
  if (officer.role === 'ops' || officer.centreId === centreId) return;
  throw new AppError(OfficerIdentityErrors.WRONG_CENTRE, 'forbidden', `officer ${officer.id} works at ${officer.centreId}, not ${centreId}`, {
    details: { officerId: officer.id, officerCentreId: officer.centreId, centreId },
  });
}
