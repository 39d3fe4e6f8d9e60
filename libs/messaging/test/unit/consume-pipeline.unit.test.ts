import { dlqTopic, encodeEvent, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';
import { createLogger } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { checkSubscribeOptions, createConsumePipeline, resolveRetryPolicy, retryDelayMs, type ConsumePipelineSettings, type InboundMessage } from '../../src/consume-pipeline';
import { DlqHeaders, defaultRetryPolicy, type ConsumedEvent } from '../../src/event-bus.port';
import { dossierArrived } from '../support/dossier-events.fixture';

const logger = createLogger({ service: 'messaging-test', level: 'silent' });
const GROUP = 'unit-group';
const FAILED_AT = new Date('2030-01-02T03:04:05.000Z');

function fakeBus(options: { failures?: number } = {}) {
  let failuresLeft = options.failures ?? 0;
  const published: { topic: string; message: WireMessage }[] = [];
  return {
    published,
    publishRaw: jest.fn(async (topic: string, messages: WireMessage[]) => {
      await Promise.resolve();
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', 'broker down');
      }
      for (const message of messages) published.push({ topic, message });
    }),
  };
}

function inbound(overrides: Partial<InboundMessage> = {}): InboundMessage {
  const wire = encodeEvent(dossierArrived('d-1'));
  return { topic: 'motcua.intake.v1', partition: 2, offset: '41', key: wire.key, value: wire.value, headers: wire.headers, ...overrides };
}

function pipeline(handler: ConsumePipelineSettings['handler'], overrides: Partial<ConsumePipelineSettings> = {}) {
  const bus = fakeBus();
  const controller = new AbortController();
  const settings: ConsumePipelineSettings = {
    groupId: GROUP,
    retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    handler,
    deadLetters: bus,
    logger,
    system: 'test',
    signal: controller.signal,
    now: () => FAILED_AT,
    ...overrides,
  };
  return { run: createConsumePipeline(settings), bus: (overrides.deadLetters as ReturnType<typeof fakeBus> | undefined) ?? bus, controller };
}

