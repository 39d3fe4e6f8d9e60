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
  /**
   * Dossiers submitted but not yet returned, sampled at even intervals across the
   * window: the first at its start, the last at its end (at least two).
   */
  backlog: number[];
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

/** Dossiers the backlog may grow by on top of the 5 %: counts are whole numbers. */
export const SLACK_DOSSIERS = 1;

/**
 * How much the backlog grew over the window, by its trend: the least-squares slope
 * through all the samples times the window. Two instants alone are not enough: the
 * backlog of a pipeline whose dossiers take seconds swings by several dossiers from
 * one moment to the next (dossiers finish in bursts as officers act), which in a
 * window of a few seconds hides or fakes a 5 % growth.
 */
export function backlogTrend(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 2) throw new Error('the backlog needs at least two samples');
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  samples.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  });
  return Math.round((covariance / variance) * (n - 1) * 10) / 10;
}

/**
 * A load is sustained when, over the window, (1) intake accepted at least 95 % of
 * the offered rate (slower answers mean submissions queue up in front of it),
 * (2) the backlog of open dossiers grew, by its trend, by no more than 5 % of what
 * was submitted (so dossiers came out at at least 95 % of the rate they went in: a
 * queue that keeps growing is not a steady state), with (3) no failed calls. Each
 * may miss by SLACK_DOSSIERS more.
 */
export function judgeStep(window: StepWindow): StepVerdict {
  const offeredRate = window.submitted / window.seconds;
  const completedRate = window.returned / window.seconds;
  const backlogGrowth = backlogTrend(window.backlog);
  const verdict = { offeredRate, completedRate, backlogGrowth };
  const refuse = (reason: string): StepVerdict => ({ ...verdict, sustainable: false, reason });
  if (window.failures > 0) return refuse(`${window.failures} calls failed`);
  if (window.submitted < SUSTAINED_SHARE * window.targetRate * window.seconds - SLACK_DOSSIERS) return refuse(`intake accepted only ${offeredRate.toFixed(2)}/s of ${window.targetRate.toFixed(2)}/s offered`);
  if (backlogGrowth > (1 - SUSTAINED_SHARE) * window.submitted + SLACK_DOSSIERS) {
    const throughput = (window.submitted - backlogGrowth) / window.seconds;
    return refuse(`backlog grew by ${backlogGrowth} dossiers: ${throughput.toFixed(2)}/s came out of ${offeredRate.toFixed(2)}/s submitted`);
  }
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
