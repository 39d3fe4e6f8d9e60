/** Stable error codes of the intake rules. */
import { AppError, notFound, type FieldError } from '@motcua/errors';
import { LifecycleErrors, type Role } from '@motcua/contracts';

export const IntakeErrors = {
  UNKNOWN_PROCEDURE: 'INTAKE.UNKNOWN_PROCEDURE',
  UNKNOWN_CENTRE: 'INTAKE.UNKNOWN_CENTRE',
  UNKNOWN_RECEPTION_POINT: 'INTAKE.UNKNOWN_RECEPTION_POINT',
  UNKNOWN_POSTAL_POINT: 'INTAKE.UNKNOWN_POSTAL_POINT',
  MISSING_DOCUMENTS: 'INTAKE.MISSING_DOCUMENTS',
  RETURN_CHANNEL_NOT_ALLOWED: 'INTAKE.RETURN_CHANNEL_NOT_ALLOWED',
  RETURN_CHANNEL_INCOMPLETE: 'INTAKE.RETURN_CHANNEL_INCOMPLETE',
  DOSSIER_NOT_FOUND: 'INTAKE.DOSSIER_NOT_FOUND',
  REFUSAL_NOT_FOUND: 'INTAKE.REFUSAL_NOT_FOUND',
  TRANSFER_ROUND_NOT_FOUND: 'INTAKE.TRANSFER_ROUND_NOT_FOUND',
  TRANSFER_ROUND_NOT_DUE: 'INTAKE.TRANSFER_ROUND_NOT_DUE',
  TRANSFER_ROUND_NOT_PICKED_UP: 'INTAKE.TRANSFER_ROUND_NOT_PICKED_UP',
  NOT_ON_ROUND: 'INTAKE.NOT_ON_ROUND',
} as const;

export function refused(code: string, message: string, fields: FieldError[] = []): AppError {
  return new AppError(code, 'validation', message, { fields, status: 422, retryable: false });
}

export const dossierNotFound = (id: string): AppError => notFound(IntakeErrors.DOSSIER_NOT_FOUND, `no dossier ${id}`);
export const refusalNotFound = (id: string): AppError => notFound(IntakeErrors.REFUSAL_NOT_FOUND, `no refusal ${id}`);
export const roundNotFound = (id: string, why: string): AppError => notFound(IntakeErrors.TRANSFER_ROUND_NOT_FOUND, `no transfer round ${id}: ${why}`);

/**
 * Steps outside the lifecycle table (taking a dossier in, refusing one, carrying
 * results) are refused with the table's own code, so clients branch on one code.
 */
export function roleNotAllowed(role: Role, what: string): AppError {
  return new AppError(LifecycleErrors.ROLE_NOT_ALLOWED, 'forbidden', `role ${role} may not ${what}`, { details: { role, action: what } });
}
