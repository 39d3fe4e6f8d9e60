/**
 * Dead letters through tracking's ops API on the embedded edition (one SQLite file as
 * store and event log): a poison event dead-lettered by tracking's own projection is
 * listed with its reason and masked payload and discarded; a valid event left in the
 * dead-letter topic by a consumer that gave up is replayed, projected, and cannot be
 * replayed twice; the audit log names the ops officer for each action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dlqTopic, encodeEvent, Topics } from '@motcua/contracts';
import { createEmbeddedEventBus, deadLetterMessage, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, testAuth, waitFor } from '@motcua/testing';
import { trackingModule } from '../../src/tracking.module';

const OPS = 'hue-ops-1';
const RECEPTION = 'pdn-reception-1';
const idNumber = '046190012345';
const phone = '0912345678';
const address = '12 Lê Lợi, phường Phong Điền';
const email = 'binh.tran@example.vn';

interface LetterView {
  group: string;
  partition: number;
  offset: string;
  status: string;
  reason: string;
  code: string;
  attempts: number;
  failedAt: string;
  original: { topic: string; partition: number; offset: string };
  event?: { type: string; id: string; dossierId: string };
  decodable: boolean;
  payload?: { applicant?: Record<string, string> };
}
interface Audit {
  items: { id: string; action: string; officerId: string; reason?: string; replayId?: string; eventId?: string }[];
  total: number;
}

describe('dead letters through the tracking ops API on SQLite', () => {
  const logger = createLogger({ service: 'tracking', level: 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'motcua-tracking-dlq-'));
  const file = join(dir, 'motcua.db');
  const savedPath = process.env['MOTCUA_SQLITE_PATH'];
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;

  beforeAll(async () => {
    // tracking finds the event log the way every process does: from the runtime configuration.
    process.env['MOTCUA_SQLITE_PATH'] = file;
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger, pollIntervalMs: 50 });
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 } });
  });

  afterAll(async () => {
    await tracking?.stop();
    await bus?.close();
    await store?.close();
    if (savedPath === undefined) delete process.env['MOTCUA_SQLITE_PATH'];
    else process.env['MOTCUA_SQLITE_PATH'] = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: 'GET' | 'POST', path: string, options: { officer?: string; body?: unknown } = {}) => {
    // Reads without a named officer are the ops desk's; a POST without one carries no credentials.
    const officer = options.officer ?? (method === 'GET' ? OPS : undefined);
    const headers: Record<string, string> = { ...(officer ? await officerHeaders(officer) : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) };
    const response = await fetch(`${tracking.url}${path}`, { method, headers, ...(options.body ? { body: JSON.stringify(options.body) } : {}) });
    return { status: response.status, text: await response.text() };
  };
  const json = <T>(answer: { text: string }): T => JSON.parse(answer.text) as T;
  const letters = async (status: string) => {
    const answer = await call('GET', `/v1/dead-letters?group=tracking&status=${status}`, { officer: OPS });
    expect(answer.status).toBe(200);
    return json<{ items: LetterView[] }>(answer).items;
  };

  it('when an event fails its schema, then it is listed for ops with reason and masked payload, never the raw personal data, and discarding it is audited', async () => {
    const valid = encodeEvent(dossierReceived({ dossierId: 'dossier-poison', dossierCode: 'PDN-261125-0091' }));
    const data = JSON.parse(valid.value.toString('utf8')) as { applicant: Record<string, string> };
    // A producer bug: an applicant field the schema does not know.
    data.applicant = { ...data.applicant, idNumber, phone, address, email };
    await bus.publishRaw(Topics.intake, [{ ...valid, value: Buffer.from(JSON.stringify(data)) }]);

    const [poison] = await waitFor(async () => {
      const pending = await letters('pending');
      return pending.length === 1 && pending;
    }, { what: 'the poison event dead-lettered by tracking' });
    expect(poison).toMatchObject({ group: 'tracking', status: 'pending', code: 'CONTRACT.INVALID_EVENT', attempts: 0, decodable: false, original: { topic: Topics.intake } });
    expect(poison?.reason).toContain('does not match');
    expect(poison?.event).toMatchObject({ type: 'vn.motcua.intake.DossierReceived.v1', id: valid.headers['ce_id'], dossierId: 'dossier-poison' });
    expect(Date.parse(poison?.failedAt ?? '')).not.toBeNaN();
    expect(poison?.payload?.applicant).toEqual({ fullName: 'Trần Thị Bình', idNumber: '*********345', phone: '*******678', address: '***', email: '*****************.vn' });

    const raw = await call('GET', '/v1/dead-letters?group=tracking', { officer: OPS });
    for (const secret of [idNumber, phone, address, email]) expect(raw.text).not.toContain(secret);
    // The whole group list (no group) finds it too.
    expect(json<{ items: LetterView[] }>(await call('GET', '/v1/dead-letters', { officer: OPS })).items.map((l) => l.group)).toEqual(['tracking']);

    const at = `/v1/dead-letters/tracking/${poison?.partition}/${poison?.offset}`;
    expect(json<{ code: string }>(await call('POST', `${at}/discard`, { body: { reason: 'intake bug, fixed' } }))).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const reception = await call('POST', `${at}/discard`, { officer: RECEPTION, body: { reason: 'intake bug, fixed' } });
    expect(reception.status).toBe(403);
    expect(json<{ code: string }>(reception).code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect((await call('POST', `${at}/discard`, { officer: OPS, body: {} })).status).toBe(400);

    const discarded = await call('POST', `${at}/discard`, { officer: OPS, body: { reason: `intake bug, fixed; citizen ${phone} called` } });
    expect(discarded.status).toBe(200);
    expect(discarded.text).not.toContain(phone);
    expect(await letters('pending')).toEqual([]);
    expect((await letters('discarded')).map((l) => l.offset)).toEqual([poison?.offset]);
    const again = await call('POST', `${at}/discard`, { officer: OPS, body: { reason: 'twice' } });
    expect(again.status).toBe(409);
    expect(json<{ code: string }>(again).code).toBe('TRACKING.DEAD_LETTER_ALREADY_HANDLED');
  });

  it('when a valid event a consumer gave up on is replayed, then the consumer handles it and the dossier appears; a second replay is refused; the audit names the ops officer', async () => {
    const envelope = dossierReceived({ dossierId: 'dossier-replayed', dossierCode: 'PDN-261125-0092' });
    const original = encodeEvent(envelope);
    // What the consume pipeline writes when tracking's handler runs out of attempts.
    const letter = deadLetterMessage(
      { topic: Topics.intake, partition: 0, offset: '41', key: original.key, value: original.value, headers: original.headers },
      { reason: 'gave up after 5 attempts: STORAGE.UNAVAILABLE: database is locked', code: 'BUS.RETRIES_EXHAUSTED', attempts: 5 },
      'tracking',
      new Date(),
    );
    await bus.publishRaw(dlqTopic('tracking'), [letter]);
    const [pending] = await waitFor(async () => {
      const listed = await letters('pending');
      return listed.length === 1 && listed;
    }, { what: 'the dead letter listed' });
    expect(pending).toMatchObject({ code: 'BUS.RETRIES_EXHAUSTED', attempts: 5, decodable: true, original: { topic: Topics.intake, partition: 0, offset: '41' } });
    expect((await call('GET', '/v1/dossiers/PDN-261125-0092')).status).toBe(404);

    const at = `/v1/dead-letters/tracking/${pending?.partition}/${pending?.offset}`;
    const replayed = await call('POST', `${at}/replay`, { officer: OPS });
    expect(replayed.status).toBe(200);
    expect(json<{ action: string; replayId: string; eventId: string }>(replayed)).toMatchObject({ action: 'replay', eventId: envelope.id, replayId: expect.any(String) });
    await waitFor(async () => (await call('GET', '/v1/dossiers/PDN-261125-0092')).status === 200, { what: 'the replayed dossier projected' });
    expect(await letters('pending')).toEqual([]);
    expect((await letters('replayed')).map((l) => l.event?.id)).toEqual([envelope.id]);

    const twice = await call('POST', `${at}/replay`, { officer: OPS });
    expect(twice.status).toBe(409);
    expect(json<{ code: string }>(twice).code).toBe('TRACKING.DEAD_LETTER_ALREADY_HANDLED');
    expect((await call('POST', '/v1/dead-letters/tracking/0/99999/replay', { officer: OPS })).status).toBe(404);

    const audit = json<Audit>(await call('GET', '/v1/dead-letters/audit?group=tracking', { officer: OPS }));
    expect(audit.total).toBe(2);
    expect(audit.items.map(({ action, officerId }) => ({ action, officerId }))).toEqual(
      expect.arrayContaining([
        { action: 'replay', officerId: OPS },
        { action: 'discard', officerId: OPS },
      ]),
    );
    expect(audit.items.find((item) => item.action === 'discard')?.reason).toBe('intake bug, fixed; citizen *******678 called');
  });

  it('when every pending letter of a group is replayed, then each is replayed once and audited', async () => {
    const events = [1, 2].map((n) => dossierReceived({ dossierId: `dossier-all-${n}`, dossierCode: `PDN-261125-010${n}` }));
    await bus.publishRaw(
      dlqTopic('tracking'),
      events.map((envelope, n) => {
        const wire = encodeEvent(envelope);
        return deadLetterMessage({ topic: Topics.intake, partition: 1, offset: String(50 + n), ...wire }, { reason: 'x', code: 'BUS.RETRIES_EXHAUSTED', attempts: 5 }, 'tracking', new Date());
      }),
    );
    await waitFor(async () => (await letters('pending')).length === 2, { what: 'two pending letters' });
    const all = await call('POST', '/v1/dead-letters/tracking/replay-all', { officer: OPS });
    expect(all.status).toBe(200);
    const result = json<{ replayed: { eventId: string }[]; failed: unknown[] }>(all);
    // Different dossiers land in different dead-letter partitions: order holds per dossier, not across them.
    expect(result.replayed.map((action) => action.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(result.failed).toEqual([]);
    await waitFor(async () => (await call('GET', '/v1/dossiers/PDN-261125-0102')).status === 200, { what: 'the replayed dossiers projected' });
    expect(await letters('pending')).toEqual([]);
    expect(json<{ replayed: unknown[] }>(await call('POST', '/v1/dead-letters/tracking/replay-all', { officer: OPS })).replayed).toEqual([]);
    expect(json<Audit>(await call('GET', '/v1/dead-letters/audit', { officer: OPS })).total).toBe(4);
  });
});
