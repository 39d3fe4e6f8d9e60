/**
 * How a status webhook is signed, in the shape Stripe and Standard Webhooks use:
 * `Motcua-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
 * with the subscription's secret (its UTF-8 bytes, `whsec_` prefix included). The
 * timestamp is signed with the body, so a receiver that refuses a `t` outside its
 * replay window (we document 5 minutes) refuses a captured request replayed later.
 * Each attempt is signed afresh, so a retry hours later still verifies.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Motcua-Signature';
export const TIMESTAMP_HEADER = 'Motcua-Timestamp';
export const DELIVERY_ID_HEADER = 'Motcua-Delivery-Id';
export const EVENT_ID_HEADER = 'Motcua-Event-Id';
/** The replay window we advise receivers to enforce, in seconds. */
export const REPLAY_WINDOW_S = 300;

const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, base64url, prefixed so a leaked secret is recognisable for what it is. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, timestampS: number, body: string): string {
  return `t=${timestampS},v1=${hmacHex(secret, timestampS, body)}`;
}

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * What a receiver does (the reference for docs/operations.md's sample): the header's
 * `t` within the window of its clock, and one `v1` equal to the HMAC it computes.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowS: number, windowS: number = REPLAY_WINDOW_S): SignatureCheck {
  if (!header) return { valid: false, reason: 'signature header missing' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = parts.find(([name]) => name === 't')?.[1];
  if (!t || !/^[0-9]{1,12}$/.test(t)) return { valid: false, reason: 'no timestamp in the signature header' };
  if (Math.abs(nowS - Number(t)) > windowS) return { valid: false, reason: `timestamp more than ${windowS} s from now` };
  const expected = Buffer.from(hmacHex(secret, Number(t), body), 'utf8');
  const matches = parts
    .filter(([name]) => name === 'v1')
    .some(([, value]) => {
      const given = Buffer.from(value ?? '', 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? { valid: true } : { valid: false, reason: 'signature does not match' };
}
