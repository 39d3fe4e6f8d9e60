import { findOfficer, type Catalogue, type Officer } from '@motcua/catalogue';
import { dossierArrived, dossierInTransit, dossierWithdrawn, openWorkItem, supplementProvided } from '../../src/domain/intake-facts.use-cases';
import {
  approveWorkItem,
  claimWorkItem,
  extendWorkItem,
  reassignWorkItem,
  rejectWorkItem,
  requestSupplement,
} from '../../src/domain/officer-actions.use-cases';
import { overdueTimerFired } from '../../src/domain/overdue.use-case';
import { documentSigned, signatureDeclined } from '../../src/domain/signing-facts.use-cases';
import { processingDocument } from '../../src/domain/work-item.documents';
import type { WorkItem } from '../../src/domain/work-item.entity';
import { catalogue, inMemoryProcessing, type InMemoryProcessing } from '../support/in-memory-processing';
import { arrived, declined, inTransit, received, signed, supplementProvidedEvent, withdrawn } from '../support/processing-events.fixture';

const officer = (id: string): Officer => {
  const found = findOfficer(catalogue, id);
  if (!found) throw new Error(`no officer ${id} in the sample catalogue`);
  return found;
};
const specialist1 = officer('pdn-specialist-1');
const specialist2 = officer('pdn-specialist-2');
const leader = officer('pdn-leader-1');
const otherCentreSpecialist = officer('klg-specialist-1');

/** Wednesday 25 November 2026, 09:00 in Huế. */
const wednesday0900 = new Date('2026-11-25T02:00:00.000Z');
const at = (iso: string) => new Date(iso);
const draft = { title: 'Giấy khai sinh', body: 'Nội dung giấy khai sinh' };

async function open(p: InMemoryProcessing, n: number, overrides: Parameters<typeof received>[1] = {}): Promise<WorkItem> {
  const event = received(n, overrides);
  await p.run((tx) => openWorkItem(tx, p.ctx, event));
  const item = await p.tx.workItems.findByDossier(event.data.dossierId);
  if (!item) throw new Error('work item not opened');
  return item;
}

/** Runs a step and expects it refused with `code`, with the item, its timer and the events exactly as before. */
async function expectRefused(p: InMemoryProcessing, id: string, step: () => Promise<unknown>, code: string, status: number): Promise<void> {
  const before = { item: structuredClone(p.item(id)), timer: p.timers.get(id), events: p.events.length };
  await expect(step()).rejects.toMatchObject({ code, status });
  expect(p.item(id)).toEqual(before.item);
  expect(p.timers.get(id)).toBe(before.timer);
  expect(p.events).toHaveLength(before.events);
}

