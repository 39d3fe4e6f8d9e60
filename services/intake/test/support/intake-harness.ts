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
import { testAuth, waitFor, type TestAuth } from '@motcua/testing';
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
  /** The service's authentication: API keys to create, the portal's headers. */
  auth: TestAuth;
  bus: EventBus;
  store: Store;
  /** Every event intake published, in order. */
  published: EventEnvelope[];
  setClock(iso: string): void;
  /** As the officer named; without one reads as ops and writes as the portal; `as` gives the credential headers instead (`{}`: none). */
  call<T = Record<string, unknown>>(method: string, path: string, options?: { body?: unknown; officer?: string; as?: Record<string, string> }): Promise<Reply<T>>;
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
  const auth = await testAuth(store);
  const intake = await startService(intakeModule, { store, bus, logger, auth: auth.authenticator, port: 0, outboxPollMs: 20, timerPollMs: 3_600_000, clock: () => now });
  const published: EventEnvelope[] = [];
  const probe: Subscription = await bus.subscribe({ groupId: `probe-${process.pid}-${Date.now()}`, topics: [Topics.intake] }, async (event) => {
    published.push(event.envelope);
  });

  return {
    intake,
    auth,
    bus,
    store,
    published,
    setClock: (iso) => {
      now = new Date(iso);
    },
    async call<T>(method: string, path: string, options: { body?: unknown; officer?: string; as?: Record<string, string> } = {}): Promise<Reply<T>> {
      const headers: Record<string, string> = { ...(options.as ?? (await auth.as(options.officer, method))) };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
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
