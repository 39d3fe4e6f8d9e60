/** Processing's stable error codes; lifecycle refusals use the shared `LIFECYCLE.*` codes. */
import { AppError } from '@motcua/errors';

export const ProcessingErrors = {
  WORK_ITEM_NOT_FOUND: 'PROCESSING.WORK_ITEM_NOT_FOUND',
  UNKNOWN_PROCEDURE: 'PROCESSING.UNKNOWN_PROCEDURE',
  ALREADY_ASSIGNED: 'PROCESSING.ALREADY_ASSIGNED',
  INVALID_ASSIGNEE: 'PROCESSING.INVALID_ASSIGNEE',
  EXTENSION_NOT_LATER: 'PROCESSING.EXTENSION_NOT_LATER',
  DOCUMENT_NOT_FOUND: 'PROCESSING.DOCUMENT_NOT_FOUND',
  /** A work item awaiting a supplement whose clock runs: stored data contradicts itself. */
  CLOCK_NOT_PAUSED: 'PROCESSING.CLOCK_NOT_PAUSED',
} as const;

export const workItemNotFound = (what: string): AppError => new AppError(ProcessingErrors.WORK_ITEM_NOT_FOUND, 'not_found', `no work item ${what}`);
