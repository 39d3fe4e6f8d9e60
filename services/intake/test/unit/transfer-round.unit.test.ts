import { withdrawDossier } from '../../src/domain/dossier-actions.use-cases';
import { applyFact } from '../../src/domain/intake-facts.use-cases';
import { submitDossier } from '../../src/domain/submit-dossier.use-case';
import { confirmArrival, confirmPickup, roundTimerFired, scheduleRoundTimers, transferRound } from '../../src/domain/transfer-round.use-cases';
import { createEvent } from '@motcua/contracts';
import { birthRegistration, courier, integrator, officer, reception } from '../support/intake-commands';
import { memoryIntake } from '../support/memory-intake';

const DAY = '2026-12-02';
const at = (hhmm: string) => `${DAY}T${hhmm}:00+07:00`;
const ROUND_1030 = 'pdn-phong-my:20261202:1030';
const ROUND_1330 = 'pdn-phong-my:20261202:1330';
const atPhongMy = { receptionPointId: 'pdn-phong-my' };

function resultDispatched(dossier: { id: string; code: string }, resultId: string, receptionPointId: string, dispatchedAt: string) {
  return createEvent({
    name: 'ResultDispatched',
    time: new Date(dispatchedAt),
    data: { dossierId: dossier.id, dossierCode: dossier.code, centreId: 'hue-phong-dien', resultId, returnChannel: { type: 'counter', receptionPointId }, dispatchedAt: new Date(dispatchedAt).toISOString() },
  });
}

async function dayWithDossiers() {
  const intake = memoryIntake(new Date(at('08:00')));
  intake.at(at('09:50'));
  const early = await submitDossier(intake.run, intake.ctx, birthRegistration(atPhongMy));
  intake.at(at('10:00'));
  const onTime = await submitDossier(intake.run, intake.ctx, birthRegistration({ ...atPhongMy, applicant: { fullName: 'Lê Văn Cường', idNumber: '046190099999', phone: '0912000000' } }));
  const elsewhere = await submitDossier(intake.run, intake.ctx, birthRegistration({ receptionPointId: 'pdn-phong-xuan' }));
  const main = await submitDossier(intake.run, intake.ctx, birthRegistration({ applicant: { fullName: 'Phan Thị Mai', idNumber: '046190011111', phone: '0912111111' } }));
  intake.at(at('10:31'));
  const late = await submitDossier(intake.run, intake.ctx, birthRegistration({ ...atPhongMy, applicant: { fullName: 'Ngô Văn Tư', idNumber: '046190022222', phone: '0912222222' } }));
  return { intake, early, onTime, elsewhere, main, late };
}