describe('opening and assigning work items', () => {
  it('when a dossier is received at the main counter, then it enters processing, goes to the least-loaded specialist and its overdue timer is set at the appointment', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    expect(item).toMatchObject({ state: 'IN_PROCESSING', assigneeId: 'pdn-specialist-1', appointmentAt: '2026-11-25T10:00:00.000Z', applicantName: 'Trần Thị Bình' });
    expect(item).not.toHaveProperty('applicant');
    expect(item.rules).toEqual({ deadline: { kind: 'sameDay', cutoff: '15:00' }, supplementClock: 'restart', sector: 'Hộ tịch' });
    expect(item.history.map((h) => [h.action, h.from, h.to, h.role])).toEqual([
      ['forward', 'RECEIVED', 'IN_PROCESSING', 'system'],
      ['assign', 'IN_PROCESSING', 'IN_PROCESSING', 'system'],
    ]);
    expect(p.timers.get(item.id)).toBe('2026-11-25T10:00:00.000Z');
    expect(p.eventNames()).toEqual(['DossierAssigned']);
    expect(p.events[0]?.data).toMatchObject({ workItemId: item.id, assigneeId: 'pdn-specialist-1', actor: { role: 'system' } });
  });

  it('when specialists have different loads, then each new dossier goes to the least-loaded one able to handle its sector, ties by officer id', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const assignees = [];
    for (const n of [1, 2, 3]) assignees.push((await open(p, n)).assigneeId);
    // A land dispute: specialist-1 does civil status only, so it goes to specialist-3 (0 items) rather than specialist-2 (1 item).
    assignees.push((await open(p, 4, { procedureCode: '1.012812' })).assigneeId);
    expect(assignees).toEqual(['pdn-specialist-1', 'pdn-specialist-2', 'pdn-specialist-1', 'pdn-specialist-3']);
  });

  it('when items close, then they no longer count towards the load', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const first = await open(p, 1);
    await rejectWorkItem(p.run, p.ctx, first.id, 'Không thuộc thẩm quyền', specialist1);
    expect((await open(p, 2)).assigneeId).toBe('pdn-specialist-1');
  });

  it('when no specialist of the centre handles the sector, then the item stays unassigned in the queue, DossierAssigned says so without an assignee, and it is logged', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const onlyCivilStatus: Catalogue = { ...catalogue, officers: catalogue.officers.filter((o) => o.id !== 'pdn-specialist-2') };
    p.ctx.catalogue = onlyCivilStatus;
    const item = await open(p, 1, { procedureCode: '1.010041' });
    expect(item.state).toBe('IN_PROCESSING');
    expect(item.assigneeId).toBeUndefined();
    expect(p.eventNames()).toEqual(['DossierAssigned']);
    expect(p.events[0]?.data).not.toHaveProperty('assigneeId');
    expect(p.warnings.join()).toMatch(/no specialist/);
  });

  it('when the same DossierReceived is handled twice, then there is still one work item', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const event = received(1);
    await p.run((tx) => openWorkItem(tx, p.ctx, event));
    await p.run((tx) => openWorkItem(tx, p.ctx, event));
    expect(p.items.size).toBe(1);
  });

  it('when a dossier is received at a satellite point, then it waits unassigned with its timer set until it arrives, and is assigned on arrival', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1, { viaSatellite: true, receptionPointId: 'pdn-phong-my' });
    expect(item).toMatchObject({ state: 'RECEIVED' });
    expect(item.assigneeId).toBeUndefined();
    expect(p.timers.get(item.id)).toBe(item.appointmentAt);

    await p.run((tx) => dossierInTransit(tx, p.ctx, inTransit(item, at('2026-11-25T03:30:00Z'))));
    expect(p.item(item.id).state).toBe('IN_TRANSIT');
    await expectRefused(p, item.id, () => approveWorkItem(p.run, p.ctx, item.id, draft, specialist1), 'LIFECYCLE.INVALID_TRANSITION', 409);

    p.now.value = at('2026-11-25T04:00:00Z');
    await p.run((tx) => dossierArrived(tx, p.ctx, arrived(item, p.now.value)));
    expect(p.item(item.id)).toMatchObject({ state: 'IN_PROCESSING', assigneeId: 'pdn-specialist-1' });
    expect(p.item(item.id).history.map((h) => `${h.action}:${h.role}`)).toEqual(['dispatch:courier', 'arrive:courier', 'assign:system']);
    expect(p.eventNames()).toEqual(['DossierAssigned']);
  });
});

