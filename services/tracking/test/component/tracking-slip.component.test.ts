/**
 * tracking in-process on the embedded edition (SQLite store and event log): one
 * dossier's events from intake and processing are projected, then read back as a
 * timeline with documents and reasons, and as the printable tracking slip (form 06)
 * in HTML and JSON, with the centre and officer names from the catalogue.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCentre, findOfficer, loadCatalogue } from '@motcua/catalogue';
import { createEvent, Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger, shutdownTracing, startTracing } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, OPS_DESK, testAuth, waitFor } from '@motcua/testing';
import { trackingModule } from '../../src/tracking.module';

const code = 'PDN-261125-0042';
const base = { dossierId: 'dossier-42', dossierCode: code, centreId: 'hue-phong-dien' };
const work = { ...base, workItemId: 'w-42' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));
const iso = (minute: number) => t(minute).toISOString();
const hostileName = '<script>alert(1)</script> Bình';

const intakeEvents: EventEnvelope[] = [
  dossierReceived(
    { ...base, receivedAt: iso(0), appointmentAt: iso(360), applicant: { fullName: hostileName, idNumber: '046190012345', phone: '0912345678' }, actor: { role: 'reception' } },
    { time: t(0) },
  ),
  createEvent({ name: 'SupplementProvided', time: t(20), data: { ...base, documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }], providedAt: iso(20), actor: { role: 'reception' } } }),
];
const processingEvents: EventEnvelope[] = [
  createEvent({ name: 'DossierAssigned', time: t(1), data: { ...work, assigneeId: 'pdn-specialist-1', assignedAt: iso(1) } }),
  createEvent({
    name: 'SupplementRequested',
    time: t(10),
    data: { ...work, actor: { role: 'specialist' }, reason: 'Giấy chứng sinh bị mờ', requestedDocuments: [{ code: 'GCS', name: 'Giấy chứng sinh' }], requestedAt: iso(10) },
  }),
  createEvent({ name: 'ProcessingResumed', time: t(21), data: { ...work, clockRule: 'restart', appointmentAt: iso(600), resumedAt: iso(21) } }),
  createEvent({ name: 'DossierOverdue', time: t(600), data: { ...work, appointmentAt: iso(600), detectedAt: iso(600) } }),
  createEvent({
    name: 'DossierExtended',
    time: t(610),
    data: { ...work, actor: { role: 'leader' }, previousAppointmentAt: iso(600), newAppointmentAt: iso(1800), reason: 'Cần xác minh tại nơi cư trú cũ' },
  }),
];

interface TimelineItem {
  name: string;
  status?: string;
  reason?: string;
  appointmentAt?: string;
  document?: { kind: string; title: string; service: string; path: string };
}
interface SlipJson {
  kind: string;
  centreName: string;
  dossierCode: string;
  applicant: { fullName: string; idNumberLast4?: string };
  appointmentAt: string;
  status: string;
  flags: { overdue: boolean; extended: boolean };
  steps: { step: string; event: string; at: string; status?: string; note?: string }[];
}

describe('tracking timeline documents and the tracking slip over HTTP on SQLite', () => {
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  const now = new Date(iso(700));
  const logger = createLogger({ service: 'tracking', level: 'silent' });
  const catalogue = loadCatalogue();
  const centreName = findCentre(catalogue, 'hue-phong-dien')?.name as string;
  const specialistName = findOfficer(catalogue, 'pdn-specialist-1')?.name as string;

  beforeAll(async () => {
    startTracing({ serviceName: 'tracking-slip-component', instrument: false });
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-tracking-slip-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50, clock: () => now });
    // Processing's events go first: the read model must not depend on arrival order.
    await bus.publish(processingEvents.map((envelope) => ({ topic: Topics.processing, envelope })));
    await bus.publish(intakeEvents.map((envelope) => ({ topic: Topics.intake, envelope })));
    await waitFor(
      async () => {
        const response = await fetch(`${tracking.url}/v1/dossiers/${code}`, { headers: await officerHeaders(OPS_DESK) });
        return response.status === 200 && ((await response.json()) as { steps: number }).steps === intakeEvents.length + processingEvents.length;
      },
      { what: 'tracking to project every event of the dossier' },
    );
  });

  afterAll(async () => {
    await tracking.stop();
    await bus.close();
    await store.close();
    await shutdownTracing();
  });

  it('when the status is read, then it shows the owner, flags and extended appointment, but not the applicant', async () => {
    const summary = (await (await fetch(`${tracking.url}/v1/dossiers/${code}`, { headers: await officerHeaders(OPS_DESK) })).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      status: 'IN_PROCESSING',
      assigneeId: 'pdn-specialist-1',
      appointmentAt: iso(1800),
      procedureName: 'Đăng ký khai sinh',
      receptionPointId: 'pdn-main',
      flags: { overdue: false, extended: true, potentialDuplicate: false },
    });
    expect(summary['applicantName']).toBeUndefined();
    const list = (await (await fetch(`${tracking.url}/v1/dossiers`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: Record<string, unknown>[] };
    expect(list.items[0]?.['applicantName']).toBeUndefined();
  });

  it('when the timeline is read, then the steps that issued a document link to it at its service, with the reasons given', async () => {
    const timeline = (await (await fetch(`${tracking.url}/v1/dossiers/${code}/timeline`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: TimelineItem[] };
    const byName = (name: string) => timeline.items.find((item) => item.name === name);
    expect(timeline.items.map((item) => item.name)).toEqual([
      'DossierReceived',
      'DossierAssigned',
      'SupplementRequested',
      'SupplementProvided',
      'ProcessingResumed',
      'DossierOverdue',
      'DossierExtended',
    ]);
    expect(byName('DossierReceived')?.document).toEqual({ kind: 'receipt', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', service: 'intake', path: '/v1/dossiers/dossier-42/receipt' });
    expect(byName('SupplementRequested')).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      reason: 'Giấy chứng sinh bị mờ',
      document: { kind: 'supplement-request', service: 'processing', path: '/v1/work-items/w-42/documents/supplement-request' },
    });
    expect(byName('DossierExtended')).toMatchObject({
      reason: 'Cần xác minh tại nơi cư trú cũ',
      appointmentAt: iso(1800),
      document: { kind: 'apology', service: 'processing', path: '/v1/work-items/w-42/documents/apology' },
    });
    expect(byName('DossierAssigned')?.document).toBeUndefined();
    expect(JSON.stringify(timeline)).not.toMatch(/046190012345|0912345678/);
  });

  it('when the tracking slip is asked for, then it is a printable Vietnamese page with every step, names from the catalogue and data escaped', async () => {
    const response = await fetch(`${tracking.url}/v1/dossiers/${code}/tracking-slip`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('Mẫu số 06');
    expect(page).toContain('Phiếu kiểm soát quá trình giải quyết hồ sơ');
    expect(page).toContain(centreName);
    expect(page).toContain(code);
    for (const step of ['Tiếp nhận hồ sơ', 'Phân công xử lý', 'Yêu cầu bổ sung hồ sơ', 'Công dân bổ sung hồ sơ', 'Tiếp tục giải quyết', 'Quá hạn', 'Gia hạn, xin lỗi']) expect(page).toContain(`<td>${step}</td>`);
    expect(page).toContain(`Giao cho: ${specialistName}`);
    // The new appointment, in Vietnam time (02:00 UTC + 1800 min = 08:00 UTC on the 26th = 15:00 in Huế).
    expect(page).toContain('15 giờ 00 phút, ngày 26 tháng 11 năm 2026');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bình');
    expect(page).not.toContain('<script>');
  });

  it('when the tracking slip is asked for as JSON, then it is the same slip as data', async () => {
    const response = await fetch(`${tracking.url}/v1/dossiers/${code}/tracking-slip?format=json`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const slip = (await response.json()) as SlipJson;
    expect(slip).toMatchObject({
      kind: 'tracking-slip',
      centreName,
      dossierCode: code,
      applicant: { fullName: hostileName },
      appointmentAt: iso(1800),
      status: 'IN_PROCESSING',
      flags: { overdue: false, extended: true },
      issuedAt: now.toISOString(),
    });
    expect(slip.applicant.idNumberLast4).toBeUndefined();
    expect(slip.steps.map((s) => s.event)).toEqual(['DossierReceived', 'DossierAssigned', 'SupplementRequested', 'SupplementProvided', 'ProcessingResumed', 'DossierOverdue', 'DossierExtended']);
    expect(slip.steps[2]).toMatchObject({ step: 'Yêu cầu bổ sung hồ sơ', status: 'SUPPLEMENT_REQUESTED', note: 'Lý do: Giấy chứng sinh bị mờ' });
  });

  it('when the code is unknown or the format is not offered, then it answers a problem', async () => {
    for (const query of ['', '?format=json']) {
      const response = await fetch(`${tracking.url}/v1/dossiers/PDN-000000-0000/tracking-slip${query}`, { headers: await officerHeaders(OPS_DESK) });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { code: string }).code).toBe('TRACKING.DOSSIER_NOT_FOUND');
    }
    const badFormat = await fetch(`${tracking.url}/v1/dossiers/${code}/tracking-slip?format=pdf`, { headers: await officerHeaders(OPS_DESK) });
    expect(badFormat.status).toBe(400);
  });
});