describe('transfer manifests', () => {
  it('when the round time comes, then the manifest lists the dossiers received at that point before the round and still waiting, and nothing else', async () => {
    const { intake, early, onTime } = await dayWithDossiers();
    await intake.inTx((tx) => roundTimerFired(tx, intake.ctx, 'hue-phong-dien'));
    const round = await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    expect(round).toMatchObject({ id: ROUND_1030, centreId: 'hue-phong-dien', receptionPointId: 'pdn-phong-my', time: '10:30', status: 'produced', producedBy: 'timer' });
    expect(round.inbound.map((i) => i.dossierId)).toEqual([early.id, onTime.id]);
    expect(round.inbound.every((i) => i.status === 'listed')).toBe(true);
    // Phong Xuân has its own manifest for the same round.
    expect((await transferRound(intake.run, intake.reads, intake.ctx, 'pdn-phong-xuan:20261202:1030')).inbound).toHaveLength(1);
    // The timer moved on to the next round.
    expect(intake.state.timers['hue-phong-dien']).toEqual({ date: DAY, time: '13:30', dueAt: new Date(at('13:30')).toISOString() });
  });

  it('when a manifest has been produced, then it is frozen: a dossier received later waits for the next round', async () => {
    const { intake, late } = await dayWithDossiers();
    await intake.inTx((tx) => roundTimerFired(tx, intake.ctx, 'hue-phong-dien'));
    const round = await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    expect(round.inbound.map((i) => i.dossierId)).not.toContain(late.id);
    intake.at(at('13:31'));
    expect((await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1330)).inbound.map((i) => i.dossierId)).toContain(late.id);
  });

  it('when a dossier was withdrawn before the round, then it is not on the manifest', async () => {
    const { intake, early } = await dayWithDossiers();
    await withdrawDossier(intake.run, intake.ctx, early.id, 'Công dân rút hồ sơ', reception());
    const round = await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    expect(round.inbound.map((i) => i.dossierId)).not.toContain(early.id);
    expect(round.producedBy).toBe('on-demand');
  });

  it('when a round is asked for before its time, then it is not produced', async () => {
    const { intake } = await dayWithDossiers();
    await expect(transferRound(intake.run, intake.reads, intake.ctx, ROUND_1330)).rejects.toMatchObject({ code: 'INTAKE.TRANSFER_ROUND_NOT_FOUND', status: 404 });
    await expect(confirmPickup(intake.run, intake.ctx, ROUND_1330, {}, courier())).rejects.toMatchObject({ code: 'INTAKE.TRANSFER_ROUND_NOT_DUE', status: 409 });
    expect(intake.state.rounds).toHaveLength(0);
  });

  it.each([
    ['not a round id', 'pdn-phong-my-1030'],
    ['the main counter', 'pdn-main:20261202:1030'],
    ['a time that is not a round', 'pdn-phong-my:20261202:1100'],
    ['a holiday', 'pdn-phong-my:20260430:1030'],
    ['an unknown point', 'nowhere:20261202:1030'],
  ])('when the id names %s, then there is no such round', async (_what, id) => {
    const { intake } = await dayWithDossiers();
    await expect(transferRound(intake.run, intake.reads, intake.ctx, id)).rejects.toMatchObject({ code: 'INTAKE.TRANSFER_ROUND_NOT_FOUND' });
  });

  it('when results wait for a satellite point, then the next manifest carries them out, and only those dispatched before the round', async () => {
    const { intake, main, elsewhere } = await dayWithDossiers();
    await intake.inTx((tx) => applyFact(tx, intake.ctx, resultDispatched(main, 'result-1', 'pdn-phong-my', at('10:10'))));
    await intake.inTx((tx) => applyFact(tx, intake.ctx, resultDispatched(elsewhere, 'result-2', 'pdn-phong-my', at('10:35'))));
    await intake.inTx((tx) => applyFact(tx, intake.ctx, resultDispatched(main, 'result-3', 'pdn-main', at('10:10'))));
    const round = await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    expect(round.outbound).toEqual([{ resultId: 'result-1', dossierId: main.id, dossierCode: main.code, dispatchedAt: new Date(at('10:10')).toISOString(), status: 'listed' }]);
    expect(intake.state.outbound.map((o) => o.id)).toEqual(['result-1', 'result-2']);
  });
});