describe('the deadline clock through a supplement', () => {
  it('when a supplement is requested, then the clock stops, the overdue timer goes, and when it is provided a restart procedure gets a fresh deadline from the hand-in', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    p.now.value = at('2026-11-25T03:00:00Z'); // 10:00 in Huế
    const requested = await requestSupplement(p.run, p.ctx, item.id, { reason: 'Thiếu giấy chứng sinh', documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }] }, specialist1);
    expect(requested).toMatchObject({ state: 'SUPPLEMENT_REQUESTED', clock: { state: 'paused', pausedAt: '2026-11-25T03:00:00.000Z', remainingMinutes: 300 } });
    expect(p.timers.has(item.id)).toBe(false);
    expect(p.events.at(-1)?.data).toMatchObject({ reason: 'Thiếu giấy chứng sinh', requestedDocuments: [{ code: 'GCS', name: 'Giấy chứng sinh' }] });

    // Thursday 15:30, after the same-day cut-off: due at the close of Friday.
    p.now.value = at('2026-11-26T08:30:05Z');
    await p.run((tx) => supplementProvided(tx, p.ctx, supplementProvidedEvent(item, at('2026-11-26T08:30:00Z'))));
    expect(p.item(item.id)).toMatchObject({ state: 'IN_PROCESSING', appointmentAt: '2026-11-27T10:00:00.000Z', clock: { state: 'running' } });
    expect(p.timers.get(item.id)).toBe('2026-11-27T10:00:00.000Z');
    expect(p.events.at(-1)?.data).toMatchObject({ clockRule: 'restart', appointmentAt: '2026-11-27T10:00:00.000Z', resumedAt: '2026-11-26T08:30:00.000Z' });
    expect(p.item(item.id).history.map((h) => `${h.action}:${h.role}`)).toEqual(['forward:system', 'assign:system', 'requestSupplement:specialist', 'provideSupplement:reception']);
  });

  it('when the procedure resumes, then the office time left at the request runs again from the hand-in', async () => {
    const p = inMemoryProcessing(wednesday0900);
    // Death registration, 3 working days: due at the close of Monday 30 November.
    const item = await open(p, 1, { procedureCode: '1.000656', appointmentAt: '2026-11-30T10:00:00.000Z' });
    p.now.value = at('2026-11-26T03:00:00Z'); // Thursday 10:00: 300 + 450 + 450 office minutes left
    const requested = await requestSupplement(p.run, p.ctx, item.id, { reason: 'Thiếu giấy báo tử', documents: [{ code: 'GBT', name: 'Giấy báo tử' }] }, specialist1);
    expect(requested.clock).toMatchObject({ state: 'paused', remainingMinutes: 1200 });

    // Tuesday 1 December 14:00: 180 + 450 + 450 minutes to Thursday's close, 120 more on Friday → 09:30.
    p.now.value = at('2026-12-01T07:00:00Z');
    await p.run((tx) => supplementProvided(tx, p.ctx, supplementProvidedEvent(item, p.now.value)));
    expect(p.item(item.id).appointmentAt).toBe('2026-12-04T02:30:00.000Z');
    expect(p.events.at(-1)?.data).toMatchObject({ clockRule: 'resume', appointmentAt: '2026-12-04T02:30:00.000Z' });
  });

  it('when an item awaits a supplement, then it can be rejected but not approved, extended or asked again', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    await requestSupplement(p.run, p.ctx, item.id, { reason: 'Thiếu giấy', documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }] }, specialist1);
    await expectRefused(p, item.id, () => approveWorkItem(p.run, p.ctx, item.id, draft, specialist1), 'LIFECYCLE.INVALID_TRANSITION', 409);
    await expectRefused(
      p,
      item.id,
      () => extendWorkItem(p.run, p.ctx, item.id, { reason: 'Cần xác minh', newAppointmentAt: '2026-12-01T10:00:00.000Z' }, specialist1),
      'LIFECYCLE.INVALID_TRANSITION',
      409,
    );
    await expectRefused(p, item.id, () => requestSupplement(p.run, p.ctx, item.id, { reason: 'Lại', documents: [{ code: 'X', name: 'Y' }] }, specialist1), 'LIFECYCLE.INVALID_TRANSITION', 409);
    const rejected = await rejectWorkItem(p.run, p.ctx, item.id, 'Không bổ sung đúng hạn', leader);
    expect(rejected.state).toBe('REJECTED');
  });
});

