/**
 * Every intake action of the lifecycle table, tried in every state: where the table
 * forbids it the action is refused (409, or skipped by the courier round) and nothing
 * changes — not the dossier, not its history, no event.
 */
import { applyAction, createEvent, dossierStates, lifecycleTransitions, type DossierState, type EventEnvelope } from '@motcua/contracts';
import { provideSupplement, withdrawDossier } from '../../src/domain/dossier-actions.use-cases';
import { applyFact } from '../../src/domain/intake-facts.use-cases';
import { systemActor } from '../../src/domain/intake.actor';
import { submitDossier } from '../../src/domain/submit-dossier.use-case';
import { confirmArrival, confirmPickup, transferRound } from '../../src/domain/transfer-round.use-cases';
import { birthRegistration, courier, integrator, officer, reception } from '../support/intake-commands';
import { memoryIntake } from '../support/memory-intake';

const NOW = '2026-12-02T09:50:00+07:00';
const ROUND = 'pdn-phong-my:20261202:1030';
const papers = [{ code: 'GCS', name: 'Giấy chứng sinh (bản rõ)' }];

/** A satellite dossier put into `state` (as if the steps before had happened). */
async function dossierIn(state: DossierState) {
  const intake = memoryIntake(new Date(NOW));
  const dossier = await submitDossier(intake.run, intake.ctx, birthRegistration({ receptionPointId: 'pdn-phong-my' }));
  const stored = intake.state.dossiers[0];
  if (!stored) throw new Error('not stored');
  stored.state = state;
  if (state === 'IN_TRANSIT') stored.transferRoundId = ROUND;
  intake.at('2026-12-02T10:31:00+07:00');
  return { intake, dossier, before: () => structuredClone({ dossiers: intake.state.dossiers, events: intake.state.events }) };
}

const refusedStates = (action: keyof typeof lifecycleTransitions) => dossierStates.filter((s) => !(lifecycleTransitions[action].from as readonly string[]).includes(s));