describe('courier confirmations', () => {
  it('when the courier picks the round up, then each dossier is dispatched (DossierInTransit with the round) and each result handed over (ResultTransferred)', async () => {
    const { intake, early, onTime, main } = await dayWithDossiers();
    await intake.inTx((tx) => applyFact(tx, intake.ctx, resultDispatched(main, 'result-1', 'pdn-phong-my', at('10:10'))));
    const before = intake.state.events.length;
    const round = await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());

    expect(round.status).toBe('picked-up');
    expect(round.pickup).toEqual({ at: new Date(at('10:31')).toISOString(), officerId: 'pdn-courier-1' });
    expect(round.inbound.map((i) => i.status)).toEqual(['in-transit', 'in-transit']);
    expect(round.outbound.map((o) => o.status)).toEqual(['transferred']);
    const events = intake.state.events.slice(before);
    expect(events.map((e) => [e.type.split('.')[3], e.subject])).toEqual([
      ['DossierInTransit', early.id],
      ['DossierInTransit', onTime.id],
      ['ResultTransferred', main.id],
    ]);
    expect(events[0]?.data).toMatchObject({ roundId: ROUND_1030, receptionPointId: 'pdn-phong-my', actor: { role: 'courier', id: 'pdn-courier-1' } });
    expect(events[2]?.data).toMatchObject({ resultId: 'result-1', roundId: ROUND_1030, receptionPointId: 'pdn-phong-my', arrivedAt: new Date(at('10:31')).toISOString() });
    const carried = await intake.reads.dossier(early.id);
    expect(carried).toMatchObject({ state: 'IN_TRANSIT', transferRoundId: ROUND_1030 });
    expect(carried?.history.at(-1)).toMatchObject({ action: 'dispatch', from: 'RECEIVED', to: 'IN_TRANSIT', role: 'courier', actorId: 'pdn-courier-1' });
  });

  it('when the pickup is confirmed twice, then the second confirmation changes nothing', async () => {
    const { intake } = await dayWithDossiers();
    const first = await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());
    const events = intake.state.events.length;
    const second = await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());
    expect(second).toEqual(first);
    expect(intake.state.events).toHaveLength(events);
  });

  it('when the courier takes only some dossiers, then the rest are left behind and go on the next round', async () => {
    const { intake, early, onTime } = await dayWithDossiers();
    const round = await confirmPickup(intake.run, intake.ctx, ROUND_1030, { dossierIds: [onTime.id] }, courier());
    expect(round.inbound.map((i) => [i.dossierId, i.status])).toEqual([
      [early.id, 'left-behind'],
      [onTime.id, 'in-transit'],
    ]);
    expect((await intake.reads.dossier(early.id))?.state).toBe('RECEIVED');
    intake.at(at('13:31'));
    expect((await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1330)).inbound.map((i) => i.dossierId)).toContain(early.id);
  });

  it('when the courier names a dossier not on the round, then nothing is confirmed', async () => {
    const { intake, main } = await dayWithDossiers();
    await expect(confirmPickup(intake.run, intake.ctx, ROUND_1030, { dossierIds: [main.id] }, courier())).rejects.toMatchObject({ code: 'INTAKE.NOT_ON_ROUND', status: 422 });
    expect(intake.state.rounds).toHaveLength(0);
  });

  it('when the round arrives at the main centre, then its dossiers enter processing (DossierArrived), once', async () => {
    const { intake, early, onTime } = await dayWithDossiers();
    await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());
    intake.at(at('11:10'));
    const before = intake.state.events.length;
    const round = await confirmArrival(intake.run, intake.ctx, ROUND_1030, {}, reception());
    expect(round).toMatchObject({ status: 'arrived', arrival: { at: new Date(at('11:10')).toISOString(), officerId: 'pdn-reception-1' } });
    expect(intake.state.events.slice(before).map((e) => [e.type.split('.')[3], e.subject])).toEqual([
      ['DossierArrived', early.id],
      ['DossierArrived', onTime.id],
    ]);
    expect((await intake.reads.dossier(early.id))?.state).toBe('IN_PROCESSING');

    const again = await confirmArrival(intake.run, intake.ctx, ROUND_1030, {}, courier());
    expect(again).toEqual(round);
    expect(intake.state.events).toHaveLength(before + 2);
  });

  it('when only some carried dossiers are confirmed at arrival, then the others stay in transit on the round until confirmed', async () => {
    const { intake, early, onTime } = await dayWithDossiers();
    await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());
    const partly = await confirmArrival(intake.run, intake.ctx, ROUND_1030, { dossierIds: [early.id] }, courier());
    expect(partly.status).toBe('picked-up');
    expect((await intake.reads.dossier(onTime.id))?.state).toBe('IN_TRANSIT');
    const rest = await confirmArrival(intake.run, intake.ctx, ROUND_1030, {}, courier());
    expect(rest.status).toBe('arrived');
    expect(rest.inbound.map((i) => i.status)).toEqual(['arrived', 'arrived']);
  });

  it('when arrival is confirmed before the pickup, then it is refused and nothing changes', async () => {
    const { intake } = await dayWithDossiers();
    await expect(confirmArrival(intake.run, intake.ctx, ROUND_1030, {}, courier())).rejects.toMatchObject({ code: 'INTAKE.TRANSFER_ROUND_NOT_PICKED_UP', status: 409 });
    await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    const events = intake.state.events.length;
    await expect(confirmArrival(intake.run, intake.ctx, ROUND_1030, {}, courier())).rejects.toMatchObject({ code: 'INTAKE.TRANSFER_ROUND_NOT_PICKED_UP' });
    expect(intake.state.events).toHaveLength(events);
  });

  it.each([
    ['a reception officer picks up', () => confirmPickup, reception(), 'LIFECYCLE.ROLE_NOT_ALLOWED', 403],
    ['a specialist confirms arrival', () => confirmArrival, officer('pdn-specialist-1'), 'LIFECYCLE.ROLE_NOT_ALLOWED', 403],
    ['the portal picks up', () => confirmPickup, integrator, 'LIFECYCLE.ROLE_NOT_ALLOWED', 403],
    ['a courier of another centre picks up', () => confirmPickup, officer('hcu-courier-1'), 'AUTH.WRONG_CENTRE', 403],
  ])('when %s, then it is refused and nothing changes', async (_what, step, actor, code, status) => {
    const { intake } = await dayWithDossiers();
    const snapshot = structuredClone(intake.state);
    await expect(step()(intake.run, intake.ctx, ROUND_1030, {}, actor)).rejects.toMatchObject({ code, status });
    expect(intake.state).toEqual(snapshot);
  });

  it('when a listed dossier was withdrawn before the courier came, then it is skipped, not carried', async () => {
    const { intake, early } = await dayWithDossiers();
    await transferRound(intake.run, intake.reads, intake.ctx, ROUND_1030);
    await withdrawDossier(intake.run, intake.ctx, early.id, 'Công dân rút hồ sơ', integrator);
    const events = intake.state.events.length;
    const round = await confirmPickup(intake.run, intake.ctx, ROUND_1030, {}, courier());
    expect(round.inbound.find((i) => i.dossierId === early.id)?.status).toBe('skipped');
    expect(intake.state.events.slice(events).map((e) => e.subject)).not.toContain(early.id);
    expect((await intake.reads.dossier(early.id))?.state).toBe('WITHDRAWN');
  });
});