describe('overdue and extension', () => {
  it('when the timer fires at the appointment, then the item is flagged overdue once, however often the timer fires', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    p.now.value = at('2026-11-25T09:59:59.999Z');
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    expect(p.item(item.id).overdue).toBe(false);
    expect(p.timers.get(item.id)).toBe(item.appointmentAt);

    p.now.value = at(item.appointmentAt);
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    expect(p.item(item.id)).toMatchObject({ state: 'IN_PROCESSING', overdue: true });
    expect(p.eventNames().filter((n) => n === 'DossierOverdue')).toHaveLength(1);
    expect(p.events.at(-1)?.data).toMatchObject({ appointmentAt: item.appointmentAt, detectedAt: item.appointmentAt, actor: { role: 'system' } });
    expect(p.item(item.id).history.at(-1)).toMatchObject({ action: 'flagOverdue', role: 'system', from: 'IN_PROCESSING', to: 'IN_PROCESSING' });
  });

  it('when an item awaits a supplement, is still on the road or is closed, then a firing timer flags nothing', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const paused = await open(p, 1);
    await requestSupplement(p.run, p.ctx, paused.id, { reason: 'Thiếu', documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }] }, specialist1);
    const onTheRoad = await open(p, 2, { viaSatellite: true });
    const rejected = await open(p, 3);
    await rejectWorkItem(p.run, p.ctx, rejected.id, 'Không đủ điều kiện', specialist1);
    p.now.value = at('2026-11-26T10:00:00Z');
    for (const id of [paused.id, onTheRoad.id, rejected.id]) await p.run((tx) => overdueTimerFired(tx, p.ctx, id));
    expect([paused.id, onTheRoad.id, rejected.id].map((id) => p.item(id).overdue)).toEqual([false, false, false]);
  });

  it('when a satellite dossier arrives after its appointment, then its timer is set again and flags it', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1, { viaSatellite: true });
    p.now.value = at('2026-11-25T11:00:00Z');
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    await p.run((tx) => dossierInTransit(tx, p.ctx, inTransit(item, p.now.value)));
    await p.run((tx) => dossierArrived(tx, p.ctx, arrived(item, p.now.value)));
    expect(p.timers.get(item.id)).toBe(item.appointmentAt);
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    expect(p.item(item.id).overdue).toBe(true);
  });

  it('when an overdue item is extended, then the appointment moves, the flag clears, the timer moves and the apology letter is recorded; the new appointment can fall overdue again', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    p.now.value = at('2026-11-25T10:00:00Z');
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    p.now.value = at('2026-11-25T10:30:00Z');
    const extended = await extendWorkItem(p.run, p.ctx, item.id, { reason: 'Cần xác minh tại nơi cư trú cũ', newAppointmentAt: '2026-11-27T10:00:00.000Z' }, specialist1);
    expect(extended).toMatchObject({ overdue: false, appointmentAt: '2026-11-27T10:00:00.000Z', clock: { state: 'running', appointmentAt: '2026-11-27T10:00:00.000Z' } });
    expect(extended.extensions).toEqual([
      {
        reason: 'Cần xác minh tại nơi cư trú cũ',
        previousAppointmentAt: '2026-11-25T10:00:00.000Z',
        newAppointmentAt: '2026-11-27T10:00:00.000Z',
        issuedAt: '2026-11-25T10:30:00.000Z',
        issuedBy: { id: 'pdn-specialist-1', name: specialist1.name, role: 'specialist' },
      },
    ]);
    expect(p.timers.get(item.id)).toBe('2026-11-27T10:00:00.000Z');
    expect(p.events.at(-1)?.data).toMatchObject({ previousAppointmentAt: '2026-11-25T10:00:00.000Z', newAppointmentAt: '2026-11-27T10:00:00.000Z', reason: 'Cần xác minh tại nơi cư trú cũ' });
    expect(extended.history.at(-1)).toMatchObject({ action: 'extend', role: 'specialist', actorId: 'pdn-specialist-1', reason: 'Cần xác minh tại nơi cư trú cũ' });

    p.now.value = at('2026-11-27T10:00:00Z');
    await p.run((tx) => overdueTimerFired(tx, p.ctx, item.id));
    expect(p.eventNames().filter((n) => n === 'DossierOverdue')).toHaveLength(2);
  });

  it('when the new appointment is not later than the current one, or already past, then the extension is refused and nothing changes', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    const extend = (newAppointmentAt: string) => () => extendWorkItem(p.run, p.ctx, item.id, { reason: 'Cần xác minh', newAppointmentAt }, specialist1);
    await expectRefused(p, item.id, extend('2026-11-25T09:00:00.000Z'), 'PROCESSING.EXTENSION_NOT_LATER', 422);
    p.now.value = at('2026-11-26T05:00:00Z');
    await expectRefused(p, item.id, extend('2026-11-26T04:00:00.000Z'), 'PROCESSING.EXTENSION_NOT_LATER', 422);
  });
});

