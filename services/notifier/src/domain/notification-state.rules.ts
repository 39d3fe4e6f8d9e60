/**
 * The notification state machine: created → sending → sent → delivered, or one of
 * three failures. `temporary-failure` with `nextAttemptAt` waits for a retry (the
 * providers did not accept the message); without it, it is final (the network gave
 * up on a phone that stayed unreachable). Anything not in the table is refused, so a
 * late or duplicate delivery report can never move a delivered message back.
 * `suppressed` (template switched off) is final from the start: it was never sent.
 */
import type { NotificationStatus } from './notification.entity';

const moves: Record<NotificationStatus, readonly NotificationStatus[]> = {
  created: ['sending'],
  // `delivered` straight from `sending`: the report can overtake the recording of the submission.
  sending: ['sent', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure'],
  sent: ['delivered', 'temporary-failure', 'permanent-failure'],
  // Back to `sending` for a retry; `technical-failure` once the attempts are spent.
  'temporary-failure': ['sending', 'technical-failure'],
  delivered: [],
  'permanent-failure': [],
  // The sweep could not learn the outcome; a report arriving later still tells the truth.
  'technical-failure': ['delivered', 'sent', 'temporary-failure', 'permanent-failure'],
  // Never submitted: a report claiming otherwise is logged and ignored.
  suppressed: [],
};

export function canMove(from: NotificationStatus, to: NotificationStatus): boolean {
  return moves[from].includes(to);
}

export const isFinal = (status: NotificationStatus, nextAttemptAt?: string): boolean =>
  status === 'delivered' || status === 'permanent-failure' || status === 'technical-failure' || status === 'suppressed' || (status === 'temporary-failure' && !nextAttemptAt);

/** Retry delay after `attempts` submissions: doubling from `initialMs`, capped, with up to 20% jitter so a backlog does not retry in one burst. */
export function retryDelayMs(attempts: number, policy: { initialMs: number; maxMs: number }, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + 0.2 * random()));
}
