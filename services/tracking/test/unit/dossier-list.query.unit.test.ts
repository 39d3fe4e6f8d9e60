import { firstPositionWhere, viewFilterFor } from '../../src/data-access/dossier-list.query';

describe('dossier list query → store filter', () => {
  it('when nothing is asked, then every view matches', () => {
    expect(viewFilterFor({})).toEqual({});
  });

  it('when one status is asked, then it is an equality; when several, then "one of" without duplicates', () => {
    expect(viewFilterFor({ statuses: ['RECEIVED'] })).toEqual({ status: 'RECEIVED' });
    expect(viewFilterFor({ statuses: ['RECEIVED', 'IN_PROCESSING', 'RECEIVED'] })).toEqual({ status: ['RECEIVED', 'IN_PROCESSING'] });
  });

  it('when centre and overdue are asked, then overdue is matched on flags.overdue, both true and false', () => {
    expect(viewFilterFor({ centreId: 'c-1', overdue: true })).toEqual({ centreId: 'c-1', 'flags.overdue': true });
    expect(viewFilterFor({ overdue: false })).toEqual({ 'flags.overdue': false });
  });

  it('when dueBefore is asked, then it stays out of the equality filter', () => {
    expect(viewFilterFor({ dueBefore: '2026-01-01T00:00:00Z' })).toEqual({});
  });
});

describe('boundary search over sorted positions', () => {
  const sorted = [1, 3, 3, 5, 8, 13];
  const search = (low: number, high: number, threshold: number) => {
    const probes: number[] = [];
    const result = firstPositionWhere(low, high, async (p) => {
      probes.push(p);
      return (sorted[p] as number) >= threshold;
    });
    return result.then((position) => ({ position, probes }));
  };

  it('when the threshold falls inside, then it finds the first position at or above it', async () => {
    expect((await search(0, sorted.length, 3)).position).toBe(1);
    expect((await search(0, sorted.length, 6)).position).toBe(4);
  });

  it('when every or no value is above the threshold, then it answers the low or the high end', async () => {
    expect((await search(0, sorted.length, 0)).position).toBe(0);
    expect((await search(0, sorted.length, 99)).position).toBe(sorted.length);
    expect((await search(2, 2, 0)).position).toBe(2);
  });

  it('when searching n positions, then it reads about log2(n) of them and never outside the range', async () => {
    const { probes } = await search(1, sorted.length, 8);
    expect(probes.length).toBeLessThanOrEqual(3);
    expect(probes.every((p) => p >= 1 && p < sorted.length)).toBe(true);
  });
});