describe('intake transitions refused in a wrong state', () => {
  it.each(refusedStates('withdraw'))('when the dossier is %s, then withdrawing it is refused (409) and changes nothing', async (state) => {
    const { intake, dossier, before } = await dossierIn(state);
    const snapshot = before();
    await expect(withdrawDossier(intake.run, intake.ctx, dossier.id, 'Không cần nữa', integrator)).rejects.toMatchObject({ code: 'LIFECYCLE.INVALID_TRANSITION', status: 409 });
    expect({ dossiers: intake.state.dossiers, events: intake.state.events }).toEqual(snapshot);
  });

  it.each(refusedStates('provideSupplement'))('when the dossier is %s, then handing in a supplement is refused (409) and changes nothing', async (state) => {
    const { intake, dossier, before } = await dossierIn(state);
    const snapshot = before();
    await expect(provideSupplement(intake.run, intake.ctx, dossier.id, papers, reception())).rejects.toMatchObject({ code: 'LIFECYCLE.INVALID_TRANSITION', status: 409 });
    expect({ dossiers: intake.state.dossiers, events: intake.state.events }).toEqual(snapshot);
  });

  it.each(refusedStates('dispatch'))('when a listed dossier is %s by the time the courier comes, then it is not dispatched: skipped on the round, unchanged, no event', async (state) => {
    const { intake, dossier } = await dossierIn('RECEIVED');
    expect((await transferRound(intake.run, intake.reads, intake.ctx, ROUND)).inbound.map((i) => i.dossierId)).toEqual([dossier.id]);
    const stored = intake.state.dossiers[0];
    if (!stored) throw new Error('not stored');
    stored.state = state;
    const snapshot = structuredClone({ dossiers: intake.state.dossiers, events: intake.state.events });
    const round = await confirmPickup(intake.run, intake.ctx, ROUND, {}, courier());
    expect(round.inbound.find((i) => i.dossierId === dossier.id)?.status).toBe('skipped');
    expect({ dossiers: intake.state.dossiers, events: intake.state.events }).toEqual(snapshot);
  });

  it.each(refusedStates('arrive'))('when a carried dossier is %s by the time the courier arrives, then it does not arrive: skipped, unchanged, no event', async (state) => {
    const { intake, dossier } = await dossierIn('RECEIVED');
    await confirmPickup(intake.run, intake.ctx, ROUND, {}, courier());
    const stored = intake.state.dossiers[0];
    if (!stored) throw new Error('not stored');
    stored.state = state;
    const snapshot = structuredClone({ dossiers: intake.state.dossiers, events: intake.state.events });
    const round = await confirmArrival(intake.run, intake.ctx, ROUND, {}, courier());
    expect(round.inbound.find((i) => i.dossierId === dossier.id)?.status).toBe('skipped');
    expect({ dossiers: intake.state.dossiers, events: intake.state.events }).toEqual(snapshot);
  });

  it.each(refusedStates('forward'))('when the dossier is %s, then the system cannot forward it (409)', async (state) => {
    const { dossier } = await dossierIn(state);
    expect(() => applyAction({ ...dossier, state }, 'forward', systemActor, new Date(NOW))).toThrow(expect.objectContaining({ code: 'LIFECYCLE.INVALID_TRANSITION', status: 409 }));
  });

  it.each([
    ['a courier withdraws', (i: Awaited<ReturnType<typeof dossierIn>>) => withdrawDossier(i.intake.run, i.intake.ctx, i.dossier.id, 'x', courier()), 'LIFECYCLE.ROLE_NOT_ALLOWED'],
    ['a specialist hands in a supplement', (i: Awaited<ReturnType<typeof dossierIn>>) => provideSupplement(i.intake.run, i.intake.ctx, i.dossier.id, papers, officer('pdn-specialist-1')), 'LIFECYCLE.ROLE_NOT_ALLOWED'],
    ['an officer of another centre withdraws', (i: Awaited<ReturnType<typeof dossierIn>>) => withdrawDossier(i.intake.run, i.intake.ctx, i.dossier.id, 'x', officer('klg-reception-1')), 'AUTH.WRONG_CENTRE'],
  ])('when %s, then it is refused (403) and changes nothing', async (_what, act, code) => {
    const subject = await dossierIn('SUPPLEMENT_REQUESTED');
    const snapshot = subject.before();
    await expect(act(subject)).rejects.toMatchObject({ code, status: 403 });
    expect({ dossiers: subject.intake.state.dossiers, events: subject.intake.state.events }).toEqual(snapshot);
  });
});

describe('intake actions allowed by the table', () => {
  it('when the citizen withdraws an open dossier, then it is WITHDRAWN with the reason in its history and DossierWithdrawn is emitted', async () => {
    const { intake, dossier } = await dossierIn('IN_PROCESSING');
    const withdrawn = await withdrawDossier(intake.run, intake.ctx, dossier.code, 'Đã làm thủ tục ở nơi khác', integrator);
    expect(withdrawn.state).toBe('WITHDRAWN');
    expect(withdrawn.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'IN_PROCESSING', to: 'WITHDRAWN', role: 'integrator', reason: 'Đã làm thủ tục ở nơi khác' });
    expect(intake.state.events.at(-1)).toMatchObject({ type: 'vn.motcua.intake.DossierWithdrawn.v1', data: { reason: 'Đã làm thủ tục ở nơi khác', actor: { role: 'integrator' } } });
  });

  it('when the supplement asked for is handed in, then the dossier is back IN_PROCESSING and SupplementProvided carries the papers', async () => {
    const { intake, dossier } = await dossierIn('SUPPLEMENT_REQUESTED');
    const supplied = await provideSupplement(intake.run, intake.ctx, dossier.id, papers, reception());
    expect(supplied).toMatchObject({ state: 'IN_PROCESSING', supplements: [{ documents: papers, providedBy: { role: 'reception', id: 'pdn-reception-1' } }] });
    expect(intake.state.events.at(-1)).toMatchObject({ type: 'vn.motcua.intake.SupplementProvided.v1', data: { documents: papers } });
  });
});

