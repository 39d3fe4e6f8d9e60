/**
 * tracking in-process on the embedded edition's real peers (a SQLite file as store and
 * event log): real events on the bus are projected, then listed through the query API
 * with filters, paging and the dueBefore range, and timelines link to the trace viewer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger, shutdownTracing, startTracing } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, OPS_DESK, testAuth, waitFor } from '@motcua/testing';
import { trackingModule } from '../../src/tracking.module';

interface Summary {
  code: string;
  centreId: string;
  status: string;
  appointmentAt: string;
  flags: { overdue: boolean; extended: boolean };
  timeline?: unknown;
}
interface ListAnswer {
  items: Summary[];
  total: number;
  limit: number;
  offset: number;
}

const phongDien = 'hue-phong-dien';
const huongTra = 'hue-huong-tra';
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const at = (day: number, hour = 2) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

/** A dossier's DossierReceived; `n` keeps codes and ids apart, `appointmentDay` orders the list. */
function received(n: number, centreId: string, appointmentDay: number): EventEnvelope {
  const dossier = { dossierId: `dossier-${n}`, dossierCode: `PDN-261120-000${n}`, centreId };
  return dossierReceived(
    { ...dossier, receivedAt: at(20), appointmentAt: at(appointmentDay), applicant: { fullName: 'Nguyễn Văn A', idNumber: '046190012345', phone: '0912345678' } },
    { time: new Date(at(20)), traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  );
}

describe('tracking dossier query over HTTP on SQLite', () => {
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  const logger = createLogger({ service: 'tracking', level: 'silent' });

  // Phong Điền: 1 (due 23rd, RECEIVED), 2 (due 25th, IN_PROCESSING, overdue), 3 (due 24th, RECEIVED), 4 (due 27th, IN_PROCESSING)
  // Hương Trà:  5 (due 22nd, RECEIVED), 6 (due 26th, IN_PROCESSING)
  const intakeEvents = [received(1, phongDien, 23), received(2, phongDien, 25), received(3, phongDien, 24), received(4, phongDien, 27), received(5, huongTra, 22), received(6, huongTra, 26)];
  const assigned = (n: number, centreId: string) =>
    createEvent({ name: 'DossierAssigned', time: new Date(at(21)), data: { dossierId: `dossier-${n}`, dossierCode: `PDN-261120-000${n}`, centreId, workItemId: `w-${n}`, assignedAt: at(21) } });
  const processingEvents = [
    assigned(2, phongDien),
    assigned(4, phongDien),
    assigned(6, huongTra),
    createEvent({
      name: 'DossierOverdue',
      time: new Date(at(25, 10)),
      data: { dossierId: 'dossier-2', dossierCode: 'PDN-261120-0002', centreId: phongDien, workItemId: 'w-2', appointmentAt: at(25), detectedAt: at(25, 10) },
    }),
  ];

  beforeAll(async () => {
    startTracing({ serviceName: 'tracking-component', instrument: false });
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-tracking-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50 });

    await bus.publish(intakeEvents.map((envelope) => ({ topic: Topics.intake, envelope })));
    await bus.publish(processingEvents.map((envelope) => ({ topic: Topics.processing, envelope })));
    const expectedSteps = intakeEvents.length + processingEvents.length;
    await waitFor(
      async () => {
        const answer = (await (await fetch(`${tracking.url}/v1/dossiers?limit=200`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { steps: number }[] };
        return answer.items.reduce((sum, item) => sum + item.steps, 0) === expectedSteps;
      },
      { what: 'tracking to project every event' },
    );
  });

  afterAll(async () => {
    await tracking.stop();
    await bus.close();
    await store.close();
    await shutdownTracing();
  });

  const list = async (query: string): Promise<ListAnswer> => {
    const response = await fetch(`${tracking.url}/v1/dossiers?${query}`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(200);
    return (await response.json()) as ListAnswer;
  };
  const codes = (answer: ListAnswer) => answer.items.map((item) => Number(item.code.slice(-1)));

  it('when nothing is asked, then every dossier is listed by appointment ascending with the default page, without timelines', async () => {
    const answer = await list('');
    expect(codes(answer)).toEqual([5, 1, 3, 2, 6, 4]);
    expect(answer).toMatchObject({ total: 6, limit: 50, offset: 0 });
    expect(answer.items.every((item) => item.timeline === undefined)).toBe(true);
    expect(answer.items.find((item) => item.code.endsWith('2'))).toMatchObject({ status: 'IN_PROCESSING', flags: { overdue: true, extended: false } });
  });

  it('when filtered by centre, status (comma-separated) and overdue, then only matching dossiers are listed', async () => {
    expect(codes(await list(`centreId=${phongDien}`))).toEqual([1, 3, 2, 4]);
    expect(codes(await list(`centreId=${phongDien}&status=RECEIVED`))).toEqual([1, 3]);
    expect(codes(await list('status=IN_PROCESSING,RECEIVED'))).toEqual([5, 1, 3, 2, 6, 4]);
    expect(codes(await list('status=IN_PROCESSING'))).toEqual([2, 6, 4]);
    expect(codes(await list('overdue=true'))).toEqual([2]);
    expect(codes(await list(`overdue=false&centreId=${huongTra}`))).toEqual([5, 6]);
    expect(codes(await list('status=RETURNED'))).toEqual([]);
  });

  it('when paged, then total counts every match and limit/offset pick the slice', async () => {
    const second = await list('limit=2&offset=2');
    expect(codes(second)).toEqual([3, 2]);
    expect(second).toMatchObject({ total: 6, limit: 2, offset: 2 });
    const pastTheEnd = await list('limit=2&offset=10');
    expect(pastTheEnd).toMatchObject({ items: [], total: 6, offset: 10 });
  });

  it('when dueBefore is given, then only appointments strictly before it count, and total and paging stay exact', async () => {
    expect(codes(await list(`dueBefore=${encodeURIComponent(at(25))}`))).toEqual([5, 1, 3]);
    // The same instant written in Vietnam's offset.
    expect(codes(await list(`dueBefore=${encodeURIComponent('2026-11-25T09:00:01+07:00')}`))).toEqual([5, 1, 3, 2]);
    const paged = await list(`dueBefore=${encodeURIComponent(at(26, 12))}&limit=2&offset=2`);
    expect(codes(paged)).toEqual([3, 2]);
    expect(paged.total).toBe(5);
    const centre = await list(`dueBefore=${encodeURIComponent(at(30))}&centreId=${phongDien}&status=IN_PROCESSING&limit=1&offset=1`);
    expect(codes(centre)).toEqual([4]);
    expect(centre.total).toBe(2);
    expect(await list(`dueBefore=${encodeURIComponent(at(1))}`)).toMatchObject({ items: [], total: 0 });
    expect(await list(`dueBefore=${encodeURIComponent(at(24))}&offset=5`)).toMatchObject({ items: [], total: 2 });
  });

  it('when the query has an unknown parameter or a bad value, then it answers 400 problem+json naming each', async () => {
    const response = await fetch(`${tracking.url}/v1/dossiers?colour=blue&status=LOST&overdue=maybe&dueBefore=tomorrow&limit=500&offset=-1`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('REQUEST.INVALID');
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['query/colour', 'query/status', 'query/overdue', 'query/dueBefore', 'query/limit', 'query/offset']),
    );
    expect((await fetch(`${tracking.url}/v1/dossiers?status=RECEIVED&status=SIGNED`, { headers: await officerHeaders(OPS_DESK) })).status).toBe(400);
  });

  it('when a timeline is read, then each step keeps its fields and links to its trace in the viewer', async () => {
    const response = await fetch(`${tracking.url}/v1/dossiers/PDN-261120-0002/timeline`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(200);
    const timeline = (await response.json()) as { items: { name: string; service: string; traceId?: string; traceUrl?: string }[] };
    expect(timeline.items.map((e) => e.name)).toEqual(['DossierReceived', 'DossierAssigned', 'DossierOverdue']);
    expect(timeline.items[0]).toMatchObject({ service: 'intake', traceId, traceUrl: `http://localhost:16686/trace/${traceId}` });
    // The bus stamps a trace on the other steps: every traced step links to its own trace.
    for (const step of timeline.items) expect(step.traceUrl).toBe(step.traceId ? `http://localhost:16686/trace/${step.traceId}` : undefined);
  });
});
