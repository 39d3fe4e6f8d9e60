/**
 * The notifier in-process on the embedded edition's peers (a SQLite file as store and
 * event log): the SMS preview an operator sees over HTTP before switching a template on.
 */
import { officerHeaders, testAuth } from '@motcua/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger, shutdownTracing, startTracing } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { notifierModule } from '../../src/notifier.module';

describe('SMS preview over HTTP', () => {
  let store: Store;
  let bus: EventBus;
  let notifier: RunningService;
  const logger = createLogger({ service: 'notifier', level: 'silent' });

  beforeAll(async () => {
    startTracing({ serviceName: 'notifier-component', instrument: false });
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-notifier-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    notifier = await startService(notifierModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50 });
  });

  afterAll(async () => {
    await notifier.stop();
    await bus.close();
    await store.close();
    await shutdownTracing();
  });

  const preview = async (body: unknown) =>
    fetch(`${notifier.url}/v1/sms/preview`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await officerHeaders('pdn-leader-1')) }, body: JSON.stringify(body) });

  it('when Vietnamese text is previewed, then it answers the NFC text, UCS-2 and its segment count', async () => {
    const response = await preview({ text: 'Hồ sơ đã được tiếp nhận'.normalize('NFD') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'Hồ sơ đã được tiếp nhận', encoding: 'ucs2', segments: 1, characters: 23 });
  });

  it('when the unaccented policy is asked for, then it answers the transliterated GSM-7 text', async () => {
    const response = await preview({ text: 'Hồ sơ đã được tiếp nhận', policy: 'unaccented' });
    expect(await response.json()).toEqual({ text: 'Ho so da duoc tiep nhan', encoding: 'gsm7', segments: 1, characters: 23 });
  });

  it('when the text needs more segments than the cap, then it answers problem+json NOTIFIER.TEXT_TOO_LONG', async () => {
    const response = await preview({ text: 'ơ'.repeat(400) });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('NOTIFIER.TEXT_TOO_LONG');
  });

  it('when the body has unknown fields, an unknown policy or an empty or over-long text, then it answers 400 naming each field', async () => {
    const response = await preview({ text: '', policy: 'latin', colour: 'blue' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('REQUEST.INVALID');
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body/text', 'body/policy', 'body/colour']));
    expect((await preview({ text: 'a'.repeat(2001) })).status).toBe(400);
  });
});
