import { partitionForKey } from '../../src/embedded/key.partitioner';

describe('key partitioner', () => {
  it('when the same key is partitioned twice, then it gets the same partition (a dossier keeps its order)', () => {
    expect(partitionForKey('HS-2031-000123', 4)).toBe(partitionForKey('HS-2031-000123', 4));
  });

  it('when the mapping is computed in another process or version, then it is the same: it is pinned here', () => {
    // SHA-256 based, so these never change; a change would reorder dossiers already in a log.
    expect([partitionForKey('d-1', 4), partitionForKey('d-2', 4), partitionForKey('', 4), partitionForKey('d-1', 7)]).toEqual([0, 0, 2, 2]);
  });

  it('when many keys are partitioned, then every partition is used and none gets far more than its share', () => {
    const counts = new Array<number>(4).fill(0);
    for (let i = 0; i < 4000; i += 1) {
      const partition = partitionForKey(`dossier-${i}`, 4);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('when a key has non-ASCII characters, then it is hashed as UTF-8 and stays in range', () => {
    const partition = partitionForKey('hồ-sơ-Nguyễn', 6);
    expect(partition).toBeGreaterThanOrEqual(0);
    expect(partition).toBeLessThan(6);
  });

  it.each([0, -1, 2.5])('when the partition count is %p, then it is rejected', (partitions) => {
    expect(() => partitionForKey('d-1', partitions)).toThrow(RangeError);
  });
});
