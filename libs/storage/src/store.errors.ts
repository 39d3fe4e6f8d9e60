/**
 * The errors both store implementations raise, built in one place so SQLite and
 * MongoDB fail with the same codes, kinds and retry flags for the same cause.
 */
import { AppError, ErrorCodes } from '@motcua/errors';

/** Storage codes not (yet) in the shared catalogue of @motcua/errors. */
export const StorageErrorCodes = {
  DUPLICATE_KEY: ErrorCodes.STORAGE_DUPLICATE_KEY,
  UNAVAILABLE: ErrorCodes.STORAGE_UNAVAILABLE,
  NOT_FOUND: 'STORAGE.NOT_FOUND',
  /** A unit of work started inside another one of the same store: it would wait for itself. */
  NESTED_UNIT_OF_WORK: 'STORAGE.NESTED_UNIT_OF_WORK',
  INVALID_SPEC: 'STORAGE.INVALID_SPEC',
  /** A store call made after its unit of work committed or rolled back (an un-awaited promise in the work). */
  UNIT_OF_WORK_ENDED: 'STORAGE.UNIT_OF_WORK_ENDED',
} as const;

export function duplicateKeyError(service: string, collection: string, what: string, cause?: unknown): AppError {
  return new AppError(StorageErrorCodes.DUPLICATE_KEY, 'conflict', `${service}.${collection}: ${what} is already taken`, {
    details: { service, collection },
    retryable: false,
    cause,
  });
}

export function documentNotFoundError(service: string, collection: string, id: string): AppError {
  return new AppError(StorageErrorCodes.NOT_FOUND, 'not_found', `${service}.${collection}: no document with id "${id}"`, {
    details: { service, collection, id },
  });
}

/** The database cannot be reached or stayed locked too long: trying again later may work. */
export function storeUnavailableError(message: string, cause?: unknown): AppError {
  return new AppError(StorageErrorCodes.UNAVAILABLE, 'transient', message, { retryable: true, cause });
}

/** The deployment cannot work at all (e.g. MongoDB without a replica set): retrying will not help. */
export function storeMisconfiguredError(message: string, cause?: unknown): AppError {
  return new AppError(StorageErrorCodes.UNAVAILABLE, 'permanent', message, { status: 503, retryable: false, cause });
}

export function nestedUnitOfWorkError(): AppError {
  return new AppError(
    StorageErrorCodes.NESTED_UNIT_OF_WORK,
    'internal',
    'a unit of work (or ensureCollections / markSent) was started inside another unit of work of the same store; do all the work in the outer transaction',
    { retryable: false },
  );
}

export function invalidSpecError(message: string): AppError {
  return new AppError(StorageErrorCodes.INVALID_SPEC, 'internal', message, { retryable: false });
}

export function unitOfWorkEndedError(service: string): AppError {
  return new AppError(StorageErrorCodes.UNIT_OF_WORK_ENDED, 'internal', `${service}: this unit of work has already ended; await every store call inside the work`, {
    retryable: false,
  });
}
