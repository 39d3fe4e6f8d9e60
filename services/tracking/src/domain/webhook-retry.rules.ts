/**
 * Which webhook attempts are tried again, and when. Only failures that may pass on
 * their own are retried: no answer at all (network error, timeout), a 5xx, or a 429.
 * Any other answer but 2xx (a 400, a 410, a redirect, which is not followed) says the
 * request itself is wrong for that receiver, and sending it again would not help.
 */
import type { AttemptOutcome } from './status-webhook.entity';

/** What one POST came back with. */
export type PostResult = { kind: 'response'; statusCode: number; retryAfter?: string; durationMs: number } | { kind: 'network'; error: string; durationMs: number };

export function outcomeOf(result: PostResult): AttemptOutcome {
  if (result.kind === 'network') return 'retry';
  const { statusCode } = result;
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 500 || statusCode === 429) return 'retry';
  return 'rejected';
}

export interface RetryPolicy {
  maxAttempts: number;
  initialMs: number;
  /** Caps both the backoff and a Retry-After. */
  maxMs: number;
}

/**
 * `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Undefined when absent or unreadable; a date in the past is 0.
 */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * The wait after the `failedAttempts`-th failed attempt: doubling from `initialMs`
 * and capped, with up to 20% jitter so a receiver coming back is not hit by every
 * retry at once; never shorter than the receiver's Retry-After (itself capped).
 */
export function retryDelayMs(failedAttempts: number, policy: Pick<RetryPolicy, 'initialMs' | 'maxMs'>, retryAfter?: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failedAttempts - 1));
  const backoff = Math.min(policy.maxMs, Math.round(base * (1 + 0.2 * random())));
  return retryAfter === undefined ? backoff : Math.max(backoff, Math.min(retryAfter, policy.maxMs));
}
