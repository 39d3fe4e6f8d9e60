/**
 * The one error type that crosses layers and processes. Its stable string `code`
 * (e.g. `SIGNING.CERT_EXPIRED`) is what callers branch on: codes survive
 * serialisation into problem+json, dead-letter headers and logs, `instanceof` does not.
 */
export type ErrorKind = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'transient' | 'permanent' | 'internal';

export interface FieldError {
  /** JSON pointer or dotted path of the failing field, e.g. `/applicant/phone`. */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  status?: number;
  retryable?: boolean;
  fields?: FieldError[];
  details?: Record<string, unknown>;
  cause?: unknown;
}

const defaultStatus: Record<ErrorKind, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  transient: 503,
  permanent: 422,
  internal: 500,
};

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly status: number;
  /** True when trying the same thing again later may succeed (broker down, lock held). */
  readonly retryable: boolean;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(code: string, kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = kind;
    this.status = options.status ?? defaultStatus[kind];
    this.retryable = options.retryable ?? (kind === 'transient' || kind === 'internal');
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, kind: this.kind, message: this.message, status: this.status, retryable: this.retryable, fields: this.fields };
  }
}

/** Duck-typed check: works for errors built by another copy of this module too. */
export function isAppError(error: unknown): error is AppError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    typeof (error as { retryable?: unknown }).retryable === 'boolean'
  );
}

export const validationError = (code: string, message: string, fields: FieldError[] = [], details?: Record<string, unknown>): AppError =>
  new AppError(code, 'validation', message, { fields, details });
export const notFound = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(code, 'not_found', message, { details });
export const conflict = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(code, 'conflict', message, { details });
export const forbidden = (code: string, message: string): AppError => new AppError(code, 'forbidden', message);
export const transient = (code: string, message: string, cause?: unknown): AppError =>
  new AppError(code, 'transient', message, { cause });
export const permanent = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(code, 'permanent', message, { details });

/**
 * Classifies anything thrown for a consumer or a retry loop: an AppError says
 * whether it is retryable; an unknown error is treated as transient because
 * crashing bugs and broker hiccups look alike from here, and the attempt limit
 * sends a truly broken message to the dead-letter topic anyway.
 */
export function classify(error: unknown): { code: string; message: string; retryable: boolean } {
  if (isAppError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL.UNEXPECTED', message, retryable: true };
}
