import { backlogTrend, highestSustained, judgeStep, percentilesOf, stepRates, type StepWindow } from '../src/load-figures';

const steady: StepWindow = { targetRate: 10, seconds: 10, submitted: 100, returned: 99, backlog: [20, 21, 20, 21, 21], failures: 0 };
/** `n` samples of a backlog starting at `from` and growing by `growth` over the window, with ±`swing` alternating noise. */
const backlogOf = (n: number, from: number, growth: number, swing = 0) => Array.from({ length: n }, (_, i) => from + (growth * i) / (n - 1) + (i % 2 === 0 ? swing : -swing));

describe('benchmark figures', () => {
  it('when latencies are recorded, then p50, p95 and p99 are the values below which that share of them lie', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentilesOf(samples)).toEqual({ count: 1000, p50: 500, p95: 950, p99: 990, max: 1000 });
  });

  it('when no latency was recorded, then there are no percentiles rather than zeros', () => {
    expect(percentilesOf([])).toBeUndefined();
  });

  it('when dossiers come out as fast as they go in and the backlog holds, then the load is sustained', () => {
    const verdict = judgeStep(steady);
    expect(verdict).toEqual(expect.objectContaining({ sustainable: true, offeredRate: 10, completedRate: 9.9, backlogGrowth: 0.8 }));
  });

  it('when the backlog’s trend grows by more than 5% of what was submitted, then the load is not sustained, and the reason says how much came out', () => {
    expect(judgeStep({ ...steady, returned: 80, backlog: backlogOf(41, 20, 20) })).toEqual(
      expect.objectContaining({ sustainable: false, backlogGrowth: 20, reason: 'backlog grew by 20 dossiers: 8.00/s came out of 10.00/s submitted' }),
    );
  });

  it('when the backlog swings by several dossiers from sample to sample but has no trend, then the load is sustained although the two ends differ', () => {
    // A Kafka step: 24 in, 21 counted out, the end 3 above the start, yet no growth over the window.
    const swinging = [18, 22, 17, 23, 19, 21, 16, 24, 18, 22, 17, 23, 19, 21, 18, 21];
    expect(judgeStep({ targetRate: 3, seconds: 8, submitted: 24, returned: 21, backlog: swinging, failures: 0 })).toEqual(expect.objectContaining({ sustainable: true }));
  });

  it('when a swinging backlog climbs steadily, then the trend sees the growth', () => {
    expect(backlogTrend(backlogOf(33, 10, 12, 4))).toBeCloseTo(12, 0);
    expect(judgeStep({ targetRate: 10, seconds: 8, submitted: 80, returned: 68, backlog: backlogOf(33, 10, 12, 4), failures: 0 }).sustainable).toBe(false);
  });

  it('when intake accepts submissions slower than they are offered, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, submitted: 60, returned: 60 })).toEqual(expect.objectContaining({ sustainable: false, reason: 'intake accepted only 6.00/s of 10.00/s offered' }));
  });

  it('when any call of the simulated people failed, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, failures: 1 })).toEqual(expect.objectContaining({ sustainable: false, reason: '1 calls failed' }));
  });

  it('when a short window at a low rate is one dossier short at an edge, then that alone does not fail it', () => {
    expect(judgeStep({ targetRate: 3, seconds: 4, submitted: 11, returned: 10, backlog: [3, 3, 4, 4], failures: 0 }).sustainable).toBe(true);
  });

  it('when stepping the load, then each step offers the factor times the previous one', () => {
    expect(stepRates({ startRate: 2, factor: 1.5, maxSteps: 5 })).toEqual([2, 3, 4.5, 6.8, 10.1]);
  });

  it('when a step fails, then the highest sustained rate is the one before it even if a later step passed', () => {
    const sustained = judgeStep(steady);
    const failed = judgeStep({ ...steady, returned: 50, backlog: backlogOf(5, 20, 50) });
    expect(highestSustained([{ rate: 2, verdict: sustained }, { rate: 3, verdict: sustained }, { rate: 4, verdict: failed }, { rate: 6, verdict: sustained }])?.rate).toBe(3);
    expect(highestSustained([{ rate: 2, verdict: failed }])).toBeUndefined();
  });
});
