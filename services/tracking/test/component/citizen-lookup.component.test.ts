/**
 * The citizen lookup API on tracking in-process, on the embedded edition's real peers:
 * the right code and digits answer status, appointment and where to collect, and
 * nothing personal; a wrong code and wrong digits are the same refusal; guessing is
 * stopped per dossier code and per client address, with Retry-After.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, Topics } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, OPS_DESK, testAuth, waitFor } from '@motcua/testing';
import { trackingModule } from '../../src/tracking.module';

const limits = { TRACKING_LOOKUP_PER_CLIENT: '9', TRACKING_LOOKUP_FAILURES_PER_CODE: '3', TRACKING_LOOKUP_WINDOW_SECONDS: '600' };

describe('citizen lookup over HTTP on SQLite', () => {
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  const saved = { ...process.env };
  const lookup = async (code: string, phoneLast4: string) => {
    const response = await fetch(`${tracking.url}/v1/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, phoneLast4 }) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  };

  beforeAll(async () => {
    Object.assign(process.env, limits);
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-lookup-')), 'motcua.db');
    const logger = createLogger({ service: 'tracking', level: 'silent' });
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50 });
    const postal = { dossierId: 'd-post', dossierCode: 'PDN-261125-0002', centreId: 'hue-phong-dien' };
    await bus.publish([
      { topic: Topics.intake, envelope: dossierReceived({ dossierId: 'd-counter', dossierCode: 'PDN-261125-0001', applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' } }) },
      { topic: Topics.intake, envelope: dossierReceived({ ...postal, applicant: { fullName: 'Lê Văn Cường', idNumber: '046190099999', phone: '0987654321' }, returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-01', address: '12 Lê Lợi' } }) },
      { topic: Topics.notifier, envelope: createEvent({ name: 'PostalPickupBooked', data: { ...postal, pickupId: 'p-1', postalPointId: 'DBC-PDN-01', trackingCode: 'EB123456789VN', bookedAt: '2026-11-25T09:00:00.000Z' } }) },
    ]);
    await waitFor(async () => (await fetch(`${tracking.url}/v1/dossiers/PDN-261125-0002/timeline`, { headers: await officerHeaders(OPS_DESK) })).status === 200 && (await (await fetch(`${tracking.url}/v1/dossiers/PDN-261125-0002`, { headers: await officerHeaders(OPS_DESK) })).json() as { steps: number }).steps === 2 || undefined, { what: 'both dossiers projected' });
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    await tracking?.stop();
    await bus?.close();
    await store?.close();
  });

  it('when the code and the last four digits match, then the answer has status, appointment and where to collect, and no personal data', async () => {
    const answer = await lookup('PDN-261125-0001', '5678');
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'PDN-261125-0001',
      status: 'RECEIVED',
      statusText: 'Đã tiếp nhận',
      appointmentAt: '2026-11-25T10:00:00.000Z',
      centreName: 'Trung tâm phục vụ hành chính công phường Phong Điền',
      collection: { channel: 'counter', place: { name: 'Quầy tiếp nhận trụ sở phường Phong Điền' }, fellBackToCounter: false, downloadable: false },
    });
    for (const secret of ['Trần Thị Bình', '046190012345', '0912345678', '5678', 'timeline']) expect(answer.text).not.toContain(secret);
  });

  it('when the citizen chose a postal point and the pickup is booked, then the answer names the point and the tracking code, not the address given', async () => {
    const answer = await lookup('pdn-261125-0002', '4321');
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { collection: { channel: string; trackingCode: string; place?: unknown } };
    expect(body.collection).toMatchObject({ channel: 'postal_point', trackingCode: 'EB123456789VN' });
    expect(body.collection.place).toEqual({ name: 'Điểm bưu chính Phong Điền 1 (mẫu)', address: 'Số 56 đường Phan Bội Châu, phường Phong Điền, thành phố Huế (địa chỉ mẫu)', openingHours: 'T2–T7 07:00–17:00' });
    expect(answer.text).not.toContain('12 Lê Lợi');
  });

  it('when the status list or a dossier is read by code, then the phone digits are not in it', async () => {
    const text = await (await fetch(`${tracking.url}/v1/dossiers/PDN-261125-0001`, { headers: await officerHeaders(OPS_DESK) })).text();
    expect(text).not.toContain('phoneLast4');
    expect(text).not.toContain('5678');
  });

  it('when the digits are wrong or the code unknown, then both get the same 404, and after three wrong digits the code is locked even for the right ones', async () => {
    const wrong = await lookup('PDN-261125-0001', '0000');
    const unknown = await lookup('PDN-999999-0001', '5678');
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (text: string) => {
      const { code, status, title } = JSON.parse(text) as Record<string, unknown>;
      return { code, status, title };
    };
    expect(strip(wrong.text)).toEqual({ code: 'TRACKING.LOOKUP_NO_MATCH', status: 404, title: 'TRACKING.LOOKUP_NO_MATCH' });
    expect(strip(unknown.text)).toEqual(strip(wrong.text));
    expect((await lookup('PDN-261125-0001', '1111')).status).toBe(404);
    expect((await lookup('PDN-261125-0001', '2222')).status).toBe(404);
    const locked = await lookup('PDN-261125-0001', '5678');
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(locked.text)).toMatchObject({ code: 'TRACKING.LOOKUP_RATE_LIMITED' });
  });

  it('when one address keeps looking up, then it is refused with 429 and Retry-After once its allowance is spent', async () => {
    // Seven lookups so far from this address; the allowance is nine.
    expect((await lookup('PDN-261125-0002', '4321')).status).toBe(200);
    expect((await lookup('PDN-261125-0002', '4321')).status).toBe(200);
    const refused = await lookup('PDN-261125-0002', '4321');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^[0-9]+$/);
    expect(refused.text).toContain('from this address');
  });

  it('when the body carries anything but a code and four digits, then it is refused as invalid and counts for no code', async () => {
    const response = await fetch(`${tracking.url}/v1/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'PDN-261125-0001', phoneLast4: '12345', phone: '0912345678' }) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