describe('officer actions and the lifecycle table', () => {
  it('when a specialist approves, then the item awaits signature with the draft and its timer keeps running; signing then closes it and removes the timer', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    const approved = await approveWorkItem(p.run, p.ctx, item.id, draft, specialist1);
    expect(approved).toMatchObject({ state: 'AWAITING_SIGNATURE', result: draft });
    expect(p.events.at(-1)?.data).toMatchObject({ procedureCode: '1.001193', result: draft, actor: { role: 'specialist', id: 'pdn-specialist-1' } });
    expect(p.timers.has(item.id)).toBe(true);
    await p.run((tx) => documentSigned(tx, p.ctx, signed(item, p.now.value)));
    expect(p.item(item.id).state).toBe('SIGNED');
    expect(p.item(item.id).history.at(-1)).toMatchObject({ action: 'sign', role: 'leader', actorId: 'pdn-leader-1' });
    expect(p.timers.has(item.id)).toBe(false);
  });

  it('when the leader declines to sign, then the item is back in processing with its timer', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    await approveWorkItem(p.run, p.ctx, item.id, draft, specialist1);
    await p.run((tx) => signatureDeclined(tx, p.ctx, declined(item, item.id, p.now.value)));
    expect(p.item(item.id)).toMatchObject({ state: 'IN_PROCESSING' });
    expect(p.item(item.id).history.at(-1)).toMatchObject({ action: 'declineSignature', role: 'leader', reason: 'Sai họ tên' });
    expect(p.timers.get(item.id)).toBe(item.appointmentAt);
  });

  it('when a signature arrives for an item not awaiting one, then the fact is skipped and logged', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    await p.run((tx) => documentSigned(tx, p.ctx, signed(item, p.now.value)));
    expect(p.item(item.id).state).toBe('IN_PROCESSING');
    expect(p.warnings.join()).toMatch(/sign does not apply/);
  });

  it('when the dossier is withdrawn, on the road or in processing, then the item closes and its timer goes', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const onTheRoad = await open(p, 1, { viaSatellite: true });
    const inProcessing = await open(p, 2);
    for (const item of [onTheRoad, inProcessing]) {
      await p.run((tx) => dossierWithdrawn(tx, p.ctx, withdrawn(item, p.now.value)));
      expect(p.item(item.id).state).toBe('WITHDRAWN');
      expect(p.item(item.id).history.at(-1)).toMatchObject({ action: 'withdraw', role: 'reception', reason: 'Công dân rút hồ sơ' });
      expect(p.timers.has(item.id)).toBe(false);
    }
    await expectRefused(p, inProcessing.id, () => rejectWorkItem(p.run, p.ctx, inProcessing.id, 'x', specialist1), 'LIFECYCLE.INVALID_TRANSITION', 409);
  });

  it('when a specialist claims an unassigned item, then it is theirs; an item assigned to someone else is refused; a leader reassigns it', async () => {
    const p = inMemoryProcessing(wednesday0900);
    p.ctx.catalogue = { ...catalogue, officers: catalogue.officers.filter((o) => o.id !== 'pdn-specialist-2') };
    const item = await open(p, 1, { procedureCode: '1.010041' });
    p.ctx.catalogue = catalogue;
    const claimed = await claimWorkItem(p.run, p.ctx, item.id, specialist2);
    expect(claimed.assigneeId).toBe('pdn-specialist-2');
    expect(p.events.at(-1)?.data).toMatchObject({ assigneeId: 'pdn-specialist-2', actor: { role: 'specialist', id: 'pdn-specialist-2' } });
    await expectRefused(p, item.id, () => claimWorkItem(p.run, p.ctx, item.id, specialist1), 'PROCESSING.ALREADY_ASSIGNED', 409);

    const reassigned = await reassignWorkItem(p.run, p.ctx, item.id, { assigneeId: 'pdn-specialist-1', reason: 'Cân đối khối lượng' }, leader);
    expect(reassigned.assigneeId).toBe('pdn-specialist-1');
    expect(reassigned.history.at(-1)).toMatchObject({ action: 'reassign', role: 'leader', actorId: 'pdn-leader-1', reason: 'Cân đối khối lượng' });
    for (const assigneeId of ['pdn-leader-1', 'klg-specialist-1', 'nobody']) {
      await expectRefused(p, item.id, () => reassignWorkItem(p.run, p.ctx, item.id, { assigneeId, reason: 'x' }, leader), 'PROCESSING.INVALID_ASSIGNEE', 422);
    }
  });

  it('when the role may not do the action, or the officer works at another centre, then it is forbidden and nothing changes', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1);
    await expectRefused(p, item.id, () => claimWorkItem(p.run, p.ctx, item.id, leader), 'LIFECYCLE.ROLE_NOT_ALLOWED', 403);
    await expectRefused(p, item.id, () => reassignWorkItem(p.run, p.ctx, item.id, { assigneeId: 'pdn-specialist-2', reason: 'x' }, specialist1), 'LIFECYCLE.ROLE_NOT_ALLOWED', 403);
    await expectRefused(p, item.id, () => approveWorkItem(p.run, p.ctx, item.id, draft, officer('pdn-reception-1')), 'LIFECYCLE.ROLE_NOT_ALLOWED', 403);
    await expectRefused(p, item.id, () => approveWorkItem(p.run, p.ctx, item.id, draft, otherCentreSpecialist), 'AUTH.WRONG_CENTRE', 403);
  });
});

