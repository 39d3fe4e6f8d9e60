/** Error codes of the working-time clock; calendar data errors use the shared `CONFIG.INVALID`. */
import { AppError } from '@motcua/errors';

export const WorkingTimeErrors = {
  INVALID_DATE: 'WORKING_TIME.INVALID_DATE',
  INVALID_RULE: 'WORKING_TIME.INVALID_RULE',
  CLOCK_NOT_RUNNING: 'WORKING_TIME.CLOCK_NOT_RUNNING',
  CLOCK_NOT_PAUSED: 'WORKING_TIME.CLOCK_NOT_PAUSED',
  TIME_BEFORE_PAUSE: 'WORKING_TIME.TIME_BEFORE_PAUSE',
  EXTENSION_NOT_LATER: 'WORKING_TIME.EXTENSION_NOT_LATER',
} as const;

export const invalidInput = (code: string, message: string): AppError => new AppError(code, 'validation', message);

/** The clock is in the wrong state for the action (e.g. resuming a clock that is running). */
export const wrongClockState = (code: string, message: string): AppError => new AppError(code, 'conflict', message);
