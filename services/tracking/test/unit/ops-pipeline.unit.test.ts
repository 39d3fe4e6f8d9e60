import { readPipeline, type PipelineDeps } from '../../src/domain/ops-pipeline.use-case';

const at = new Date('2026-12-05T01:00:00.000Z');

function deps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    groups: [
      { group: 'processing', service: 'processing', topics: ['motcua.intake.v1', 'motcua.signing.v1'] },
      { group: 'tracking', service: 'tracking', topics: ['motcua.intake.v1'] },
    ],
    lag: async (group) => new Map(group === 'processing' ? [['motcua.intake.v1', 3]] : []),
    deadLetters: async (group) => (group === 'processing' ? 4 : 0),
    handledDeadLetters: async (group) => (group === 'processing' ? 1 : 0),
    outboxBacklogs: async () => [
      { service: 'intake', source: 'in-process', backlog: 2 },
      { service: 'notifier', source: 'http://notifier:8085/metrics', error: 'not reachable' },
    ],
    clock: () => at,
    ...overrides,
  };
}

describe('the ops pipeline view', () => {
  it('when every figure is read, then each group shows its lag per topic and its dead letters with those pending, and the totals add up what was read', async () => {
    const view = await readPipeline(deps());

    expect(view.readAt).toBe('2026-12-05T01:00:00.000Z');
    expect(view.consumerLag).toEqual([
      { group: 'processing', service: 'processing', topic: 'motcua.intake.v1', lag: 3 },
      { group: 'processing', service: 'processing', topic: 'motcua.signing.v1', lag: 0 },
      { group: 'tracking', service: 'tracking', topic: 'motcua.intake.v1', lag: 0 },
    ]);
    expect(view.deadLetters).toEqual([
      { group: 'processing', service: 'processing', count: 4, pending: 3 },
      { group: 'tracking', service: 'tracking', count: 0, pending: 0 },
    ]);
    expect(view.outboxBacklog).toHaveLength(2);
    expect(view.totals).toEqual({ lag: 3, deadLettersPending: 3, outboxBacklog: 2 });
  });

  it('when one group’s figures cannot be read, then that group says why and the others are still shown', async () => {
    const view = await readPipeline(
      deps({
        lag: async (group) => {
          if (group === 'processing') throw new Error('BUS.UNAVAILABLE: no broker answered');
          return new Map([['motcua.intake.v1', 1]]);
        },
      }),
    );

    expect(view.consumerLag).toEqual([
      { group: 'processing', service: 'processing', error: 'BUS.UNAVAILABLE: no broker answered' },
      { group: 'tracking', service: 'tracking', topic: 'motcua.intake.v1', lag: 1 },
    ]);
    expect(view.deadLetters[0]).toEqual({ group: 'processing', service: 'processing', error: 'BUS.UNAVAILABLE: no broker answered' });
    expect(view.totals.lag).toBe(1);
  });

  it('when audit entries outnumber the letters still in the log (retention removed some), then pending is never negative', async () => {
    const view = await readPipeline(deps({ handledDeadLetters: async () => 9 }));
    expect(view.deadLetters.map((d) => d.pending)).toEqual([0, 0]);
  });
});
