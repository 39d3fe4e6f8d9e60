/**
 * return in-process on the embedded edition's real peers (a SQLite file as store and
 * event log) with signing beside it for the download links: intake's, processing's
 * and signing's events go in on the bus, the counter acts over HTTP, and the
 * download link is fetched from the running signing service.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, topicOfType, type EventEnvelope, type ReturnChannel } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { RESULT_LINK_SECRET_FILE, startService, type RunningService } from '@motcua/runtime';
import { signingModule } from '@motcua/signing';
import { createSqliteStore, type Store } from '@motcua/storage';
import { officerHeaders, OPS_DESK, recordingBus, type TestAuth, testAuth, waitFor } from '@motcua/testing';
import { returnModule } from '../../src/return.module';
import type { Result } from '../../src/domain/result.entity';
import { applicant, dossier, received, rejected, signed, transferred, type DossierRef } from '../support/return-events.fixture';

const WEDNESDAY_1500 = new Date('2026-11-25T08:00:00.000Z');
const theApplicant = { receivedBy: { fullName: applicant.fullName, idNumber: applicant.idNumber } };

describe('return on SQLite and the embedded bus, with signing serving the downloads', () => {
  let dataDir: string;
  let auth: TestAuth;
  let store: Store;
  let bus: EventBus;
  let signing: RunningService;
  let returning: RunningService;
  let now = WEDNESDAY_1500;
  const published: EventEnvelope[] = [];
  const savedEnv = { ...process.env };
  const logger = createLogger({ service: 'return', level: 'silent' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'motcua-return-'));
    const file = join(dataDir, 'motcua.db');
    // No secret configured: both services must find the same one generated in the data directory.
    delete process.env['RESULT_LINK_SECRET'];
    process.env['MOTCUA_DATA_DIR'] = dataDir;
    process.env['MOTCUA_STORE'] = 'sqlite';
    process.env['RESULT_LINK_TTL_MINUTES'] = '60';
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    const recording = recordingBus(bus, published);
    auth = await testAuth(store);
    const options = { store, bus: recording, auth: auth.authenticator, port: 0, outboxPollMs: 50, clock: () => now };
    signing = await startService(signingModule, { ...options, logger: createLogger({ service: 'signing', level: 'silent' }) });
    process.env['SIGNING_PUBLIC_URL'] = signing.url;
    returning = await startService(returnModule, { ...options, logger });
  });

  afterAll(async () => {
    await returning?.stop();
    await signing?.stop();
    await bus?.close();
    await store?.close();
    process.env = savedEnv;
  });

  beforeEach(() => {
    now = WEDNESDAY_1500;
  });

  const feed = (envelope: EventEnvelope) => bus.publish([{ topic: topicOfType(envelope.type), envelope }]);

  const resultOf = async (dossierId: string): Promise<Result | undefined> => {
    const response = await fetch(`${returning.url}/v1/results?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) });
    return ((await response.json()) as { items: Result[] }).items[0];
  };

  const waitForResult = (dossierId: string, what: string, ready: (result: Result) => boolean = () => true) =>
    waitFor(
      async () => {
        const result = await resultOf(dossierId);
        return result && ready(result) ? result : undefined;
      },
      { what: `${what} (${dossierId})` },
    );

  const post = async (path: string, officerId: string | undefined, body: unknown = {}) =>
    fetch(`${returning.url}${path}`, {
      method: 'POST',
      // Without an officer: the portal, with its API key.
      headers: { 'content-type': 'application/json', ...(officerId ? await officerHeaders(officerId) : await auth.integratorHeaders()) },
      body: JSON.stringify(body),
    });

  /** Messages on return's topics not yet consumed by its group, read from the embedded event log. */
  const returnLag = (): number => {
    const db = new Database(join(dataDir, 'motcua.db'), { readonly: true });
    try {
      const row = db
        .prepare(
          `SELECT COALESCE(SUM(m.next - COALESCE(o.next_offset, 0)), 0) AS lag
             FROM (SELECT topic, "partition", MAX("offset") + 1 AS next FROM bus_messages GROUP BY topic, "partition") m
             LEFT JOIN bus_group_offsets o ON o.group_id = 'return' AND o.topic = m.topic AND o."partition" = m."partition"
            WHERE m.topic IN ('motcua.intake.v1', 'motcua.processing.v1', 'motcua.signing.v1', 'motcua.notifier.v1')`,
        )
        .get() as { lag: number };
      return row.lag;
    } finally {
      db.close();
    }
  };
  const handOver = (result: Result, officerId: string | undefined, body: unknown = theApplicant) => post(`/v1/results/${result.id}/handover`, officerId, body);

  /** What return published about one dossier, once everything committed has left the outbox. */
  const eventsAbout = async (dossierId: string): Promise<string[]> => {
    await returning.relay.flush();
    return published.filter((e) => e.subject === dossierId && e.source === '/motcua/return').map((e) => e.type.split('.')[3] ?? e.type);
  };

  /** The dossier received with `channel`, then its result signed (or rejected); waits for return to have it. */
  async function outcome(ref: DossierRef, channel: ReturnChannel, kind: 'result' | 'rejection' = 'result'): Promise<Result> {
    await feed(received(ref, channel));
    await feed(kind === 'result' ? signed(ref, channel, now) : rejected(ref, channel, now));
    return waitForResult(ref.dossierId, 'the result');
  }

  /** A refused POST: the status and code, and the result exactly as it was. */
  async function expectRefused(response: Promise<Response>, result: Result, status: number, code: string): Promise<void> {
    const reply = await response;
    expect({ status: reply.status, code: ((await reply.json()) as { code: string }).code }).toEqual({ status, code });
    expect(await resultOf(result.dossierId)).toEqual(result);
  }

  it('when a result to collect at the main counter is signed, then it is ready at once and the applicant collects it', async () => {
    const ref = dossier(1);
    const result = await outcome(ref, { type: 'counter', receptionPointId: 'pdn-main' });
    expect(result).toMatchObject({ state: 'RESULT_READY', status: 'READY', receptionPointId: 'pdn-main', kind: 'result' });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady']);

    const listed = (await (await fetch(`${returning.url}/v1/results?centreId=hue-phong-dien&receptionPointId=pdn-main&state=RESULT_READY`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: Result[] };
    expect(listed.items.map((r) => r.id)).toContain(result.id);

    const response = await handOver(result, 'pdn-reception-1');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'RETURNED', receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345', as: 'applicant' } });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady', 'ResultReturned']);
    expect(JSON.stringify(published.filter((e) => e.subject === ref.dossierId && e.source === '/motcua/return'))).not.toContain(applicant.idNumber);
  });

  it('when the citizen withdrew, then a result signed afterwards is never made ready, and one already waiting is closed and cannot be handed over', async () => {
    const withdrawal = (ref: DossierRef) =>
      createEvent({ name: 'DossierWithdrawn', data: { ...ref, actor: { role: 'citizen' }, reason: 'Công dân rút hồ sơ', withdrawnAt: now.toISOString() } });
    const late = dossier(21);
    await feed(received(late, { type: 'counter' }));
    await feed(withdrawal(late));
    // Withdrawal and signature travel on different topics: make the withdrawal land first, then let return catch up.
    await waitFor(() => store.forService('return').read(async (tx) => (await tx.collection<{ id: string; withdrawnAt?: string }>({ name: 'applicants' }).get(late.dossierId))?.withdrawnAt), {
      what: 'the withdrawal to be known',
    });
    await feed(signed(late, { type: 'counter' }, now));
    await waitFor(() => returnLag() === 0, { what: 'return to consume everything' });
    expect(await resultOf(late.dossierId)).toBeUndefined();
    expect(await eventsAbout(late.dossierId)).toEqual([]);

    const waiting = await outcome(dossier(23), { type: 'counter' });
    await feed(withdrawal(dossier(23)));
    const closed = await waitForResult(waiting.dossierId, 'the withdrawn result', (r) => r.state === 'WITHDRAWN');
    expect(closed.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'RESULT_READY', to: 'WITHDRAWN', role: 'citizen', reason: 'Công dân rút hồ sơ' });
    await expectRefused(handOver(closed, 'pdn-reception-1'), closed, 409, 'LIFECYCLE.INVALID_TRANSITION');
  });

  it('when the citizen collects at a satellite point, then the result is dispatched, refused at the counter until intake reports it arrived, then handed over', async () => {
    const ref = dossier(2);
    const waiting = await outcome(ref, { type: 'counter', receptionPointId: 'pdn-phong-my' });
    expect(waiting).toMatchObject({ state: 'SIGNED', status: 'AWAITING_TRANSFER', receptionPointId: 'pdn-phong-my' });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultDispatched']);
    const dispatched = published.find((e) => e.subject === ref.dossierId && e.type.endsWith('ResultDispatched.v1'));
    expect(dispatched?.data).toMatchObject({ resultId: waiting.id, returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-my' } });
    await expectRefused(handOver(waiting, 'pdn-reception-1'), waiting, 409, 'RETURN.AWAITING_TRANSFER');

    now = new Date('2026-11-25T08:45:00.000Z');
    await feed(transferred(ref, waiting.id, 'pdn-phong-my', now));
    const ready = await waitForResult(ref.dossierId, 'ready at the point', (r) => r.state === 'RESULT_READY');
    expect(ready).toMatchObject({ status: 'READY', transferredAt: now.toISOString() });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultDispatched', 'ResultReady']);

    expect((await handOver(ready, 'pdn-reception-1')).status).toBe(200);
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultDispatched', 'ResultReady', 'ResultReturned']);
  });

  it('when someone else without an authorisation asks for the result, then it is refused with 422 and nothing changes; with an authorisation it is handed over', async () => {
    const ref = dossier(3);
    const result = await outcome(ref, { type: 'counter' });
    const stranger = { receivedBy: { fullName: 'Lê Văn Cường', idNumber: '046090099999' } };
    await expectRefused(handOver(result, 'pdn-reception-1', stranger), result, 422, 'RETURN.RECIPIENT_MISMATCH');
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady']);

    const response = await handOver(result, 'pdn-reception-1', { ...stranger, authorisation: { documentNumber: 'UQ-15/2026', issuedBy: 'UBND phường Phong Điền' } });
    expect(response.status).toBe(200);
    const returned = (await response.json()) as Result;
    expect(returned.receivedBy).toEqual({ fullName: 'Lê Văn Cường', idNumberLast4: '9999', as: 'authorised', authorisation: { documentNumber: 'UQ-15/2026', issuedBy: 'UBND phường Phong Điền' } });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady', 'ResultReturned']);
  });

  it('when a postal result is handed over at the counter, then it is refused with 409', async () => {
    const ref = dossier(4);
    const result = await outcome(ref, { type: 'postal_point', postalPointId: 'bc-530000' });
    expect(result).toMatchObject({ state: 'RESULT_READY', status: 'READY' });
    expect(result.receptionPointId).toBeUndefined();
    await expectRefused(handOver(result, 'pdn-reception-1'), result, 409, 'RETURN.WRONG_CHANNEL');
  });

  it('when a handover is attempted in a state the table refuses, by the portal, another centre or another role, then it is refused and nothing changes', async () => {
    const ref = dossier(5);
    const result = await outcome(ref, { type: 'counter' });
    await expectRefused(handOver(result, undefined), result, 403, 'AUTH.OPERATION_NOT_ALLOWED');
    await expectRefused(handOver(result, 'klg-reception-1'), result, 403, 'AUTH.WRONG_CENTRE');
    await expectRefused(handOver(result, 'pdn-specialist-1'), result, 403, 'AUTH.ROLE_NOT_ALLOWED');
    expect((await handOver(result, 'pdn-reception-1')).status).toBe(200);
    const returned = (await resultOf(ref.dossierId)) as Result;
    await expectRefused(handOver(returned, 'pdn-reception-1'), returned, 409, 'LIFECYCLE.INVALID_TRANSITION');

    // SIGNED, while on its way to a satellite point: the table does not hand over from there either.
    const travelling = await outcome(dossier(6), { type: 'counter', receptionPointId: 'pdn-phong-xuan' });
    expect(travelling.state).toBe('SIGNED');
    await expectRefused(handOver(travelling, 'pdn-reception-1'), travelling, 409, 'RETURN.AWAITING_TRANSFER');
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady', 'ResultReturned']);
  });

  it('when a dossier is rejected, then its letter is ready at the counter and REJECTED moves to RETURNED at the handover', async () => {
    const ref = dossier(7);
    const letter = await outcome(ref, { type: 'counter' }, 'rejection');
    expect(letter).toMatchObject({ kind: 'rejection', state: 'REJECTED', status: 'READY' });
    expect((await handOver(letter, 'pdn-reception-1')).status).toBe(200);
    expect(await resultOf(ref.dossierId)).toMatchObject({ state: 'RETURNED' });
  });

  it('when an electronic result is signed, then its download link fetches the document from signing until it expires; a tampered link is refused', async () => {
    const ref = dossier(8);
    const channel: ReturnChannel = { type: 'electronic', email: 'binh@example.vn' };
    await feed(received(ref, channel));
    await feed(
      createEvent({
        name: 'ResultDrafted',
        data: { ...ref, workItemId: 'w-8', procedureCode: '1.001193', result: { title: 'Giấy khai sinh', body: 'Nội dung giấy khai sinh' }, returnChannel: channel, draftedAt: now.toISOString() },
      }),
    );
    const request = await waitFor(
      async () => ((await (await fetch(`${signing.url}/v1/signature-requests?dossierId=${ref.dossierId}&status=pending`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { id: string }[] }).items[0],
      { what: 'the signature request' },
    );
    // Signing learns the applicant's name from the same DossierReceived: until then it answers 409, retryable.
    const sign = await waitFor(
      async () => {
        const reply = await fetch(`${signing.url}/v1/signature-requests/${request.id}/sign`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await officerHeaders('pdn-leader-1' ))},
          body: JSON.stringify({}),
        });
        return reply.status === 200 ? ((await reply.json()) as { document: { id: string; sha256: string } }) : undefined;
      },
      { what: 'the leader to sign' },
    );
    const documentId = sign.document.id;
    const ready = await waitForResult(ref.dossierId, 'the electronic result', (r) => r.state === 'RESULT_READY');
    expect(ready.documentId).toBe(documentId);
    expect(ready.returnChannel).toEqual({ type: 'electronic' });

    // Not handed over at the counter.
    await expectRefused(handOver(ready, 'pdn-reception-1'), ready, 409, 'RETURN.WRONG_CHANNEL');

    const response = await post(`/v1/results/${ready.id}/download-link`, undefined);
    expect(response.status).toBe(200);
    const link = (await response.json()) as { url: string; expiresAt: string };
    expect(link.expiresAt).toBe('2026-11-25T09:00:00.000Z');
    expect(link.url.startsWith(`${signing.url}/v1/documents/${documentId}?expires=`)).toBe(true);

    const download = await fetch(link.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    // Exactly the signed bytes.
    expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(sign.document.sha256);

    // Issuing the link was the handover.
    expect(await resultOf(ref.dossierId)).toMatchObject({ state: 'RETURNED', receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345', as: 'download' }, downloadLinksIssued: 1 });
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady', 'ResultReturned']);

    const url = new URL(link.url);
    const signature = url.searchParams.get('signature') as string;
    const forged = new URL(link.url);
    forged.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    const stretched = new URL(link.url);
    stretched.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400));
    const elsewhere = new URL(link.url.replace(documentId, 'f'.repeat(64)));
    for (const bad of [forged, stretched, elsewhere]) {
      const refused = await fetch(bad);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('DOCUMENT.LINK_INVALID');
    }
    const noSignature = await fetch(`${signing.url}/v1/documents/${documentId}?expires=${url.searchParams.get('expires')}`, { headers: await officerHeaders(OPS_DESK) });
    expect(noSignature.status).toBe(403);

    now = new Date('2026-11-25T09:00:00.000Z');
    const expired = await fetch(link.url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { code: string }).code).toBe('DOCUMENT.LINK_EXPIRED');

    // A new link for the same result works again and is no second handover.
    const again = (await (await post(`/v1/results/${ready.id}/download-link`, 'pdn-reception-1')).json()) as { url: string; expiresAt: string };
    expect(again.expiresAt).toBe('2026-11-25T10:00:00.000Z');
    expect((await fetch(again.url)).status).toBe(200);
    expect(await eventsAbout(ref.dossierId)).toEqual(['ResultReady', 'ResultReturned']);

    // Both services took the secret from the data directory.
    expect(existsSync(join(dataDir, RESULT_LINK_SECRET_FILE))).toBe(true);
    expect(readFileSync(join(dataDir, RESULT_LINK_SECRET_FILE), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when a counter result is asked for a download link, then it is refused', async () => {
    const result = await outcome(dossier(9), { type: 'counter' });
    await expectRefused(post(`/v1/results/${result.id}/download-link`, 'pdn-reception-1'), result, 409, 'RETURN.WRONG_CHANNEL');
  });
});
