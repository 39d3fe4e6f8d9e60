/**
 * Expiring signed links: a URL path plus `expires` (Unix seconds) and `signature`
 * (base64url HMAC-SHA256 over path and expiry), so one service can hand out a link
 * to a resource another service serves without the two calling each other — they
 * share only the secret. Return issues links to signing's documents this way.
 *
 * Also where that shared secret comes from: configured (`RESULT_LINK_SECRET`), or,
 * on a local SQLite store, generated once and kept in the data directory so every
 * process started on that directory agrees without anyone setting it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, ErrorCodes } from '@motcua/errors';
import { writeFileOnce } from '../write-once';
import type { RuntimeConfig } from '../runtime.config';

export interface SignedLinkParams {
  /** Unix seconds after which the link is refused. */
  expires: number;
  signature: string;
}

export type LinkCheck = { valid: true } | { valid: false; reason: 'expired' | 'invalid' };

/** Fewer characters than this would make the HMAC key guessable. */
export const MIN_LINK_SECRET_LENGTH = 32;

const mac = (secret: string, path: string, expires: number): Buffer => createHmac('sha256', secret).update(`${path}\n${expires}`, 'utf8').digest();

/** Signs `path` until `expiresAt` (rounded down to the second: the link never outlives what was asked). */
export function signLink(secret: string, path: string, expiresAt: Date): SignedLinkParams {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return { expires, signature: mac(secret, path, expires).toString('base64url') };
}

/** `path?expires=…&signature=…`. */
export function signedPath(secret: string, path: string, expiresAt: Date): string {
  const { expires, signature } = signLink(secret, path, expiresAt);
  return `${path}?expires=${expires}&signature=${signature}`;
}

/**
 * Checks a link as received (query values are text). The signature is checked
 * before the expiry, so a link whose expiry was edited is `invalid`, not `expired`;
 * the comparison takes the same time wherever the bytes differ.
 */
export function verifyLink(secret: string, path: string, expires: string | undefined, signature: string | undefined, now: Date): LinkCheck {
  if (!expires || !signature || !/^[0-9]{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{1,100}$/.test(signature)) return { valid: false, reason: 'invalid' };
  const expected = mac(secret, path, Number(expires));
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'invalid' };
  if (now.getTime() >= Number(expires) * 1000) return { valid: false, reason: 'expired' };
  return { valid: true };
}

export const RESULT_LINK_SECRET_FILE = 'result-link.secret';

const secretError = (message: string, path: string) => new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: ${message}`, { fields: [{ path, message }] });

/**
 * The secret a set of processes shares for signed links. Configured: used as given
 * (never echoed in an error). Unset on a SQLite store (the embedded edition, or
 * processes sharing one data directory): read from `<dataDir>/<file>`, created on the
 * first start. Unset on MongoDB (processes on different machines): start-up fails,
 * because secrets generated per machine would make every link fail.
 */
export function sharedLinkSecret(
  variable: string,
  configured: string | undefined,
  runtime: Pick<RuntimeConfig, 'MOTCUA_DATA_DIR' | 'MOTCUA_STORE'>,
  fileName: string = RESULT_LINK_SECRET_FILE,
): string {
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_LINK_SECRET_LENGTH) throw secretError(`${variable}: must be at least ${MIN_LINK_SECRET_LENGTH} characters`, variable);
    return configured;
  }
  if (runtime.MOTCUA_STORE !== 'sqlite') throw secretError(`${variable}: required when MOTCUA_STORE=${runtime.MOTCUA_STORE} (every service that signs or checks links needs the same value)`, variable);
  const file = resolve(join(runtime.MOTCUA_DATA_DIR, fileName));
  return readOrCreateSecret(file);
}

/**
 * Created atomically: written to a private temporary file, then hard-linked into
 * place, which fails if another process got there first — its secret then wins and
 * is read back, so processes starting together never disagree.
 */
function readOrCreateSecret(file: string): string {
  const existing = readSecret(file);
  if (existing !== undefined) return existing;
  writeFileOnce(file, `${randomBytes(32).toString('hex')}\n`, 0o600);
  const secret = readSecret(file);
  if (secret === undefined) throw secretError(`${file}: could not be read back after creating it`, file);
  return secret;
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_LINK_SECRET_LENGTH) throw secretError(`${file}: holds fewer than ${MIN_LINK_SECRET_LENGTH} characters; delete it to have a new secret generated`, file);
  return secret;
}
