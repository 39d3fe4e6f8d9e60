/**
 * Delivery-report URLs carry an HMAC of the provider and notification id under
 * NOTIFIER_DLR_SECRET: the gateway logs and replays these URLs, so a per-message
 * signature is used rather than the secret itself, and a report for a message we did
 * not sign (or sent to another provider's endpoint) is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signReport(secret: string, provider: string, notificationId: string): string {
  return createHmac('sha256', secret).update(`${provider}\n${notificationId}`).digest('base64url');
}

export function reportSignatureValid(secret: string, provider: string, notificationId: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signReport(secret, provider, notificationId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
