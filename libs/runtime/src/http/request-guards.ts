/**
 * Refusals that happen before any route: JSON nested deeper than any schema allows
 * (hashing or validating it recursively could exhaust the stack), and requests Node's
 * HTTP parser rejects (oversized or malformed headers), which never reach express —
 * they are answered with problem+json too instead of Node's bare status line.
 */
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { AppError, ErrorCodes } from '@motcua/errors';
import { problemType } from './problem';

/** Deeper than any request schema goes (the deepest is 3). */
export const MAX_JSON_DEPTH = 16;

/** Iterative, so a body of a hundred thousand nested arrays cannot overflow the stack here either. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

export const jsonDepthLimit: RequestHandler = (req, _res, next) => {
  if (jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
    next(new AppError(ErrorCodes.REQUEST_TOO_DEEP, 'validation', `request body is nested deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  next();
};

/**
 * For `server.on('clientError')`: a problem+json answer on the raw socket, then close
 * it. A HEAD request gets the headers only, as HTTP requires (the method is read from
 * the bytes that failed, which hold the request line when the whole request came at once).
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const code = ErrorCodes.REQUEST_HEADERS_INVALID;
  const detail = status === 431 ? 'request headers are too large' : 'the request could not be parsed as HTTP';
  const body = JSON.stringify({ type: problemType(code), title: code, status, code, detail });
  const head = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
  );
}