describe('documents of a work item', () => {
  it('the supplement request, refusal and apology letters carry the names from the catalogue and the applicant’s name only', async () => {
    const p = inMemoryProcessing(wednesday0900);
    const item = await open(p, 1, { procedureCode: '1.000656', appointmentAt: '2026-11-30T10:00:00.000Z' });
    expect(() => processingDocument(catalogue, p.item(item.id), 'supplement-request')).toThrow(expect.objectContaining({ code: 'PROCESSING.DOCUMENT_NOT_FOUND', status: 404 }));
    await extendWorkItem(p.run, p.ctx, item.id, { reason: 'Cần xác minh', newAppointmentAt: '2026-12-02T10:00:00.000Z' }, specialist1);
    await requestSupplement(p.run, p.ctx, item.id, { reason: 'Thiếu giấy báo tử', documents: [{ code: 'GBT', name: 'Giấy báo tử' }] }, specialist1);
    await rejectWorkItem(p.run, p.ctx, item.id, 'Không bổ sung', leader);
    const stored = p.item(item.id);
    const common = {
      centreName: 'Trung tâm phục vụ hành chính công phường Phong Điền',
      receptionPointName: 'Quầy tiếp nhận trụ sở phường Phong Điền',
      dossierCode: 'PDN-261125-0001',
      procedure: { code: '1.000656', name: 'Thủ tục đăng ký khai tử' },
      applicant: { fullName: 'Trần Thị Bình' },
    };
    expect(processingDocument(catalogue, stored, 'supplement-request')).toEqual({
      kind: 'supplement-request',
      ...common,
      issuedAt: wednesday0900.toISOString(),
      officer: { name: specialist1.name, role: 'specialist' },
      reason: 'Thiếu giấy báo tử',
      requestedDocuments: [{ name: 'Giấy báo tử' }],
    });
    expect(processingDocument(catalogue, stored, 'refusal')).toMatchObject({ kind: 'refusal', ...common, stage: 'processing', reason: 'Không bổ sung', officer: { role: 'leader' } });
    expect(processingDocument(catalogue, stored, 'apology')).toMatchObject({
      kind: 'apology',
      ...common,
      reason: 'Cần xác minh',
      previousAppointmentAt: '2026-11-30T10:00:00.000Z',
      newAppointmentAt: '2026-12-02T10:00:00.000Z',
      receivedAt: '2026-11-25T02:00:00.000Z',
    });
  });
});
