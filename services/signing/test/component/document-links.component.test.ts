/**
 * signing's document route in-process on SQLite and the embedded bus: open to a
 * caller without a link (until issue 7), and through an expiring link only while the
 * link is genuine and unexpired.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, topicOfType } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { signLink, startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { waitFor } from '@motcua/testing';
import { signingModule } from '../../src/signing.module';

const secret = 'component-test-secret-0123456789abcdef';

describe('signed documents behind expiring links', () => {
  let store: Store;
  let bus: EventBus;
  let signing: RunningService;
  let now = new Date('2026-11-25T08:00:00.000Z');
  let documentId: string;
  const savedEnv = { ...process.env };
  const logger = createLogger({ service: 'signing', level: 'silent' });

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-signing-')), 'motcua.db');
    process.env['RESULT_LINK_SECRET'] = secret;
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    signing = await startService(signingModule, { store, bus, logger, port: 0, outboxPollMs: 50, clock: () => now });

    const ref = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
    const drafted = createEvent({
      name: 'ResultDrafted',
      data: { ...ref, workItemId: 'w-1', procedureCode: '1.001193', result: { title: 'Giấy khai sinh', body: 'Nội dung' }, returnChannel: { type: 'electronic' }, draftedAt: now.toISOString() },
    });
    await bus.publish([{ topic: topicOfType(drafted.type), envelope: drafted }]);
    const request = await waitFor(
      async () => ((await (await fetch(`${signing.url}/v1/signature-requests?dossierId=d-1&status=pending`)).json()) as { items: { id: string }[] }).items[0],
      { what: 'the signature request' },
    );
    const signed = await fetch(`${signing.url}/v1/signature-requests/${request.id}/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    documentId = ((await signed.json()) as { document: { id: string } }).document.id;
  });

  afterAll(async () => {
    await signing?.stop();
    await bus?.close();
    await store?.close();
    process.env = savedEnv;
  });

  const path = () => `/v1/documents/${documentId}`;
  const codeOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code });

  it('when a document is fetched without a link, then it is served as before (open until issue 7)', async () => {
    const response = await fetch(`${signing.url}${path()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('when a genuine link is used before its expiry, then the document is served privately; at the expiry it is refused', async () => {
    const { expires, signature } = signLink(secret, path(), new Date('2026-11-25T09:00:00.000Z'));
    const url = `${signing.url}${path()}?expires=${expires}&signature=${signature}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.json()).toMatchObject({ id: documentId });
    now = new Date('2026-11-25T09:00:00.000Z');
    expect(await codeOf(await fetch(url))).toEqual({ status: 403, code: 'DOCUMENT.LINK_EXPIRED' });
  });

  it('when a link is signed with another secret, repeats a parameter or lacks one, then it is refused as invalid', async () => {
    now = new Date('2026-11-25T08:00:00.000Z');
    const genuine = signLink(secret, path(), new Date('2026-11-25T09:00:00.000Z'));
    const foreign = signLink('another-secret-0123456789abcdef-xyz', path(), new Date('2026-11-25T09:00:00.000Z'));
    for (const query of [
      `expires=${foreign.expires}&signature=${foreign.signature}`,
      `expires=${genuine.expires}&expires=${genuine.expires}&signature=${genuine.signature}`,
      `signature=${genuine.signature}`,
      `expires=${genuine.expires}`,
    ]) {
      expect(await codeOf(await fetch(`${signing.url}${path()}?${query}`))).toEqual({ status: 403, code: 'DOCUMENT.LINK_INVALID' });
    }
  });

  it('when a genuine link names a document that does not exist, then it is 404 as without a link', async () => {
    const missing = `/v1/documents/${'0'.repeat(64)}`;
    const { expires, signature } = signLink(secret, missing, new Date('2026-11-25T09:00:00.000Z'));
    expect((await fetch(`${signing.url}${missing}?expires=${expires}&signature=${signature}`)).status).toBe(404);
  });
});
