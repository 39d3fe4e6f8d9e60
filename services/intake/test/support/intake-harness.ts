/**
 * intake started in-process on the embedded edition's real peers (a SQLite file as
 * store and event log) with a clock the test moves, and a probe that records every
 * event intake publishes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus, type Subscription } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { waitFor } from '@motcua/testing';
import { intakeModule } from '../../src/intake.module';

export interface Reply<T> {
  status: number;
  body: T;
  text: string;
  contentType: string | null;
  headers: Headers;
}

export interface IntakeHarness {
  intake: RunningService;
  bus: EventBus;
  store: Store;
  /** Every event intake published, in order. */
  published: EventEnvelope[];
  setClock(iso: string): void;
  call<T = Record<string, unknown>>(method: string, path: string, options?: { body?: unknown; officer?: string }): Promise<Reply<T>>;
  /** Waits for intake to publish `name` about `dossierId`. */
  event(name: string, dossierId: string): Promise<EventEnvelope>;
  /** Publishes another service's event as that service would. */
  feed(topic: string, envelope: EventEnvelope): Promise<void>;
  stop(): Promise<void>;
}

export async function startIntake(startAt: string): Promise<IntakeHarness> {
  const logger = createLogger({ service: 'intake', level: 'silent' });
  const file = join(mkdtempSync(join(tmpdir(), 'motcua-intake-')), 'motcua.db');
  const store = await createSqliteStore({ path: file });
  const bus = await createEmbeddedEventBus({ path: file, logger });
  let now = new Date(startAt);
  // Timers fire only when the test calls fireDueTimers(): the poller would race the test's clock moves.
  const intake = await startService(intakeModule, { store, bus, logger, port: 0, outboxPollMs: 20, timerPollMs: 3_600_000, clock: () => now });
  const published: EventEnvelope[] = [];
  const probe: Subscription = await bus.subscribe({ groupId: `probe-${process.pid}-${Date.now()}`, topics: [Topics.intake] }, async (event) => {
    published.push(event.envelope);
  });

  return {
    intake,
    bus,
    store,
    published,
    setClock: (iso) => {
      now = new Date(iso);
    },
    async call<T>(method: string, path: string, options: { body?: unknown; officer?: string } = {}): Promise<Reply<T>> {
      const headers: Record<string, string> = {};
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.officer) headers['x-officer-id'] = options.officer;
      const response = await fetch(`${intake.url}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
      const text = await response.text();
      const contentType = response.headers.get('content-type');
      const body = (contentType?.includes('json') && text ? JSON.parse(text) : undefined) as T;
      return { status: response.status, body, text, contentType, headers: response.headers };
    },
    event: (name, dossierId) =>
      waitFor(() => published.find((e) => e.subject === dossierId && e.type === `vn.motcua.intake.${name}.v1`), { what: `${name} for ${dossierId}`, timeoutMs: 10_000 }),
    feed: (topic, envelope) => bus.publish([{ topic, envelope }]),
    async stop() {
      await probe.stop();
      await intake.stop();
      await bus.close();
      await store.close();
    },
  };
}
