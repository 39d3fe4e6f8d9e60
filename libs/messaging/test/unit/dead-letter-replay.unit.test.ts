import { DlqHeaders, ReplayHeaders, deadLetterFacts, replayOf, type DeadLetter } from '../../src';

const letter: DeadLetter = {
  topic: 'motcua.dlq.tracking',
  partition: 2,
  offset: '7',
  key: 'dossier-1',
  value: Buffer.from('{"dossierId":"dossier-1"}'),
  headers: {
    ce_id: 'event-1',
    ce_type: 'vn.motcua.intake.DossierReceived.v1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    [DlqHeaders.reason]: 'broken',
    [DlqHeaders.code]: 'X.Y',
    [DlqHeaders.attempts]: '5',
    [DlqHeaders.consumerGroup]: 'tracking',
    [DlqHeaders.originalTopic]: 'motcua.intake.v1',
    [DlqHeaders.originalPartition]: '1',
    [DlqHeaders.originalOffset]: '42',
    [DlqHeaders.failedAt]: '2026-11-20T02:00:00.000Z',
  },
};

describe('replaying a dead letter', () => {
  it('when replayed, then the original topic, key, value and CloudEvents and trace headers go out without the dead-letter headers, marked with where it came from', () => {
    const { topic, message } = replayOf(letter, 'replay-9');
    expect(topic).toBe('motcua.intake.v1');
    expect(message.key).toBe('dossier-1');
    expect(message.value.equals(letter.value)).toBe(true);
    expect(message.headers).toEqual({
      ce_id: 'event-1',
      ce_type: 'vn.motcua.intake.DossierReceived.v1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      [ReplayHeaders.replayedFrom]: 'motcua.dlq.tracking/2/7',
      [ReplayHeaders.replayId]: 'replay-9',
    });
  });

  it('when a letter does not say its original topic, then it cannot be replayed', () => {
    const { [DlqHeaders.originalTopic]: _topic, ...headers } = letter.headers;
    expect(() => replayOf({ ...letter, headers }, 'r')).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_EVENT' }));
  });

  it('when the headers are read, then numbers are numbers and missing ones are undefined', () => {
    expect(deadLetterFacts(letter)).toEqual({
      reason: 'broken',
      code: 'X.Y',
      attempts: 5,
      consumerGroup: 'tracking',
      originalTopic: 'motcua.intake.v1',
      originalPartition: 1,
      originalOffset: '42',
      failedAt: '2026-11-20T02:00:00.000Z',
    });
    expect(deadLetterFacts({ headers: {} }).attempts).toBeUndefined();
  });
});
