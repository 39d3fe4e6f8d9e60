/**
 * Status callbacks from the postal operator carry an HMAC-SHA256 under
 * NOTIFIER_POSTAL_CALLBACK_SECRET over the timestamp and the fields acted on
 * (tracking code, status, time), in two headers. The timestamp must be within the
 * tolerance of our clock, so a captured callback cannot be replayed later; the
 * fields are signed rather than the raw body because the HTTP layer parses JSON
 * before any route sees it (and a re-serialised body would not match byte for byte).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-postal-signature';
export const TIMESTAMP_HEADER = 'x-postal-timestamp';

export interface SignedFields {
  trackingCode: string;
  status: string;
  at: string;
}

const payload = (timestamp: string, f: SignedFields): string => `${timestamp}\n${f.trackingCode}\n${f.status}\n${f.at}`;

/** `sha256=<hex>`. */
export function signCallback(secret: string, timestamp: string, fields: SignedFields): string {
  return `sha256=${createHmac('sha256', secret).update(payload(timestamp, fields), 'utf8').digest('hex')}`;
}

export type CallbackCheck = { valid: true } | { valid: false; reason: string };

export function checkCallbackSignature(secret: string, headers: { signature?: string | undefined; timestamp?: string | undefined }, fields: SignedFields, now: Date, toleranceS: number): CallbackCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { valid: false, reason: 'signature or timestamp header missing' };
  if (!/^[0-9]{1,12}$/.test(timestamp)) return { valid: false, reason: 'timestamp is not Unix seconds' };
  const expected = Buffer.from(signCallback(secret, timestamp, fields));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'signature does not match' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceS) return { valid: false, reason: `timestamp more than ${toleranceS} s from now` };
  return { valid: true };
}