describe('round timers', () => {
  it('when the service starts, then every centre with satellite points gets a timer at its next round, once', async () => {
    const intake = memoryIntake(new Date(at('09:00')));
    const scheduled = await scheduleRoundTimers(intake.run, intake.ctx);
    const withRounds = intake.ctx.catalogue.centres.filter((c) => c.receptionPoints.some((p) => p.kind === 'satellite') && c.transferRounds.length > 0);
    expect(scheduled).toBe(withRounds.length);
    expect(intake.state.timers['hue-phong-dien']).toEqual({ date: DAY, time: '10:30', dueAt: new Date(at('10:30')).toISOString() });
    expect(intake.state.timers['hue-kim-long']).toBeUndefined();
    intake.at(at('11:00'));
    expect(await scheduleRoundTimers(intake.run, intake.ctx)).toBe(0);
    expect(intake.state.timers['hue-phong-dien']?.time).toBe('10:30');
  });

  it('when the timer fires late after downtime, then only the latest due round is produced and the timer moves to the next one', async () => {
    const { intake, late } = await dayWithDossiers();
    intake.at(at('14:00'));
    await intake.inTx((tx) => roundTimerFired(tx, intake.ctx, 'hue-phong-dien'));
    expect(intake.state.rounds.map((r) => r.id).sort()).toEqual(['pdn-phong-my:20261202:1330', 'pdn-phong-xuan:20261202:1330']);
    expect(intake.state.rounds.find((r) => r.id === ROUND_1330)?.inbound.map((i) => i.dossierId)).toContain(late.id);
    expect(intake.state.timers['hue-phong-dien']?.time).toBe('15:30');
  });
});
