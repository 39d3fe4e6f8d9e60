/**
 * The notifier in-process (SQLite store and event log) on a private real Kannel
 * (bearerbox + smsbox + fakesmsc), for the component tests that send through it: the
 * notifier can be stopped and started again on the same file and port (a restart, as
 * after a crash), with settings on top of the Kannel ones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Topics, topicOfType, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus, type Subscription } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { freePort, officerHeaders, OPS_DESK, startKannel, testAuth, type FakeSmscMessage, type KannelFixture, type SmsPeer } from '@motcua/testing';
import { notifierModule } from '../../src/notifier.module';
import type { Notification } from '../../src/domain/notification.entity';

const DLR_SECRET = 'component-test-dlr-secret';

export interface NotifierOnKannel {
  kannel: KannelFixture;
  /** Where the notifier listens (the same across restarts: it is the dlr-url's base). */
  url: string;
  /** Every event the notifier published, across restarts. */
  events: EventEnvelope[];
  /** Starts the notifier on the same file and port; `env` goes on top of the Kannel settings. */
  start(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
  /** Stops the notifier and Kannel and restores the environment. */
  close(): Promise<void>;
  publish(envelope: EventEnvelope): Promise<void>;
  notificationsOf(dossierId: string): Promise<Notification[]>;
  /** A notification as stored, read from the file: works while the notifier is stopped. */
  storedNotification(id: string): Notification | undefined;
  /** What the fake SMSC received whose text carries `code`. */
  smsTo(code: string): FakeSmscMessage[];
  /** The names of the events published about one notification. */
  eventsFor(notificationId: string): string[];
}

export async function startNotifierOnKannel(peer: SmsPeer): Promise<NotifierOnKannel> {
  const logger = createLogger({ service: 'notifier', level: (process.env['TEST_LOG_LEVEL'] as 'info' | undefined) ?? 'silent' });
  const savedEnv = { ...process.env };
  const kannel = await startKannel(peer);
  const file = join(mkdtempSync(join(tmpdir(), 'motcua-notifier-kannel-')), 'motcua.db');
  const port = await freePort();
  const events: EventEnvelope[] = [];
  let running: { store: Store; bus: EventBus; notifier: RunningService; observer: Subscription } | undefined;

  const start = async (env: Record<string, string> = {}): Promise<void> => {
    process.env = {
      ...savedEnv,
      NOTIFIER_SMS_PROVIDERS: 'kannel',
      KANNEL_SENDSMS_URL: kannel.sendsmsUrl,
      KANNEL_USERNAME: kannel.username,
      KANNEL_PASSWORD: kannel.password,
      KANNEL_FROM: 'MOTCUA',
      NOTIFIER_PUBLIC_URL: `http://127.0.0.1:${port}`,
      NOTIFIER_DLR_SECRET: DLR_SECRET,
      NOTIFIER_SMS_RETRY_INITIAL_MS: '200',
      NOTIFIER_SMS_RETRY_MAX_MS: '500',
      NOTIFIER_SMS_MAX_ATTEMPTS: '50',
      NOTIFIER_SMS_TIMEOUT_MS: '5000',
      ...env,
    };
    const store = await createSqliteStore({ path: file });
    const bus = await createEmbeddedEventBus({ path: file, logger });
    const notifier = await startService(notifierModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port, host: '127.0.0.1', outboxPollMs: 50, timerPollMs: 100, retry: { initialDelayMs: 50, maxDelayMs: 200 } });
    const observer = await bus.subscribe({ groupId: 'test-observer', topics: [Topics.notifier] }, async (event) => void events.push(event.envelope));
    running = { store, bus, notifier, observer };
  };

  const stop = async (): Promise<void> => {
    if (!running) return;
    const { store, bus, notifier, observer } = running;
    running = undefined;
    await observer.stop();
    await notifier.stop();
    await bus.close();
    await store.close();
  };

  const url = `http://127.0.0.1:${port}`;
  return {
    kannel,
    url,
    events,
    start,
    stop,
    close: async () => {
      await stop();
      await kannel.stop();
      process.env = savedEnv;
    },
    publish: async (envelope) => {
      if (!running) throw new Error('the notifier is not running');
      await running.bus.publish([{ topic: topicOfType(envelope.type), envelope }]);
    },
    notificationsOf: async (dossierId) => ((await (await fetch(`${url}/v1/notifications?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: Notification[] }).items,
    storedNotification: (id) => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare('SELECT doc FROM notifier_notifications WHERE id = ?').get(id) as { doc: string } | undefined;
        return row ? (JSON.parse(row.doc) as Notification) : undefined;
      } finally {
        db.close();
      }
    },
    smsTo: (code) => kannel.received().filter((m) => m.text.includes(code)),
    eventsFor: (notificationId) => events.filter((e) => (e.data as { notificationId?: string }).notificationId === notificationId).map((e) => e.type.split('.')[3] as string),
  };
}
