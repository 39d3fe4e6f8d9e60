/**
 * How an SMS provider call failed, by what it means for the citizen's message:
 * - unavailable: the provider certainly did not take it (refused connection, 5xx,
 *   bad credentials) — safe to try another provider or again later;
 * - rejected: the provider refused this message (bad number, bad text) — trying again
 *   would fail the same way;
 * - unknown: the call may have reached the provider (timeout, connection cut after the
 *   request went out) — never resent blindly; a delivery report or the sweep settles it.
 */
import { AppError } from '@motcua/errors';

export const SmsDeliveryErrors = {
  UNAVAILABLE: 'NOTIFIER.SMS_PROVIDER_UNAVAILABLE',
  REJECTED: 'NOTIFIER.SMS_REJECTED',
  OUTCOME_UNKNOWN: 'NOTIFIER.SMS_OUTCOME_UNKNOWN',
  DLR_UNAUTHORIZED: 'NOTIFIER.DLR_UNAUTHORIZED',
} as const;

export type SmsFailureKind = 'unavailable' | 'rejected' | 'unknown';

export const smsUnavailable = (provider: string, message: string, cause?: unknown): AppError =>
  new AppError(SmsDeliveryErrors.UNAVAILABLE, 'transient', `${provider}: ${message}`, { details: { provider }, cause });
export const smsRejected = (provider: string, message: string): AppError =>
  new AppError(SmsDeliveryErrors.REJECTED, 'permanent', `${provider}: ${message}`, { details: { provider } });
export const smsOutcomeUnknown = (provider: string, message: string, cause?: unknown): AppError =>
  new AppError(SmsDeliveryErrors.OUTCOME_UNKNOWN, 'transient', `${provider}: ${message}`, { details: { provider }, cause, retryable: false });

/** Anything an adapter did not classify counts as unknown: it may have gone out, so it is not resent. */
export function smsFailureKind(error: unknown): SmsFailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === SmsDeliveryErrors.UNAVAILABLE) return 'unavailable';
  if (code === SmsDeliveryErrors.REJECTED) return 'rejected';
  return 'unknown';
}

export function failedProvider(error: unknown): string | undefined {
  const provider = (error as { details?: { provider?: unknown } } | null)?.details?.provider;
  return typeof provider === 'string' ? provider : undefined;
}
