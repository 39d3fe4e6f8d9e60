/**
 * RFC 9457 problem+json: the one place an error becomes an HTTP response. The
 * stable `code` is what integrators branch on; `errors` names the failing fields;
 * `traceId` lets ops find the request.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ErrorCodes, isAppError, type FieldError } from '@motcua/errors';
import { activeTraceId, type Logger } from '@motcua/observability';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  traceId?: string;
}

const PROBLEM_BASE = 'https://motcua.vn/problems/';

/** The problem type URI of a code: `REQUEST.TOO_LARGE` → `…/problems/request-too-large`. */
export const problemType = (code: string): string => `${PROBLEM_BASE}${code.toLowerCase().replace(/[._]/g, '-')}`;

export function toProblem(error: AppError, instance?: string): Problem {
  const traceId = activeTraceId();
  return {
    type: problemType(error.code),
    title: error.code,
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

/**
 * Maps body-parser and router failures (bad JSON, too large, a path that does not
 * decode) to stable codes instead of express's HTML; their messages are meant for the
 * client (`expose`), anything else stays an internal error whose text is not shown.
 */
function fromFramework(error: unknown): AppError | undefined {
  const e = error as { type?: string; status?: number; message?: string; expose?: boolean };
  if (e?.type === 'entity.parse.failed') return new AppError(ErrorCodes.REQUEST_INVALID, 'validation', `request body is not valid JSON: ${e.message ?? ''}`);
  if (e?.type === 'entity.too.large') return new AppError(ErrorCodes.REQUEST_TOO_LARGE, 'validation', 'request body is too large', { status: 413 });
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return new AppError(ErrorCodes.REQUEST_INVALID, 'validation', e.message ?? 'unsupported encoding', { status: 415 });
  // The router's "Failed to decode param" (a URIError marked 400, not exposed): the path is not valid percent-encoding.
  if (error instanceof URIError && e.status === 400) return new AppError(ErrorCodes.REQUEST_INVALID, 'validation', 'the path is not valid percent-encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) return new AppError(ErrorCodes.REQUEST_INVALID, 'validation', e.message ?? 'bad request', { status: e.status });
  return undefined;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = isAppError(error)
      ? error
      : (fromFramework(error) ?? new AppError(ErrorCodes.INTERNAL, 'internal', 'internal error', { cause: error }));
    if (appError.status >= 500) logger.error({ err: error, code: appError.code, path: req.path }, 'request failed');
    else logger.info({ code: appError.code, path: req.path, status: appError.status }, 'request refused');
    res.status(appError.status).type('application/problem+json').send(JSON.stringify(toProblem(appError, req.originalUrl)));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(ErrorCodes.REQUEST_NOT_FOUND, 'not_found', `no route for ${req.method} ${req.path}`));
};
