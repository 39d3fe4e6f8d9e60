/**
 * How fast, and how much, each centre may text: a token bucket per centre (a
 * minute's worth of burst, refilled continuously at the per-minute rate) and a cap
 * per Vietnam calendar day. Over either, a message is held, never dropped.
 *
 * The bucket is one stored document per centre (tokens, last refill time, the day and
 * what was admitted that day), read and written in the same unit of work that claims
 * a message for sending: two replicas claiming at once conflict on that document and
 * one retries, so the rate holds across replicas and restarts. An in-memory npm
 * limiter would hold per process only, hence this one page of arithmetic.
 *
 * A message over the rate reserves the next free token: the bucket goes into debt
 * by one and the message is due when the refill pays that debt back, so a burst is
 * spread one token-interval apart instead of every held message waking together.
 * The daily cap counts admissions (sent now or reserved) on the day they are
 * admitted; beyond it a message waits for the next local midnight, when it asks the
 * bucket again. A reservation made late in the evening may therefore go out after
 * midnight and still count for the day it was admitted.
 */

export interface SendRatePolicy {
  perMinute: number;
  dailyCap: number;
}

export interface CentreSendRate {
  /** The centre id. */
  id: string;
  /** Below zero: tokens already promised to held messages. */
  tokens: number;
  refilledAt: string;
  /** Vietnam calendar day (YYYY-MM-DD) `admittedToday` counts for. */
  day: string;
  admittedToday: number;
}

export type Admission =
  | { go: 'now'; rate: CentreSendRate }
  | { go: 'later'; heldBy: 'rate-limit' | 'daily-cap'; dueAt: string; rate: CentreSendRate };

/** Vietnam keeps UTC+7 all year (no daylight saving), so the local day is a fixed shift. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function nextVietnamMidnight(at: Date): Date {
  const local = at.getTime() + VIETNAM_OFFSET_MS;
  return new Date(Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - VIETNAM_OFFSET_MS);
}

/** Takes (or reserves) one token of the centre's bucket for a submission at `now`. */
export function admit(stored: CentreSendRate | undefined, centreId: string, now: Date, policy: SendRatePolicy): Admission {
  const capacity = policy.perMinute;
  const perMs = policy.perMinute / 60_000;
  const day = vietnamDay(now);
  const at = now.toISOString();
  const elapsed = stored ? Math.max(0, now.getTime() - Date.parse(stored.refilledAt)) : 0;
  const tokens = stored ? Math.min(capacity, stored.tokens + elapsed * perMs) : capacity;
  const admittedToday = stored && stored.day === day ? stored.admittedToday : 0;
  const refilled: CentreSendRate = { id: centreId, tokens, refilledAt: at, day, admittedToday };
  if (admittedToday >= policy.dailyCap) return { go: 'later', heldBy: 'daily-cap', dueAt: nextVietnamMidnight(now).toISOString(), rate: refilled };
  const taken: CentreSendRate = { ...refilled, tokens: tokens - 1, admittedToday: admittedToday + 1 };
  if (tokens >= 1) return { go: 'now', rate: taken };
  // Due when the refill brings the bucket back to zero: the debt this message leaves.
  const waitMs = Math.ceil(-taken.tokens / perMs);
  return { go: 'later', heldBy: 'rate-limit', dueAt: new Date(now.getTime() + waitMs).toISOString(), rate: taken };
}
