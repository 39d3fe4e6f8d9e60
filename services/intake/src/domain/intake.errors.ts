/** Stable error codes of the intake rules. */
import { AppError, type FieldError } from '@motcua/errors';

export const IntakeErrors = {
  UNKNOWN_PROCEDURE: 'INTAKE.UNKNOWN_PROCEDURE',
  UNKNOWN_CENTRE: 'INTAKE.UNKNOWN_CENTRE',
  UNKNOWN_RECEPTION_POINT: 'INTAKE.UNKNOWN_RECEPTION_POINT',
  MISSING_DOCUMENTS: 'INTAKE.MISSING_DOCUMENTS',
  RETURN_CHANNEL_NOT_ALLOWED: 'INTAKE.RETURN_CHANNEL_NOT_ALLOWED',
  RETURN_CHANNEL_INCOMPLETE: 'INTAKE.RETURN_CHANNEL_INCOMPLETE',
  DOSSIER_NOT_FOUND: 'INTAKE.DOSSIER_NOT_FOUND',
} as const;

export function refused(code: string, message: string, fields: FieldError[] = []): AppError {
  return new AppError(code, 'validation', message, { fields, status: 422, retryable: false });
}
