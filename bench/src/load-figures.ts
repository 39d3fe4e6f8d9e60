/**
 * The benchmark's arithmetic, kept free of I/O so its rules can be unit-tested:
 * latency percentiles (an HDR histogram), when an offered load counts as sustained,
 * and which load to offer next.
 */
import { build } from 'hdr-histogram-js';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Milliseconds, to 3 significant digits, up to an hour: finer than any figure here needs. */
export function percentilesOf(samplesMs: readonly number[]): Percentiles | undefined {
  if (samplesMs.length === 0) return undefined;
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  // A latency under 1 ms is recorded as 1 ms (the histogram's floor); a negative one (clock skew) as 1 ms too.
  for (const sample of samplesMs) histogram.recordValue(Math.min(3_600_000, Math.max(1, Math.round(sample))));
  const figures = {
    count: histogram.totalCount,
    p50: histogram.getValueAtPercentile(50),
    p95: histogram.getValueAtPercentile(95),
    p99: histogram.getValueAtPercentile(99),
    max: histogram.maxValue,
  };
  histogram.destroy();
  return figures;
}

/** What was seen over the measured window of one load step (its second half: the pipeline had filled by then). */
export interface StepWindow {
  /** The rate asked of the simulated citizens, dossiers per second. */
  targetRate: number;
  seconds: number;
  /** Dossiers submitted (accepted by intake) and returned during the window. */
  submitted: number;
  returned: number;
  /** Dossiers submitted but not yet returned, at the start and the end of the window. */
  backlogAtStart: number;
  backlogAtEnd: number;
  /** Calls the simulated people made that failed (refused submissions, timeouts, 5xx). */
  failures: number;
}

export interface StepVerdict {
  offeredRate: number;
  completedRate: number;
  backlogGrowth: number;
  sustainable: boolean;
  /** Why not, in words, when not. */
  reason?: string;
}

/** Share of the offered rate that must come out, and the most the backlog may grow as a share of what came in. */
export const SUSTAINED_SHARE = 0.95;

/** Dossiers a window may fall short by on top of the 5 %: counts in a few seconds are whole numbers, and one dossier straddles each edge. */
export const SLACK_DOSSIERS = 1;

/**
 * A load is sustained when, over the window, (1) intake accepted at least 95 % of
 * the offered rate (slower answers mean submissions queue up in front of it),
 * (2) dossiers were returned at at least 95 % of the rate they were submitted, and
 * (3) the backlog of open dossiers grew by no more than 5 % of what was submitted
 * (a queue that keeps growing is not a steady state), with (4) no failed calls.
 * Each count may miss by SLACK_DOSSIERS more, so that a short window at a low rate is
 * not judged on one dossier arriving a few milliseconds either side of its edge.
 */
export function judgeStep(window: StepWindow): StepVerdict {
  const offeredRate = window.submitted / window.seconds;
  const completedRate = window.returned / window.seconds;
  const backlogGrowth = window.backlogAtEnd - window.backlogAtStart;
  const verdict = { offeredRate, completedRate, backlogGrowth };
  const refuse = (reason: string): StepVerdict => ({ ...verdict, sustainable: false, reason });
  const atLeast = (count: number, expected: number) => count >= SUSTAINED_SHARE * expected - SLACK_DOSSIERS;
  if (window.failures > 0) return refuse(`${window.failures} calls failed`);
  if (!atLeast(window.submitted, window.targetRate * window.seconds)) return refuse(`intake accepted only ${offeredRate.toFixed(2)}/s of ${window.targetRate.toFixed(2)}/s offered`);
  if (!atLeast(window.returned, window.submitted)) return refuse(`returned ${completedRate.toFixed(2)}/s, under 95% of ${offeredRate.toFixed(2)}/s submitted`);
  if (backlogGrowth > (1 - SUSTAINED_SHARE) * window.submitted + SLACK_DOSSIERS) return refuse(`backlog grew by ${backlogGrowth} dossiers`);
  return { ...verdict, sustainable: true };
}

export interface StepPlan {
  startRate: number;
  /** Each step offers this many times the previous one. */
  factor: number;
  maxSteps: number;
}

/** The load steps to offer: a geometric ramp, rounded to 0.1 dossier per second. */
export function stepRates(plan: StepPlan): number[] {
  return Array.from({ length: plan.maxSteps }, (_, i) => Math.round(plan.startRate * plan.factor ** i * 10) / 10);
}

/** The highest sustained step before the first one that was not: a later lucky step does not count. */
export function highestSustained<S extends { rate: number; verdict: StepVerdict }>(verdicts: readonly S[]): S | undefined {
  let best: S | undefined;
  for (const step of verdicts) {
    if (!step.verdict.sustainable) break;
    best = step;
  }
  return best;
}
