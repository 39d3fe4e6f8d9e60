import { highestSustained, judgeStep, percentilesOf, stepRates, type StepWindow } from '../src/load-figures';

const steady: StepWindow = { targetRate: 10, seconds: 10, submitted: 100, returned: 99, backlogAtStart: 20, backlogAtEnd: 21, failures: 0 };

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
    expect(verdict).toEqual(expect.objectContaining({ sustainable: true, offeredRate: 10, completedRate: 9.9, backlogGrowth: 1 }));
  });

  it('when fewer than 95% of the submitted dossiers come out, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, returned: 80, backlogAtEnd: 40 })).toEqual(expect.objectContaining({ sustainable: false, reason: expect.stringContaining('returned 8.00/s') }));
  });

  it('when the backlog keeps growing although returns keep pace over the window, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, returned: 100, backlogAtEnd: 35 })).toEqual(expect.objectContaining({ sustainable: false, reason: 'backlog grew by 15 dossiers' }));
  });

  it('when intake accepts submissions slower than they are offered, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, submitted: 60, returned: 60 })).toEqual(expect.objectContaining({ sustainable: false, reason: 'intake accepted only 6.00/s of 10.00/s offered' }));
  });

  it('when any call of the simulated people failed, then the load is not sustained', () => {
    expect(judgeStep({ ...steady, failures: 1 })).toEqual(expect.objectContaining({ sustainable: false, reason: '1 calls failed' }));
  });

  it('when a short window at a low rate is one dossier short at an edge, then that alone does not fail it', () => {
    expect(judgeStep({ targetRate: 3, seconds: 4, submitted: 11, returned: 10, backlogAtStart: 3, backlogAtEnd: 4, failures: 0 }).sustainable).toBe(true);
  });

  it('when stepping the load, then each step offers the factor times the previous one', () => {
    expect(stepRates({ startRate: 2, factor: 1.5, maxSteps: 5 })).toEqual([2, 3, 4.5, 6.8, 10.1]);
  });

  it('when a step fails, then the highest sustained rate is the one before it even if a later step passed', () => {
    const sustained = judgeStep(steady);
    const failed = judgeStep({ ...steady, returned: 50 });
    expect(highestSustained([{ rate: 2, verdict: sustained }, { rate: 3, verdict: sustained }, { rate: 4, verdict: failed }, { rate: 6, verdict: sustained }])?.rate).toBe(3);
    expect(highestSustained([{ rate: 2, verdict: failed }])).toBeUndefined();
  });
});
