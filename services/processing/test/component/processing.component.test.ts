/**
 * processing in-process on the embedded edition's real peers (a SQLite file as store
 * and event log) with a clock the tests move: intake's and signing's events go in on
 * the bus, officers act over HTTP, durable timers fire when the tests say so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedFrom, topicOfType, type DossierState, type EventEnvelope, type LifecycleAction } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { officerHeaders, OPS_DESK, recordingBus, testAuth, testOfficerToken, waitFor } from '@motcua/testing';
import { processingModule } from '../../src/processing.module';
import type { WorkItem } from '../../src/domain/work-item.entity';
import { arrived, inTransit, received, signed, supplementProvidedEvent, withdrawn } from '../support/processing-events.fixture';

/** Wednesday 25 November 2026, 09:00 in Huế; a birth registration received then is due at 17:00 (10:00Z). */
const WEDNESDAY_0900 = new Date('2026-11-25T02:00:00.000Z');
const BIRTH_APPOINTMENT = '2026-11-25T10:00:00.000Z';
const draft = { title: 'Giấy khai sinh', body: 'Nội dung giấy khai sinh' };

describe('processing on SQLite and the embedded bus', () => {
  let store: Store;
  let bus: EventBus;
  let processing: RunningService;
  let now = WEDNESDAY_0900;
  /** Every envelope processing's relay published, in order. */
  const published: EventEnvelope[] = [];
  const logger = createLogger({ service: 'processing', level: 'silent' });

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-processing-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    const recording = recordingBus(bus, published);
    // The timers' own poll is slow here: tests fire due timers themselves after moving the clock.
    processing = await startService(processingModule, { auth: (await testAuth(store)).authenticator, store, bus: recording, logger, port: 0, outboxPollMs: 50, timerPollMs: 3_600_000, clock: () => now });
  });

  afterAll(async () => {
    await processing.stop();
    await bus.close();
    await store.close();
  });

  beforeEach(() => {
    now = WEDNESDAY_0900;
  });

  const feed = (envelope: EventEnvelope) => bus.publish([{ topic: topicOfType(envelope.type), envelope }]);

  const itemOf = async (dossierId: string): Promise<WorkItem | undefined> => {
    const response = await fetch(`${processing.url}/v1/work-items?dossierId=${dossierId}`, { headers: await officerHeaders(OPS_DESK) });
    return ((await response.json()) as { items: WorkItem[] }).items[0];
  };

  const waitForItem = (dossierId: string, what: string, ready: (item: WorkItem) => boolean = () => true) =>
    waitFor(
      async () => {
        const item = await itemOf(dossierId);
        return item && ready(item) ? item : undefined;
      },
      { what: `${what} (${dossierId})` },
    );

  const getItem = async (id: string): Promise<WorkItem> => (await (await fetch(`${processing.url}/v1/work-items/${id}`, { headers: await officerHeaders(OPS_DESK) })).json()) as WorkItem;

  /** As the officer named, or with the credential headers given (`{}`: none). */
  const post = async (id: string, path: string, officer: string | Record<string, string>, body: unknown = {}) =>
    fetch(`${processing.url}/v1/work-items/${id}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(typeof officer === 'string' ? await officerHeaders(officer) : officer) },
      body: JSON.stringify(body),
    });

  const postOk = async (id: string, path: string, officerId: string, body: unknown = {}): Promise<WorkItem> => {
    const response = await post(id, path, officerId, body);
    if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as WorkItem;
  };

  /** What processing published about one dossier, once everything committed has left the outbox. */
  const eventsAbout = async (dossierId: string): Promise<string[]> => {
    await processing.relay.flush();
    return published.filter((e) => e.subject === dossierId).map((e) => e.type.split('.')[3] ?? e.type);
  };

  const timerOf = (itemId: string) =>
    store
      .forService('processing')
      .read((tx) => tx.collection<{ id: string; dueAt: string }>({ name: 'timers' }).get(`overdue:${itemId}`))
      .then((timer) => timer?.dueAt);

  const supplement = { reason: 'Thiếu giấy chứng sinh', documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }] };

  it('when a dossier is received at a satellite point, then it waits with its overdue timer set until it arrives, and is assigned on arrival', async () => {
    const event = received(101, { viaSatellite: true, receptionPointId: 'pdn-phong-my' });
    const dossier = event.data;
    await feed(event);
    const waiting = await waitForItem(dossier.dossierId, 'the satellite work item');
    expect(waiting.state).toBe('RECEIVED');
    expect(waiting.assigneeId).toBeUndefined();
    expect(await timerOf(waiting.id)).toBe(BIRTH_APPOINTMENT);

    await feed(inTransit(dossier, new Date('2026-11-25T03:30:00Z')));
    await waitForItem(dossier.dossierId, 'in transit', (item) => item.state === 'IN_TRANSIT');
    expect((await post(waiting.id, 'approve', 'pdn-specialist-1', { result: draft })).status).toBe(409);

    now = new Date('2026-11-25T04:00:00Z');
    await feed(arrived(dossier, now));
    const inProcessing = await waitForItem(dossier.dossierId, 'arrived', (item) => item.state === 'IN_PROCESSING');
    expect(inProcessing.assigneeId).toMatch(/^pdn-specialist-[12]$/);
    expect(inProcessing.history.map((h) => h.action)).toEqual(['dispatch', 'arrive', 'assign']);
    expect(await eventsAbout(dossier.dossierId)).toEqual(['DossierAssigned']);
  });

  it('when dossiers come in, then each goes to the least-loaded specialist of its centre able to handle its sector; a leader reassigns', async () => {
    // Kim Long: specialist-1 civil status and certification, specialist-2 every sector, specialist-3 land.
    const klg = { centreId: 'hue-kim-long', receptionPointId: 'klg-main' };
    const assignees: (string | undefined)[] = [];
    // d-203 falls due first, so it heads the queue whatever the order it came in.
    const dossiers = [
      [201, '1.001193', BIRTH_APPOINTMENT],
      [202, '1.001193', BIRTH_APPOINTMENT],
      [203, '1.001193', '2026-11-25T09:00:00.000Z'],
      [204, '1.012812', '2026-12-23T10:00:00.000Z'],
    ] as const;
    for (const [n, procedureCode, appointmentAt] of dossiers) {
      await feed(received(n, { ...klg, dossierCode: `KLG-261125-0${n}`, procedureCode, appointmentAt }));
      assignees.push((await waitForItem(`d-${n}`, 'assigned', (item) => item.assigneeId !== undefined)).assigneeId);
    }
    expect(assignees).toEqual(['klg-specialist-1', 'klg-specialist-2', 'klg-specialist-1', 'klg-specialist-3']);

    const queue = (await (await fetch(`${processing.url}/v1/work-items?centreId=hue-kim-long&assigneeId=klg-specialist-1&state=IN_PROCESSING`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: WorkItem[]; total: number };
    expect(queue.items.map((item) => item.dossierId)).toEqual(['d-203', 'd-201']);
    expect(queue.total).toBe(2);

    const wholeQueue = (await (await fetch(`${processing.url}/v1/work-items?centreId=hue-kim-long`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: WorkItem[] };
    expect(wholeQueue.items.map((item) => item.dossierId)).toEqual(['d-203', 'd-201', 'd-202', 'd-204']);

    const item = await waitForItem('d-201', 'first item');
    const reassigned = await postOk(item.id, 'reassign', 'klg-leader-1', { assigneeId: 'klg-specialist-2', reason: 'Cân đối khối lượng' });
    expect(reassigned.assigneeId).toBe('klg-specialist-2');
    expect((await post(item.id, 'reassign', 'klg-leader-1', { assigneeId: 'pdn-specialist-1', reason: 'x' })).status).toBe(422);
    const claim = await post(item.id, 'claim', 'klg-specialist-1');
    expect(claim.status).toBe(409);
    expect(((await claim.json()) as { code: string }).code).toBe('PROCESSING.ALREADY_ASSIGNED');
    expect(await eventsAbout('d-201')).toEqual(['DossierAssigned', 'DossierAssigned']);
  });

  it('when a supplement is requested and provided for a restart procedure, then the clock stops and a fresh deadline runs from the hand-in; the letter is printable', async () => {
    await feed(received(301));
    const item = await waitForItem('d-301', 'the work item', (i) => i.assigneeId !== undefined);
    now = new Date('2026-11-25T03:00:00Z');
    const response = await post(item.id, 'supplement-requests', 'pdn-specialist-1', supplement);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'SUPPLEMENT_REQUESTED', clock: { state: 'paused', remainingMinutes: 300 } });
    expect(await timerOf(item.id)).toBeUndefined();

    const letter = await fetch(`${processing.url}/v1/work-items/${item.id}/documents/supplement-request`, { headers: await officerHeaders(OPS_DESK) });
    expect(letter.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await letter.text();
    expect(page).toContain('Thiếu giấy chứng sinh');
    expect(page).toContain('Trần Thị Bình');
    const data = await (await fetch(`${processing.url}/v1/work-items/${item.id}/documents/supplement-request?format=json`, { headers: await officerHeaders(OPS_DESK) })).json();
    expect(data).toMatchObject({ kind: 'supplement-request', dossierCode: 'PDN-261125-0301', reason: supplement.reason, requestedDocuments: [{ name: 'Giấy chứng sinh' }] });

    now = new Date('2026-11-26T08:30:00Z'); // Thursday 15:30, after the cut-off
    await feed(supplementProvidedEvent(item, now));
    const resumed = await waitForItem('d-301', 'resumed', (i) => i.state === 'IN_PROCESSING' && i.clock.state === 'running');
    expect(resumed.appointmentAt).toBe('2026-11-27T10:00:00.000Z');
    expect(await timerOf(item.id)).toBe('2026-11-27T10:00:00.000Z');
    expect(await eventsAbout('d-301')).toEqual(['DossierAssigned', 'SupplementRequested', 'ProcessingResumed']);
    expect(published.find((e) => e.subject === 'd-301' && e.type.endsWith('ProcessingResumed.v1'))?.data).toMatchObject({ clockRule: 'restart', appointmentAt: '2026-11-27T10:00:00.000Z' });
  });

  it('when a supplement is requested and provided for a resume procedure, then the office time left runs again from the hand-in', async () => {
    await feed(received(302, { procedureCode: '1.000656', appointmentAt: '2026-11-30T10:00:00.000Z' }));
    const item = await waitForItem('d-302', 'the work item', (i) => i.assigneeId !== undefined);
    now = new Date('2026-11-26T03:00:00Z');
    await postOk(item.id, 'supplement-requests', 'pdn-specialist-1', { reason: 'Thiếu giấy báo tử', documents: [{ code: 'GBT', name: 'Giấy báo tử' }] });
    now = new Date('2026-12-01T07:00:00Z');
    await feed(supplementProvidedEvent(item, now));
    const resumed = await waitForItem('d-302', 'resumed', (i) => i.state === 'IN_PROCESSING');
    expect(resumed.appointmentAt).toBe('2026-12-04T02:30:00.000Z');
    expect(await timerOf(item.id)).toBe('2026-12-04T02:30:00.000Z');
  });

  it('when the appointment passes, then the item is flagged overdue once; an extension moves the appointment and the timer and issues an apology letter', async () => {
    await feed(received(401));
    const item = await waitForItem('d-401', 'the work item', (i) => i.assigneeId !== undefined);
    const overdueEvents = async () => (await eventsAbout('d-401')).filter((name) => name === 'DossierOverdue').length;

    now = new Date('2026-11-25T09:59:00Z');
    await processing.fireDueTimers();
    expect((await getItem(item.id)).overdue).toBe(false);

    now = new Date(BIRTH_APPOINTMENT);
    await processing.fireDueTimers();
    expect(await getItem(item.id)).toMatchObject({ overdue: true, state: 'IN_PROCESSING' });
    now = new Date('2026-11-25T10:05:00Z');
    await processing.fireDueTimers();
    expect(await overdueEvents()).toBe(1);
    const overdueQueue = (await (await fetch(`${processing.url}/v1/work-items?centreId=hue-phong-dien&overdue=true`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: WorkItem[] };
    expect(overdueQueue.items.map((i) => i.id)).toContain(item.id);

    now = new Date('2026-11-25T10:30:00Z');
    const response = await post(item.id, 'extensions', 'pdn-specialist-1', { reason: 'Cần xác minh tại nơi cư trú cũ', newAppointmentAt: '2026-11-27T10:00:00.000Z' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ overdue: false, appointmentAt: '2026-11-27T10:00:00.000Z' });
    expect(await timerOf(item.id)).toBe('2026-11-27T10:00:00.000Z');
    const apology = await (await fetch(`${processing.url}/v1/work-items/${item.id}/documents/apology?format=json`, { headers: await officerHeaders(OPS_DESK) })).json();
    expect(apology).toMatchObject({
      kind: 'apology',
      reason: 'Cần xác minh tại nơi cư trú cũ',
      previousAppointmentAt: BIRTH_APPOINTMENT,
      newAppointmentAt: '2026-11-27T10:00:00.000Z',
      issuedAt: '2026-11-25T10:30:00.000Z',
      applicant: { fullName: 'Trần Thị Bình' },
    });
    const printable = await fetch(`${processing.url}/v1/work-items/${item.id}/documents/apology`, { headers: await officerHeaders(OPS_DESK) });
    expect(printable.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await printable.text()).toContain('Cần xác minh tại nơi cư trú cũ');

    now = new Date('2026-11-26T10:00:00Z');
    await processing.fireDueTimers();
    expect(await overdueEvents()).toBe(1);
    now = new Date('2026-11-27T10:00:00Z');
    await processing.fireDueTimers();
    expect(await overdueEvents()).toBe(2);
    expect(await eventsAbout('d-401')).toEqual(['DossierAssigned', 'DossierOverdue', 'DossierExtended', 'DossierOverdue']);
  });

  describe('every officer action in every state the lifecycle table refuses it', () => {
    const actions = {
      claim: { path: 'claim', officer: 'pdn-specialist-1', body: {} },
      reassign: { path: 'reassign', officer: 'pdn-leader-1', body: { assigneeId: 'pdn-specialist-2', reason: 'Cân đối' } },
      requestSupplement: { path: 'supplement-requests', officer: 'pdn-specialist-1', body: supplement },
      approve: { path: 'approve', officer: 'pdn-specialist-1', body: { result: draft } },
      reject: { path: 'reject', officer: 'pdn-specialist-1', body: { reason: 'Không đủ điều kiện' } },
      extend: { path: 'extensions', officer: 'pdn-specialist-1', body: { reason: 'Cần xác minh', newAppointmentAt: '2027-06-30T10:00:00.000Z' } },
    } satisfies Partial<Record<LifecycleAction, { path: string; officer: string; body: unknown }>>;

    /** How to bring a fresh work item (dossier `n`) into each state processing knows. */
    const reach: Record<Exclude<DossierState, 'RESULT_READY' | 'RETURNED'>, (n: number) => Promise<WorkItem>> = {
      RECEIVED: async (n) => {
        await feed(received(n, { viaSatellite: true, receptionPointId: 'pdn-phong-my' }));
        return waitForItem(`d-${n}`, 'RECEIVED');
      },
      IN_TRANSIT: async (n) => {
        const item = await reach.RECEIVED(n);
        await feed(inTransit(item, now));
        return waitForItem(item.dossierId, 'IN_TRANSIT', (i) => i.state === 'IN_TRANSIT');
      },
      IN_PROCESSING: async (n) => {
        await feed(received(n));
        return waitForItem(`d-${n}`, 'IN_PROCESSING', (i) => i.state === 'IN_PROCESSING');
      },
      SUPPLEMENT_REQUESTED: async (n) => postOk((await reach.IN_PROCESSING(n)).id, 'supplement-requests', 'pdn-specialist-1', supplement),
      AWAITING_SIGNATURE: async (n) => postOk((await reach.IN_PROCESSING(n)).id, 'approve', 'pdn-specialist-1', { result: draft }),
      SIGNED: async (n) => {
        const item = await reach.AWAITING_SIGNATURE(n);
        await feed(signed(item, now));
        return waitForItem(item.dossierId, 'SIGNED', (i) => i.state === 'SIGNED');
      },
      REJECTED: async (n) => postOk((await reach.IN_PROCESSING(n)).id, 'reject', 'pdn-specialist-1', { reason: 'Không đủ điều kiện' }),
      WITHDRAWN: async (n) => {
        const item = await reach.IN_PROCESSING(n);
        await feed(withdrawn(item, now));
        return waitForItem(item.dossierId, 'WITHDRAWN', (i) => i.state === 'WITHDRAWN');
      },
    };

    const states = Object.keys(reach) as (keyof typeof reach)[];
    states.forEach((state, index) => {
      const refused = (Object.keys(actions) as (keyof typeof actions)[]).filter((action) => !allowedFrom(action).includes(state));
      // IN_PROCESSING allows every officer action.
      if (refused.length === 0) return;
      it(`in ${state}, ${refused.join(', ')} answer 409 LIFECYCLE.INVALID_TRANSITION and change nothing`, async () => {
        const item = await reach[state](500 + index);
        expect(item.state).toBe(state);
        const before = { item: await getItem(item.id), events: await eventsAbout(item.dossierId), timer: await timerOf(item.id) };
        for (const action of refused) {
          const { path, officer, body } = actions[action];
          const response = await post(item.id, path, officer, body);
          expect({ action, status: response.status, type: response.headers.get('content-type') }).toEqual({ action, status: 409, type: expect.stringMatching(/^application\/problem\+json/) });
          expect(await response.json()).toMatchObject({ code: 'LIFECYCLE.INVALID_TRANSITION' });
        }
        expect(await getItem(item.id)).toEqual(before.item);
        expect(await eventsAbout(item.dossierId)).toEqual(before.events);
        expect(await timerOf(item.id)).toBe(before.timer);
      });
    });
  });

  it('when the role may not do the action, the officer is of another centre, or the token is tampered with, expired or missing, then it is refused and nothing changes', async () => {
    await feed(received(601));
    const item = await waitForItem('d-601', 'the work item', (i) => i.assigneeId !== undefined);
    const before = { item: await getItem(item.id), events: await eventsAbout('d-601') };
    const specialist = await officerHeaders('pdn-specialist-1');
    const [header, payload] = (specialist['authorization'] as string).slice('Bearer '.length).split('.') as [string, string, string];
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'leader' })).toString('base64url');
    const signature = (specialist['authorization'] as string).split('.')[2] as string;
    const expired = `Bearer ${await testOfficerToken('pdn-specialist-1', { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) })}`;
    const attempts: [string, string | Record<string, string>, unknown, number, string][] = [
      ['approve', 'pdn-courier-1', { result: draft }, 403, 'AUTH.ROLE_NOT_ALLOWED'],
      ['reassign', 'pdn-specialist-1', { assigneeId: 'pdn-specialist-2', reason: 'x' }, 403, 'AUTH.ROLE_NOT_ALLOWED'],
      ['claim', 'pdn-leader-1', {}, 403, 'AUTH.ROLE_NOT_ALLOWED'],
      ['approve', 'hue-ops-1', { result: draft }, 403, 'AUTH.ROLE_NOT_ALLOWED'],
      ['reject', 'klg-specialist-1', { reason: 'x' }, 403, 'AUTH.WRONG_CENTRE'],
      ['extensions', 'klg-leader-1', { reason: 'x', newAppointmentAt: '2027-01-01T00:00:00.000Z' }, 403, 'AUTH.WRONG_CENTRE'],
      // The specialist's token with the role changed to leader: the signature no longer holds.
      ['reassign', { authorization: `Bearer ${header}.${promoted}.${signature}` }, { assigneeId: 'pdn-specialist-2', reason: 'x' }, 401, 'AUTH.TOKEN_INVALID'],
      ['approve', { authorization: expired }, { result: draft }, 401, 'AUTH.TOKEN_EXPIRED'],
      ['approve', { authorization: 'Bearer not-a-token' }, { result: draft }, 401, 'AUTH.TOKEN_INVALID'],
      ['approve', {}, { result: draft }, 401, 'AUTH.UNAUTHENTICATED'],
    ];
    for (const [path, officer, body, status, code] of attempts) {
      const response = await post(item.id, path, officer, body);
      const who = typeof officer === 'string' ? officer : (officer['authorization'] ?? 'no credentials').slice(0, 30);
      expect({ path, who, status: response.status, code: ((await response.json()) as { code: string }).code }).toEqual({ path, who, status, code });
    }
    expect(await getItem(item.id)).toEqual(before.item);
    expect(await eventsAbout('d-601')).toEqual(before.events);

    const otherCentreQueue = await fetch(`${processing.url}/v1/work-items?centreId=hue-phong-dien`, { headers: await officerHeaders('klg-specialist-1') });
    expect(otherCentreQueue.status).toBe(403);
  });
});
