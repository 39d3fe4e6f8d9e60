import { lagByTopic, messagesIn } from '../../src/consumer-lag';

describe('consumer lag from offsets', () => {
  it('when a group committed on some partitions, then its lag is the log end minus its position, and all of a partition it never committed on', () => {
    const lag = lagByTopic([
      { topic: 'a', partition: 0, low: 0, high: 10, committed: 7 },
      { topic: 'a', partition: 1, low: 0, high: 4 },
      { topic: 'b', partition: 0, low: 0, high: 5, committed: 5 },
    ]);
    expect(Object.fromEntries(lag)).toEqual({ a: 3 + 4, b: 0 });
  });

  it('when retention removed messages below the group’s position, then only what is still in the log counts', () => {
    expect(lagByTopic([{ topic: 'a', partition: 0, low: 8, high: 10, committed: 3 }]).get('a')).toBe(2);
    expect(lagByTopic([{ topic: 'a', partition: 0, low: 8, high: 10 }]).get('a')).toBe(2);
  });

  it('when a dead-letter topic is counted, then every partition’s messages still in the log add up', () => {
    expect(
      messagesIn([
        { topic: 'motcua.dlq.x', partition: 0, low: 0, high: 2 },
        { topic: 'motcua.dlq.x', partition: 1, low: 1, high: 4 },
      ]),
    ).toBe(5);
    expect(messagesIn([])).toBe(0);
  });
});
