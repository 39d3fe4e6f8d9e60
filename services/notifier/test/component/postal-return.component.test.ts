/**
 * The postal return on the embedded edition's real peers: notifier and return
 * in-process on one SQLite file (store and event log), the postal operator simulator
 * driven over the notifier's HTTP API. A signed result for a postal point is booked
 * once, the citizen gets the tracking number and pickup code, the signed callbacks
 * move it on, and the collection hands the result over.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, topicOfType, type EventEnvelope, type ReturnChannel } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { returnModule } from '@motcua/return';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, OPS_DESK, recordingBus, testAuth, waitFor } from '@motcua/testing';
import { notifierModule } from '../../src/notifier.module';

const applicant = { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' };
const names = (events: EventEnvelope[], dossierId: string) => events.filter((e) => e.subject === dossierId).map((e) => e.type.split('.')[3]);

describe('postal return: notifier and return on one SQLite file with the postal simulator', () => {
  let store: Store;
  let bus: EventBus;
  let notifier: RunningService;
  let returning: RunningService;
  const published: EventEnvelope[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'motcua-postal-'));
    const file = join(dataDir, 'motcua.db');
    delete process.env['NOTIFIER_POSTAL_CALLBACK_SECRET'];
    Object.assign(process.env, { MOTCUA_DATA_DIR: dataDir, MOTCUA_STORE: 'sqlite', NOTIFIER_POSTAL_OPERATOR: 'simulator', NOTIFIER_SMS_PROVIDERS: 'log' });
    store = await createSqliteStore({ path: file });
    const logger = createLogger({ service: 'test', level: 'silent' });
    bus = await createEmbeddedEventBus({ path: file, logger });
    const options = { store, bus: recordingBus(bus, published), auth: (await testAuth(store)).authenticator, port: 0, outboxPollMs: 50, timerPollMs: 100, logger };
    returning = await startService(returnModule, options);
    notifier = await startService(notifierModule, options);
  });

  afterAll(async () => {
    await notifier?.stop();
    await returning?.stop();
    await bus?.close();
    await store?.close();
    process.env = savedEnv;
  });

  const feed = (envelope: EventEnvelope) => bus.publish([{ topic: topicOfType(envelope.type), envelope }]);

  async function signedForPost(n: number, returnChannel: ReturnChannel, options: { receivedFirst: boolean } = { receivedFirst: true }) {
    const ref = { dossierId: `d-postal-${n}`, dossierCode: `PDN-261202-${String(n).padStart(4, '0')}`, centreId: 'hue-phong-dien' };
    if (options.receivedFirst) await feed(dossierReceived({ ...ref, applicant, returnChannel }));
    const signed = createEvent({
      name: 'DocumentSigned',
      data: { ...ref, actor: { role: 'leader', id: 'pdn-leader-1' }, signatureRequestId: `sr-${n}`, documentId: 'a'.repeat(64), documentSha256: 'a'.repeat(64), signatureKind: 'sha256-digest-record', signer: { id: 'pdn-leader-1' }, returnChannel, signedAt: new Date().toISOString() },
    });
    // Redelivered: still one pickup, one booking, one SMS.
    await feed(signed);
    await feed({ ...signed });
    return ref;
  }

  const pickupOf = (dossierId: string) =>
    waitFor(async () => {
      const reply = (await (await fetch(`${notifier.url}/v1/postal/pickups?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { id: string; status: string; trackingCode?: string }[] };
      return reply.items[0]?.trackingCode ? reply.items : undefined;
    }, { what: `the pickup of ${dossierId} to be booked` });
  const sms = (dossierId: string, template: string) =>
    waitFor(async () => {
      const reply = (await (await fetch(`${notifier.url}/v1/notifications?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { template: string; text: string; status: string }[] };
      return reply.items.find((n) => n.template === template && n.status === 'sent');
    }, { what: `the ${template} SMS of ${dossierId}` });
  const drive = async (trackingCode: string, status: string) =>
    fetch(`${notifier.url}/v1/postal/simulator/${trackingCode}/${status}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await officerHeaders(OPS_DESK)) }, body: '{}' });
  const resultOf = async (dossierId: string) =>
    fetch(`${returning.url}/v1/results?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) }).then(async (r) => ((await r.json()) as { items: { id: string; state: string; returnChannel: ReturnChannel; receivedBy?: { as: string } }[] }).items[0]);

  it('when the citizen chose a postal point, then the pickup is booked once, texted with its codes, and the collection returns the result', async () => {
    const ref = await signedForPost(1, { type: 'postal_point', postalPointId: 'DBC-PDN-01' });
    const pickups = await pickupOf(ref.dossierId);
    expect(pickups).toHaveLength(1);
    const trackingCode = pickups[0]?.trackingCode as string;
    const booked = await sms(ref.dossierId, 'postal_booked');
    expect(booked.text).toContain(`Mã vận đơn: ${trackingCode}`);
    expect(booked.text).toMatch(/Mã nhận tại điểm: [0-9]{6}\./);
    expect(booked.text).toContain('Phong Điền 1 (mẫu)');

    for (const status of ['picked-up', 'arrived-at-point', 'collected']) expect(await (await drive(trackingCode, status)).json()).toMatchObject({ outcome: 'applied', status });
    // Late and repeated reports are answered, logged, and change nothing.
    expect(await (await drive(trackingCode, 'picked-up')).json()).toMatchObject({ outcome: 'ignored' });
    expect(await (await drive(trackingCode, 'collected')).json()).toMatchObject({ outcome: 'ignored', reason: 'duplicate: already collected' });

    await waitFor(async () => (await resultOf(ref.dossierId))?.state === 'RETURNED', { what: 'the result to be returned' });
    expect((await resultOf(ref.dossierId))?.receivedBy?.as).toBe('postal');
    const seen = names(published, ref.dossierId);
    expect(seen.filter((n) => n === 'PostalPickupBooked')).toHaveLength(1);
    expect(seen.filter((n) => n === 'PostalPickupCollected')).toHaveLength(1);
    expect(seen.filter((n) => n === 'ResultReturned')).toHaveLength(1);
  });

  it('when the signed result reaches the notifier before the dossier’s reception, then the pickup waits for the phone without using an attempt, and is booked and texted once when the reception comes', async () => {
    const returnChannel: ReturnChannel = { type: 'postal_point', postalPointId: 'DBC-PDN-01' };
    const ref = await signedForPost(3, returnChannel, { receivedFirst: false });
    const pickups = async () =>
      ((await (await fetch(`${notifier.url}/v1/postal/pickups?dossierId=${ref.dossierId}`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { status: string; attempts: number; trackingCode?: string }[] }).items;
    const awaiting = async () => {
      const text = await (await fetch(`${notifier.url}/metrics`)).text();
      return text.split('\n').filter((line) => line.startsWith('motcua_notifier_events_awaiting_contact{') && line.includes('ResultReady'));
    };
    const waiting = await waitFor(async () => ((await awaiting()).length > 0 ? await pickups() : undefined), { what: 'the ResultReady kept until the contact comes' });
    expect(waiting).toMatchObject([{ status: 'requested', attempts: 0 }]);
    expect(await awaiting()).toEqual(['motcua_notifier_events_awaiting_contact{centre="hue-phong-dien",type="vn.motcua.return.ResultReady.v1",service="notifier"} 1']);

    await feed(dossierReceived({ ...ref, applicant, returnChannel }));
    const booked = await pickupOf(ref.dossierId);
    expect(booked).toMatchObject([{ status: 'booked', attempts: 1 }]);
    await sms(ref.dossierId, 'receipt');
    expect((await sms(ref.dossierId, 'postal_booked')).text).toContain(`Mã vận đơn: ${booked[0]?.trackingCode}`);
    expect(await awaiting()).toEqual([]);
    expect(names(published, ref.dossierId).filter((n) => n === 'PostalPickupBooked')).toHaveLength(1);
  });

  it('when a callback is not signed, then it is refused with 401 and changes nothing', async () => {
    const reply = await fetch(`${notifier.url}/v1/postal/callbacks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackingCode: 'SM000000000VN', status: 'collected', at: new Date().toISOString() }) });
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as { code: string }).code).toBe('NOTIFIER.POSTAL_CALLBACK_UNAUTHORIZED');
  });

  it('when the delivery is returned to sender, then the citizen is told to come to the counter and return moves the result there for handover', async () => {
    const ref = await signedForPost(2, { type: 'postal_home', address: 'Thôn 3, xã Phong Mỹ' });
    const trackingCode = (await pickupOf(ref.dossierId))[0]?.trackingCode as string;
    await sms(ref.dossierId, 'postal_booked');
    expect(await (await drive(trackingCode, 'returned-to-sender')).json()).toMatchObject({ outcome: 'applied', status: 'returned-to-sender' });
    expect(await (await drive(trackingCode, 'delivered')).json()).toMatchObject({ outcome: 'ignored' });
    const told = await sms(ref.dossierId, 'postal_failed_counter');
    expect(told.text).toContain('quầy tiếp nhận trụ sở phường Phong Điền');
    expect(names(published, ref.dossierId)).toContain('PostalPickupFailed');
    await waitFor(async () => (await resultOf(ref.dossierId))?.returnChannel.type === 'counter', { what: 'the result to move to the counter' });
    expect(names(published, ref.dossierId)).not.toContain('ResultReturned');
    const result = await resultOf(ref.dossierId);
    const handed = await fetch(`${returning.url}/v1/results/${result?.id}/handover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await officerHeaders('pdn-reception-1' ))},
      body: JSON.stringify({ receivedBy: { fullName: applicant.fullName, idNumber: applicant.idNumber } }),
    });
    expect(handed.status).toBe(200);
  });
});