describe('facts from other services', () => {
  const fact = (envelope: EventEnvelope, intake: ReturnType<typeof memoryIntake>) => intake.inTx((tx) => applyFact(tx, intake.ctx, envelope));
  const ref = (d: { id: string; code: string }) => ({ dossierId: d.id, dossierCode: d.code, centreId: 'hue-phong-dien' });

  it('when processing asks for a supplement, then intake knows the dossier waits for it (no role check: it is a fact), with a history entry', async () => {
    const { intake, dossier } = await dossierIn('IN_PROCESSING');
    const envelope = createEvent({
      name: 'SupplementRequested',
      data: { ...ref(dossier), actor: { role: 'specialist', id: 'pdn-specialist-1' }, workItemId: 'w-1', reason: 'Giấy chứng sinh bị mờ', requestedDocuments: papers, requestedAt: new Date(NOW).toISOString() },
    });
    expect(await fact(envelope, intake)).toBe('applied');
    const after = await intake.reads.dossier(dossier.id);
    expect(after?.state).toBe('SUPPLEMENT_REQUESTED');
    expect(after?.history.at(-1)).toMatchObject({ action: 'requestSupplement', from: 'IN_PROCESSING', to: 'SUPPLEMENT_REQUESTED', role: 'specialist', actorId: 'pdn-specialist-1', reason: 'Giấy chứng sinh bị mờ' });
  });

  it('when the result was handed over, then the dossier is RETURNED and a later rejection does not move it', async () => {
    const { intake, dossier } = await dossierIn('IN_PROCESSING');
    await fact(createEvent({ name: 'ResultReturned', data: { ...ref(dossier), resultId: 'r-1', kind: 'result', receivedBy: { fullName: 'Trần Thị Bình', idNumberLast4: '2345' }, returnedAt: new Date(NOW).toISOString() } }), intake);
    expect((await intake.reads.dossier(dossier.id))?.state).toBe('RETURNED');
    const late = createEvent({ name: 'DossierRejected', data: { ...ref(dossier), workItemId: 'w-1', reason: 'x', returnChannel: { type: 'counter' }, rejectedAt: new Date(NOW).toISOString() } });
    expect(await fact(late, intake)).toBe('ignored');
    expect((await intake.reads.dossier(dossier.id))?.state).toBe('RETURNED');
  });

  it('when processing rejects the dossier, then it is REJECTED and can still be withdrawn until the letter is returned', async () => {
    const { intake, dossier } = await dossierIn('SUPPLEMENT_REQUESTED');
    await fact(createEvent({ name: 'DossierRejected', data: { ...ref(dossier), workItemId: 'w-1', reason: 'Không thuộc thẩm quyền', returnChannel: { type: 'counter' }, rejectedAt: new Date(NOW).toISOString() } }), intake);
    expect((await intake.reads.dossier(dossier.id))?.state).toBe('REJECTED');
    expect((await withdrawDossier(intake.run, intake.ctx, dossier.id, 'Không nhận lại', integrator)).state).toBe('WITHDRAWN');
  });

  it('when a result is dispatched to the main counter or by post, then nothing waits for a courier', async () => {
    const { intake, dossier } = await dossierIn('IN_PROCESSING');
    const dispatched = (returnChannel: { type: 'counter' | 'postal_point'; receptionPointId?: string; postalPointId?: string }) =>
      createEvent({ name: 'ResultDispatched', data: { ...ref(dossier), resultId: 'r-1', returnChannel, dispatchedAt: new Date(NOW).toISOString() } });
    expect(await fact(dispatched({ type: 'counter', receptionPointId: 'pdn-main' }), intake)).toBe('ignored');
    expect(await fact(dispatched({ type: 'postal_point', postalPointId: 'bd-hue-01' }), intake)).toBe('ignored');
    expect(await fact(dispatched({ type: 'counter', receptionPointId: 'pdn-phong-xuan' }), intake)).toBe('applied');
    expect(await fact(dispatched({ type: 'counter', receptionPointId: 'pdn-phong-xuan' }), intake)).toBe('ignored');
    expect(intake.state.outbound).toHaveLength(1);
  });
});
