/**
 * The projection over the whole lifecycle: flags, appointment, assignee, reasons and
 * documents on the timeline, and the same view whatever order the events arrive in.
 */
import { createEvent, type EventEnvelope } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import { project, type DossierView } from '../../src/domain/dossier-view.entity';

const base = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
const work = { ...base, workItemId: 'w-1' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));
const iso = (minute: number) => t(minute).toISOString();
const counter = { type: 'counter' as const };

const received = dossierReceived({ ...base, receivedAt: iso(0), appointmentAt: iso(360) }, { time: t(0) });
const duplicate = createEvent({ name: 'PotentialDuplicateFlagged', time: t(0), data: { ...base, duplicateOf: [{ dossierId: 'd-0', dossierCode: 'PDN-261124-0007' }], windowHours: 72, flaggedAt: iso(0) } });
const assigned = (minute: number, assigneeId?: string) =>
  createEvent({ name: 'DossierAssigned', time: t(minute), data: { ...work, ...(assigneeId ? { assigneeId } : {}), assignedAt: iso(minute) } });
const supplementRequested = createEvent({
  name: 'SupplementRequested',
  time: t(10),
  data: { ...work, reason: 'Giấy chứng sinh bị mờ', requestedDocuments: [{ code: 'GCS', name: 'Giấy chứng sinh' }], requestedAt: iso(10) },
});
const supplementProvided = createEvent({ name: 'SupplementProvided', time: t(20), data: { ...base, documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }], providedAt: iso(20) } });
const resumed = createEvent({ name: 'ProcessingResumed', time: t(21), data: { ...work, clockRule: 'restart', appointmentAt: iso(600), resumedAt: iso(21) } });
const overdue = createEvent({ name: 'DossierOverdue', time: t(600), data: { ...work, appointmentAt: iso(600), detectedAt: iso(600) } });
const extended = createEvent({ name: 'DossierExtended', time: t(610), data: { ...work, previousAppointmentAt: iso(600), newAppointmentAt: iso(2000), reason: 'Cần xác minh tại nơi cư trú cũ' } });
const drafted = createEvent({ name: 'ResultDrafted', time: t(620), data: { ...work, procedureCode: '1.001193', result: { title: 'T', body: 'B' }, returnChannel: counter, draftedAt: iso(620) } });
const signed = createEvent({
  name: 'DocumentSigned',
  time: t(630),
  data: { ...base, signatureRequestId: 's-1', documentId: 'doc-1', documentSha256: 'a'.repeat(64), signatureKind: 'sha256-digest-record', signer: { id: 'pdn-leader-1' }, returnChannel: counter, signedAt: iso(630) },
});
const dispatched = createEvent({ name: 'ResultDispatched', time: t(631), data: { ...base, resultId: 'r-1', returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-my' }, dispatchedAt: iso(631) } });
const transferred = createEvent({ name: 'ResultTransferred', time: t(700), data: { ...base, resultId: 'r-1', receptionPointId: 'pdn-phong-my', roundId: 'round-1', arrivedAt: iso(700) } });
const ready = createEvent({ name: 'ResultReady', time: t(701), data: { ...base, resultId: 'r-1', kind: 'result', returnChannel: counter, documentId: 'doc-1', readyAt: iso(701) } });
const returned = createEvent({ name: 'ResultReturned', time: t(800), data: { ...base, resultId: 'r-1', kind: 'result', receivedBy: { fullName: 'Trần Thị Bình', idNumberLast4: '2345' }, returnedAt: iso(800) } });

function fold(list: EventEnvelope[]): DossierView {
  return list.reduce<DossierView | undefined>((view, e) => project(view, e, undefined), undefined) as DossierView;
}

/** A deterministic shuffle (seeded LCG), so a failing order can be replayed. */
function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const entry = (view: DossierView, name: string) => view.timeline.find((e) => e.name === name);

describe('tracking projection over the dossier lifecycle', () => {
  it('when a dossier is received, then the view keeps the procedure, point and applicant name only, and the step links to the receipt', () => {
    const view = fold([received]);
    expect(view).toMatchObject({ procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh', receptionPointId: 'pdn-main', applicantName: 'Trần Thị Bình', status: 'RECEIVED' });
    expect(entry(view, 'DossierReceived')?.document).toEqual({ kind: 'receipt', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', service: 'intake', path: '/v1/dossiers/d-1/receipt' });
    // The id number and phone number stay with intake.
    expect(JSON.stringify(view)).not.toMatch(/046190012345|0912345678/);
  });

  it('when a dossier is flagged as a potential duplicate, then the flag is set and the status does not move', () => {
    const view = fold([received, duplicate]);
    expect(view.flags).toEqual({ overdue: false, extended: false, potentialDuplicate: true });
    expect(view.status).toBe('RECEIVED');
  });

  it('when assigned and reassigned, then the view names the current owner; back in the queue, none', () => {
    expect(fold([received, assigned(1, 'pdn-specialist-1')])).toMatchObject({ status: 'IN_PROCESSING', assigneeId: 'pdn-specialist-1' });
    expect(fold([received, assigned(1, 'pdn-specialist-1'), assigned(2, 'pdn-specialist-2')]).assigneeId).toBe('pdn-specialist-2');
    expect(fold([received, assigned(1, 'pdn-specialist-1'), assigned(2)]).assigneeId).toBeUndefined();
  });

  it('when a supplement is requested, then the status is SUPPLEMENT_REQUESTED and the step gives the reason and links to form 02', () => {
    const view = fold([received, assigned(1, 'pdn-specialist-1'), supplementRequested]);
    expect(view.status).toBe('SUPPLEMENT_REQUESTED');
    expect(entry(view, 'SupplementRequested')).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      reason: 'Giấy chứng sinh bị mờ',
      document: { kind: 'supplement-request', service: 'processing', path: '/v1/work-items/w-1/documents/supplement-request', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
    });
  });

  it('when the dossier is reassigned while the supplement is awaited, then it stays SUPPLEMENT_REQUESTED with the new owner', () => {
    const view = fold([received, assigned(1, 'pdn-specialist-1'), supplementRequested, assigned(15, 'pdn-specialist-2')]);
    expect(view).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', assigneeId: 'pdn-specialist-2' });
    expect(view.timeline.at(-1)?.status).toBeUndefined();
  });

  it('when processing resumes after the supplement, then the dossier is IN_PROCESSING again with the new appointment', () => {
    const view = fold([received, assigned(1, 'pdn-specialist-1'), supplementRequested, supplementProvided, resumed]);
    expect(view).toMatchObject({ status: 'IN_PROCESSING', appointmentAt: iso(600) });
    expect(entry(view, 'ProcessingResumed')).toMatchObject({ status: 'IN_PROCESSING', appointmentAt: iso(600) });
  });

  it('when overdue and then extended, then overdue is cleared, extended is set, the appointment moves and the step links to the apology', () => {
    const overdueView = fold([received, assigned(1), overdue]);
    expect(overdueView.flags).toMatchObject({ overdue: true, extended: false });
    const view = fold([received, assigned(1), overdue, extended]);
    expect(view.flags).toEqual({ overdue: false, extended: true, potentialDuplicate: false });
    expect(view.appointmentAt).toBe(iso(2000));
    expect(view.status).toBe('IN_PROCESSING');
    expect(entry(view, 'DossierExtended')).toMatchObject({ reason: 'Cần xác minh tại nơi cư trú cũ', document: { kind: 'apology', service: 'processing', path: '/v1/work-items/w-1/documents/apology' } });
  });

  it('when an overdue dossier waits for a supplement and resumes with a new appointment, then it is not overdue until that one passes', () => {
    const lateSupplement = createEvent({ name: 'SupplementRequested', time: t(605), data: { ...work, reason: 'Thiếu giấy tờ', requestedDocuments: [], requestedAt: iso(605) } });
    const lateResume = createEvent({ name: 'ProcessingResumed', time: t(640), data: { ...work, clockRule: 'resume', appointmentAt: iso(900), resumedAt: iso(640) } });
    expect(fold([received, assigned(1), overdue, lateSupplement]).flags.overdue).toBe(true);
    expect(fold([received, assigned(1), overdue, lateSupplement, lateResume])).toMatchObject({ appointmentAt: iso(900), flags: { overdue: false, extended: false } });
  });

  it('when the extension arrives before the overdue flag it followed, then the dossier is still not overdue', () => {
    expect(fold([extended, received, overdue, assigned(1)]).flags).toEqual({ overdue: false, extended: true, potentialDuplicate: false });
  });

  it('when a result is signed, dispatched to a satellite point and transferred there, then those are steps; only ResultReady makes it RESULT_READY', () => {
    const upToTransfer = fold([received, assigned(1), drafted, signed, dispatched, transferred]);
    expect(upToTransfer.status).toBe('SIGNED');
    expect(entry(upToTransfer, 'DocumentSigned')?.document).toEqual({ kind: 'result', title: expect.any(String), service: 'signing', path: '/v1/documents/doc-1' });
    expect(entry(upToTransfer, 'ResultDispatched')?.status).toBeUndefined();
    expect(entry(upToTransfer, 'ResultTransferred')?.status).toBeUndefined();
    expect(fold([received, assigned(1), drafted, signed, dispatched, transferred, ready]).status).toBe('RESULT_READY');
  });

  it('when a dossier is rejected, then it is REJECTED with the reason and form 03, stays so when the letter is ready, and is RETURNED when handed over', () => {
    const rejected = createEvent({ name: 'DossierRejected', time: t(30), data: { ...work, reason: 'Không thuộc thẩm quyền', returnChannel: counter, rejectedAt: iso(30) } });
    const letterReady = createEvent({ name: 'ResultReady', time: t(31), data: { ...base, resultId: 'r-2', kind: 'rejection', returnChannel: counter, readyAt: iso(31) } });
    const letterReturned = createEvent({ name: 'ResultReturned', time: t(40), data: { ...base, resultId: 'r-2', kind: 'rejection', receivedBy: { fullName: 'Trần Thị Bình', idNumberLast4: '2345' }, returnedAt: iso(40) } });
    const view = fold([received, assigned(1), rejected, letterReady]);
    expect(view.status).toBe('REJECTED');
    expect(entry(view, 'DossierRejected')).toMatchObject({ reason: 'Không thuộc thẩm quyền', document: { kind: 'refusal', path: '/v1/work-items/w-1/documents/refusal' } });
    expect(fold([letterReturned, letterReady, rejected, received, assigned(1)]).status).toBe('RETURNED');
  });

  it('when a dossier is withdrawn, then the step gives the reason and a step stamped later does not reopen it', () => {
    const withdrawn = createEvent({ name: 'DossierWithdrawn', time: t(5), data: { ...base, reason: 'Công dân không còn nhu cầu', withdrawnAt: iso(5) } });
    const view = fold([received, assigned(1), withdrawn, assigned(6, 'pdn-specialist-2')]);
    expect(view.status).toBe('WITHDRAWN');
    expect(entry(view, 'DossierWithdrawn')?.reason).toBe('Công dân không còn nhu cầu');
  });

  it('when the events of a whole lifecycle arrive in any order, then the view is the same', () => {
    const lifecycle = [received, duplicate, assigned(1, 'pdn-specialist-1'), supplementRequested, assigned(15, 'pdn-specialist-2'), supplementProvided, resumed, overdue, extended, drafted, signed, dispatched, transferred, ready, returned];
    const inOrder = fold(lifecycle);
    expect(inOrder).toMatchObject({ status: 'RETURNED', assigneeId: 'pdn-specialist-2', appointmentAt: iso(2000), flags: { overdue: false, extended: true, potentialDuplicate: true } });
    for (let seed = 1; seed <= 40; seed += 1) expect(fold(shuffled(lifecycle, seed))).toEqual(inOrder);
  });

  it('when a view projected before steps carried appointments gets a new event, then it keeps its appointment and gains the new flag', () => {
    const legacy = fold([received]);
    const { appointmentAt: _a, ...legacyStep } = legacy.timeline[0] as DossierView['timeline'][number];
    const stored = { ...legacy, flags: { overdue: false, extended: false }, timeline: [legacyStep] } as unknown as DossierView;
    const next = project(stored, assigned(1, 'pdn-specialist-1'), undefined) as DossierView;
    expect(next.appointmentAt).toBe(iso(360));
    expect(next.flags.potentialDuplicate).toBe(false);
  });
});