describe('consume pipeline', () => {
  it('when the handler succeeds, then the message is done after one attempt and the handler got the decoded envelope', async () => {
    const seen: ConsumedEvent[] = [];
    const { run, bus } = pipeline(async (event) => {
      seen.push(event);
    });
    const message = inbound();

    await expect(run.process(message)).resolves.toEqual({ done: true, result: 'handled', attempts: 1 });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ topic: message.topic, partition: 2, offset: '41', attempt: 1 });
    expect(seen[0]?.envelope).toMatchObject({ id: message.headers['ce_id'], subject: 'd-1', data: { dossierId: 'd-1' } });
    expect(bus.publishRaw).not.toHaveBeenCalled();
  });

  it('when the handler fails transiently twice, then it is retried with increasing attempt numbers and succeeds', async () => {
    const attempts: number[] = [];
    const { run, bus } = pipeline(async ({ attempt }) => {
      attempts.push(attempt);
      if (attempt < 3) throw new AppError('TEST.FLAKY', 'transient', 'try again');
    });

    await expect(run.process(inbound())).resolves.toEqual({ done: true, result: 'handled', attempts: 3 });

    expect(attempts).toEqual([1, 2, 3]);
    expect(bus.publishRaw).not.toHaveBeenCalled();
  });

  it('when the handler keeps failing, then after maxAttempts the message is dead-lettered with the attempt count and the last error', async () => {
    const { run, bus } = pipeline(async () => {
      throw new Error('database is locked');
    });
    const message = inbound();

    await expect(run.process(message)).resolves.toEqual({ done: true, result: 'dead-lettered', attempts: 3 });

    expect(bus.published).toHaveLength(1);
    const letter = bus.published[0];
    expect(letter?.topic).toBe(dlqTopic(GROUP));
    expect(letter?.message.key).toBe(message.key);
    expect(letter?.message.value.equals(message.value as Buffer)).toBe(true);
    expect(letter?.message.headers).toMatchObject({
      ...message.headers,
      [DlqHeaders.code]: ErrorCodes.BUS_RETRIES_EXHAUSTED,
      [DlqHeaders.attempts]: '3',
      [DlqHeaders.consumerGroup]: GROUP,
      [DlqHeaders.originalTopic]: message.topic,
      [DlqHeaders.originalPartition]: '2',
      [DlqHeaders.originalOffset]: '41',
      [DlqHeaders.failedAt]: FAILED_AT.toISOString(),
    });
    expect(letter?.message.headers[DlqHeaders.reason]).toContain('INTERNAL.UNEXPECTED: database is locked');
  });

  it('when the handler throws a non-retryable AppError, then the message is dead-lettered at once with its code', async () => {
    const attempts: number[] = [];
    const { run, bus } = pipeline(async ({ attempt }) => {
      attempts.push(attempt);
      throw new AppError('PROCESSING.PROCEDURE_UNKNOWN', 'permanent', 'no such procedure');
    });

    await expect(run.process(inbound())).resolves.toEqual({ done: true, result: 'dead-lettered', attempts: 1 });

    expect(attempts).toEqual([1]);
    expect(bus.published[0]?.message.headers).toMatchObject({
      [DlqHeaders.code]: 'PROCESSING.PROCEDURE_UNKNOWN',
      [DlqHeaders.reason]: 'no such procedure',
      [DlqHeaders.attempts]: '1',
    });
  });

  it.each([
    ['garbage without CloudEvents headers', { headers: {}, value: Buffer.from('not json') }, ErrorCodes.CONTRACT_INVALID_EVENT, 'missing CloudEvents headers'],
    ['data that does not match the schema', { value: Buffer.from(JSON.stringify({ dossierId: 'd-1' })) }, ErrorCodes.CONTRACT_INVALID_EVENT, 'does not match'],
    ['an unknown event type', { headers: { ...inbound().headers, ce_type: 'vn.motcua.intake.DossierTeleported.v1' } }, ErrorCodes.CONTRACT_UNKNOWN_EVENT_TYPE, 'unknown event type'],
  ])('when a message carries %s, then it is dead-lettered without calling the handler', async (_what, overrides, code, reason) => {
    const handler = jest.fn(async () => undefined);
    const { run, bus } = pipeline(handler);

    await expect(run.process(inbound(overrides))).resolves.toEqual({ done: true, result: 'dead-lettered', attempts: 0 });

    expect(handler).not.toHaveBeenCalled();
    expect(bus.published[0]?.message.headers).toMatchObject({ [DlqHeaders.code]: code, [DlqHeaders.attempts]: '0' });
    expect(bus.published[0]?.message.headers[DlqHeaders.reason]).toContain(reason);
  });

  it('when the failure reason contains a phone number, then the dead-letter reason masks it', async () => {
    const { run, bus } = pipeline(async () => {
      throw new AppError('NOTIFIER.REJECTED', 'permanent', 'provider rejected 0912345678');
    });

    await run.process(inbound());

    const reason = bus.published[0]?.message.headers[DlqHeaders.reason];
    expect(reason).not.toContain('0912345678');
    expect(reason).toContain('678');
  });

  it('when the subscription stops during a retry wait, then the wait ends at once and the message is reported not done', async () => {
    const handler = jest.fn(async () => {
      throw new AppError('TEST.FLAKY', 'transient', 'try again');
    });
    // A wait far longer than the test's own timeout: only an abort can end it in time.
    const { run, bus, controller } = pipeline(handler, { retry: { maxAttempts: 5, initialDelayMs: 60_000, maxDelayMs: 60_000 } });

    const outcome = run.process(inbound());
    await waitFor(() => handler.mock.calls.length === 1, { what: 'the first attempt' });
    controller.abort();

    await expect(outcome).resolves.toEqual({ done: false, reason: 'stopping' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(bus.publishRaw).not.toHaveBeenCalled();
  }, 5_000);

  it('when the subscription stops while the handler runs, then the handler finishes and a success still counts as done', async () => {
    let release: () => void = () => undefined;
    const started = jest.fn();
    const { run, controller } = pipeline(async () => {
      started();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });

    const outcome = run.process(inbound());
    await waitFor(() => started.mock.calls.length === 1, { what: 'the handler to start' });
    controller.abort();
    release();

    await expect(outcome).resolves.toEqual({ done: true, result: 'handled', attempts: 1 });
  });

  it('when the subscription stops while a failing attempt runs, then the message is not done and not dead-lettered', async () => {
    const { run, bus, controller } = pipeline(async () => {
      controller.abort();
      throw new AppError('TEST.FLAKY', 'transient', 'try again');
    });

    await expect(run.process(inbound())).resolves.toEqual({ done: false, reason: 'stopping' });
    expect(bus.publishRaw).not.toHaveBeenCalled();
  });

  it('when publishing the dead letter keeps failing, then the message is reported not done so it is not committed', async () => {
    const failing = fakeBus({ failures: 10 });
    const { run } = pipeline(
      async () => {
        throw new AppError('TEST.BROKEN', 'permanent', 'broken');
      },
      { deadLetters: failing },
    );

    await expect(run.process(inbound())).resolves.toEqual({ done: false, reason: 'dead-letter-failed' });
    expect(failing.publishRaw).toHaveBeenCalledTimes(3);
  });

  it('when publishing the dead letter fails once, then it is tried again and the message is done', async () => {
    const flaky = fakeBus({ failures: 1 });
    const { run } = pipeline(
      async () => {
        throw new AppError('TEST.BROKEN', 'permanent', 'broken');
      },
      { deadLetters: flaky },
    );

    await expect(run.process(inbound())).resolves.toEqual({ done: true, result: 'dead-lettered', attempts: 1 });
    expect(flaky.published).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('when a subscription sets only some fields, then the others come from the default policy', () => {
    expect(resolveRetryPolicy({ maxAttempts: 2, initialDelayMs: undefined })).toEqual({ ...defaultRetryPolicy, maxAttempts: 2 });
  });

  it.each([[{ maxAttempts: 0 }], [{ maxAttempts: 1.5 }], [{ initialDelayMs: -1 }], [{ initialDelayMs: 500, maxDelayMs: 100 }]])(
    'when the policy is %j, then it is rejected as invalid configuration',
    (policy) => {
      expect(() => resolveRetryPolicy(policy)).toThrow(expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }));
    },
  );
});

describe('retry delay', () => {
  const policy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])('when %i attempts have failed, then the wait is at most %i ms (doubling, capped)', (failed, ceiling) => {
    for (let i = 0; i < 50; i += 1) {
      const wait = retryDelayMs(policy, failed);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(ceiling);
    }
  });
});

describe('subscribe options', () => {
  it('when a topic is listed twice, then it is subscribed once', () => {
    expect(checkSubscribeOptions({ groupId: 'tracking', topics: ['a', 'b', 'a'] })).toEqual(['a', 'b']);
  });

  it.each([
    ['no topic', { groupId: 'tracking', topics: [] }],
    ['a group name unfit for a dead-letter topic', { groupId: 'Tracking Group', topics: ['a'] }],
  ])('when a subscription has %s, then it is rejected as invalid configuration', (_what, options) => {
    expect(() => checkSubscribeOptions(options)).toThrow(expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }));
  });
});
