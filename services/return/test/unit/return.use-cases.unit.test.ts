/**
 * Return's use cases on an in-memory transaction: routing a signed result or a
 * rejection by its channel, the transfer round to a satellite point, and the
 * handover rules — each refusal changes nothing and emits nothing.
 */
import { findOfficer, type Officer } from '@motcua/catalogue';
import { allowedFrom, dossierStates, type DossierState, type ReturnChannel } from '@motcua/contracts';
import { handOverAtCounter, issueDownloadLink } from '../../src/domain/handover.use-cases';
import { prepareResult, rememberApplicant, resultTransferred } from '../../src/domain/result-facts.use-cases';
import type { Result } from '../../src/domain/result.entity';
import { catalogue, eventNames, inMemoryReturn, type InMemoryReturn } from '../support/in-memory-return';
import { applicant, dossier, received, rejected, signed, transferred } from '../support/return-events.fixture';

const officer = (id: string): Officer => findOfficer(catalogue, id) as Officer;
const reception = officer('pdn-reception-1');
const at = new Date('2026-11-25T08:00:00.000Z');
const theApplicant = { receivedBy: { fullName: applicant.fullName, idNumber: applicant.idNumber } };

async function withResult(memory: InMemoryReturn, n: number, channel: ReturnChannel, kind: 'result' | 'rejection' = 'result'): Promise<Result> {
  const ref = dossier(n);
  await rememberApplicant(memory.tx, received(ref, channel));
  await prepareResult(memory.tx, memory.ctx, kind === 'result' ? { event: signed(ref, channel, at), kind } : { event: rejected(ref, channel, at), kind });
  return [...memory.results.values()].find((r) => r.dossierId === ref.dossierId) as Result;
}

/** What a refused call must leave behind: the same stored result and no event. */
async function expectRefused(memory: InMemoryReturn, result: Result, attempt: Promise<unknown>, status: number, code: string): Promise<void> {
  const before = structuredClone(memory.results.get(result.id));
  const events = memory.events.length;
  await expect(attempt).rejects.toMatchObject({ status, code });
  expect(memory.results.get(result.id)).toEqual(before);
  expect(memory.events).toHaveLength(events);
}

describe('routing results', () => {
  it('when a result to collect at the main counter is signed, then it is marked ready at once through the lifecycle table', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 1, { type: 'counter' });
    expect(result).toMatchObject({ state: 'RESULT_READY', status: 'READY', receptionPointId: 'pdn-main', readyAt: at.toISOString(), documentId: 'a'.repeat(64) });
    expect(result.history).toEqual([{ action: 'markReady', from: 'SIGNED', to: 'RESULT_READY', at: at.toISOString(), role: 'system', centreId: 'hue-phong-dien' }]);
    expect(eventNames(memory.events)).toEqual(['ResultReady']);
    expect(memory.events[0]?.data).toMatchObject({ resultId: result.id, kind: 'result', returnChannel: { type: 'counter' }, readyAt: at.toISOString() });
  });

  it('when a result to collect at a satellite point is signed, then it is dispatched and stays SIGNED until intake reports it arrived there', async () => {
    const memory = inMemoryReturn();
    const channel: ReturnChannel = { type: 'counter', receptionPointId: 'pdn-phong-my' };
    const result = await withResult(memory, 2, channel);
    expect(result).toMatchObject({ state: 'SIGNED', status: 'AWAITING_TRANSFER', receptionPointId: 'pdn-phong-my', dispatchedAt: at.toISOString(), history: [] });
    expect(eventNames(memory.events)).toEqual(['ResultDispatched']);
    expect(memory.events[0]?.data).toMatchObject({ resultId: result.id, returnChannel: channel, dispatchedAt: at.toISOString() });

    const arrival = new Date('2026-11-25T08:45:00.000Z');
    memory.setNow(new Date('2026-11-25T08:45:01.000Z'));
    await resultTransferred(memory.tx, memory.ctx, transferred(dossier(2), result.id, 'pdn-phong-my', arrival));
    expect(memory.results.get(result.id)).toMatchObject({ state: 'RESULT_READY', status: 'READY', transferredAt: arrival.toISOString(), transferRoundId: 'pdn-phong-my:20261125:1530' });
    expect(eventNames(memory.events)).toEqual(['ResultDispatched', 'ResultReady']);

    // Reported twice (a courier double-tap, a replay): nothing more happens.
    await resultTransferred(memory.tx, memory.ctx, transferred(dossier(2), result.id, 'pdn-phong-my', arrival));
    expect(eventNames(memory.events)).toEqual(['ResultDispatched', 'ResultReady']);
  });

  it('when intake reports a result arriving at another point than it was sent to, then the event is refused as permanent and nothing changes', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 3, { type: 'counter', receptionPointId: 'pdn-phong-my' });
    await expectRefused(memory, result, resultTransferred(memory.tx, memory.ctx, transferred(dossier(3), result.id, 'pdn-phong-xuan', at)), 422, 'RETURN.TRANSFER_MISMATCH');
    await expect(resultTransferred(memory.tx, memory.ctx, transferred(dossier(3), 'no-such-result', 'pdn-phong-my', at))).rejects.toMatchObject({ retryable: false, code: 'RETURN.RESULT_NOT_FOUND' });
  });

  it('when a dossier is rejected, then its letter goes the same way but stays REJECTED: ready at once at the main counter, after the round at a satellite point', async () => {
    const memory = inMemoryReturn();
    const main = await withResult(memory, 4, { type: 'counter' }, 'rejection');
    expect(main).toMatchObject({ kind: 'rejection', state: 'REJECTED', status: 'READY', history: [] });
    expect(main.documentId).toBeUndefined();
    const satellite = await withResult(memory, 5, { type: 'counter', receptionPointId: 'pdn-phong-xuan' }, 'rejection');
    expect(satellite).toMatchObject({ kind: 'rejection', state: 'REJECTED', status: 'AWAITING_TRANSFER' });
    await resultTransferred(memory.tx, memory.ctx, transferred(dossier(5), satellite.id, 'pdn-phong-xuan', at));
    expect(memory.results.get(satellite.id)).toMatchObject({ state: 'REJECTED', status: 'READY' });
    expect(eventNames(memory.events)).toEqual(['ResultReady', 'ResultDispatched', 'ResultReady']);
    expect(memory.events.filter((e) => e.type.endsWith('ResultReady.v1')).map((e) => (e.data as { kind: string }).kind)).toEqual(['rejection', 'rejection']);
  });

  it('when the same dossier’s outcome comes again, then there is still one result and one event', async () => {
    const memory = inMemoryReturn();
    await withResult(memory, 6, { type: 'counter' });
    await prepareResult(memory.tx, memory.ctx, { event: signed(dossier(6), { type: 'counter' }, at), kind: 'result' });
    expect(memory.results.size).toBe(1);
    expect(eventNames(memory.events)).toEqual(['ResultReady']);
  });

  it('the applicant is kept as name, salted hash and last four digits, never the id number', async () => {
    const memory = inMemoryReturn();
    await rememberApplicant(memory.tx, received(dossier(7), { type: 'counter' }));
    const kept = memory.applicants.get('d-7');
    expect(kept).toMatchObject({ fullName: applicant.fullName, idNumberLast4: '2345', idNumberSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(kept)).not.toContain(applicant.idNumber);
  });
});

describe('handing results over at the counter', () => {
  it('when the applicant shows their id number, then the result is RETURNED with who received it and ResultReturned carries only the last four digits', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 10, { type: 'counter' });
    const returned = await handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, reception);
    expect(returned).toMatchObject({ state: 'RETURNED', status: 'RETURNED', returnedAt: at.toISOString(), receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345', as: 'applicant' } });
    expect(returned.history.at(-1)).toMatchObject({ action: 'handOver', from: 'RESULT_READY', to: 'RETURNED', role: 'reception', actorId: 'pdn-reception-1' });
    expect(eventNames(memory.events)).toEqual(['ResultReady', 'ResultReturned']);
    expect(memory.events[1]?.data).toEqual({
      dossierId: 'd-10',
      dossierCode: 'PDN-261125-0010',
      centreId: 'hue-phong-dien',
      actor: { role: 'reception', id: 'pdn-reception-1' },
      resultId: result.id,
      kind: 'result',
      receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345' },
      returnedAt: at.toISOString(),
    });
  });

  it('when someone else collects with an authorisation, then it is handed over and the authorisation recorded in the result and its history', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 11, { type: 'counter' });
    const returned = await handOverAtCounter(
      memory.run,
      memory.ctx,
      result.id,
      { receivedBy: { fullName: 'Lê Văn Cường', idNumber: '046090099999' }, authorisation: { documentNumber: 'UQ-15/2026' } },
      reception,
    );
    expect(returned.receivedBy).toEqual({ fullName: 'Lê Văn Cường', idNumberLast4: '9999', as: 'authorised', authorisation: { documentNumber: 'UQ-15/2026' } });
    expect(returned.history.at(-1)?.reason).toBe('Nhận thay theo giấy ủy quyền số UQ-15/2026');
  });

  it('when a rejection letter is collected, then REJECTED moves to RETURNED', async () => {
    const memory = inMemoryReturn();
    const letter = await withResult(memory, 12, { type: 'counter' }, 'rejection');
    const returned = await handOverAtCounter(memory.run, memory.ctx, letter.id, theApplicant, reception);
    expect(returned.history).toEqual([expect.objectContaining({ action: 'handOver', from: 'REJECTED', to: 'RETURNED' })]);
  });

  it('when the handover is refused — another person without authorisation, another centre, another role, a postal or electronic result, a result still on its way — then nothing changes', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 13, { type: 'counter' });
    const stranger = { receivedBy: { fullName: applicant.fullName, idNumber: '046090099999' } };
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, result.id, stranger, reception), 422, 'RETURN.RECIPIENT_MISMATCH');
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, officer('klg-reception-1')), 403, 'AUTH.WRONG_CENTRE');
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, officer('pdn-specialist-1')), 403, 'LIFECYCLE.ROLE_NOT_ALLOWED');
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, 'no-such-result', theApplicant, reception), 404, 'RETURN.RESULT_NOT_FOUND');

    const postal = await withResult(memory, 14, { type: 'postal_point', postalPointId: 'bc-530000' });
    await expectRefused(memory, postal, handOverAtCounter(memory.run, memory.ctx, postal.id, theApplicant, reception), 409, 'RETURN.WRONG_CHANNEL');
    const home = await withResult(memory, 15, { type: 'postal_home', address: '12 Lê Lợi, Huế' });
    await expectRefused(memory, home, handOverAtCounter(memory.run, memory.ctx, home.id, theApplicant, reception), 409, 'RETURN.WRONG_CHANNEL');
    const electronic = await withResult(memory, 16, { type: 'electronic' });
    await expectRefused(memory, electronic, handOverAtCounter(memory.run, memory.ctx, electronic.id, theApplicant, reception), 409, 'RETURN.WRONG_CHANNEL');

    const travelling = await withResult(memory, 17, { type: 'counter', receptionPointId: 'pdn-phong-my' });
    await expectRefused(memory, travelling, handOverAtCounter(memory.run, memory.ctx, travelling.id, theApplicant, reception), 409, 'RETURN.AWAITING_TRANSFER');
    const travellingLetter = await withResult(memory, 18, { type: 'counter', receptionPointId: 'pdn-phong-my' }, 'rejection');
    await expectRefused(memory, travellingLetter, handOverAtCounter(memory.run, memory.ctx, travellingLetter.id, theApplicant, reception), 409, 'RETURN.AWAITING_TRANSFER');
  });

  const refusedStates = dossierStates.filter((state) => !allowedFrom('handOver').includes(state));

  it.each(refusedStates)('when a result in state %s is handed over, then the table refuses it with 409 and nothing changes', async (state: DossierState) => {
    const memory = inMemoryReturn();
    const ready = await withResult(memory, 20, { type: 'counter' });
    const result: Result = { ...ready, state };
    memory.results.set(result.id, result);
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, reception), 409, 'LIFECYCLE.INVALID_TRANSITION');
  });

  it('when a result is handed over twice, then the second is refused by the table', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 21, { type: 'counter' });
    const returned = await handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, reception);
    await expectRefused(memory, returned, handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, reception), 409, 'LIFECYCLE.INVALID_TRANSITION');
  });

  it('when the dossier’s receipt has not reached return yet, then the handover asks to try again and changes nothing', async () => {
    const memory = inMemoryReturn();
    await prepareResult(memory.tx, memory.ctx, { event: signed(dossier(22), { type: 'counter' }, at), kind: 'result' });
    const result = [...memory.results.values()][0] as Result;
    await expectRefused(memory, result, handOverAtCounter(memory.run, memory.ctx, result.id, theApplicant, reception), 409, 'RETURN.APPLICANT_UNKNOWN');
  });
});

describe('download links for electronic results', () => {
  it('when the first link is issued, then it is the handover to the applicant; later links are issued without another', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 30, { type: 'electronic' });
    const first = await issueDownloadLink(memory.run, memory.ctx, result.id, undefined);
    expect(first.expiresAt).toBe('2026-11-25T09:00:00.000Z');
    expect(first.url).toBe(`https://signing.test/v1/documents/${'a'.repeat(64)}?expires=${Date.parse('2026-11-25T09:00:00.000Z') / 1000}`);
    expect(first.result).toMatchObject({ state: 'RETURNED', receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345', as: 'download' }, downloadLinksIssued: 1 });
    expect(first.result.history.at(-1)).toMatchObject({ action: 'handOver', role: 'system' });
    expect(eventNames(memory.events)).toEqual(['ResultReady', 'ResultReturned']);
    expect(memory.events[1]?.data).toMatchObject({ actor: { role: 'system' }, receivedBy: { fullName: applicant.fullName, idNumberLast4: '2345' } });

    const second = await issueDownloadLink(memory.run, memory.ctx, result.id, reception);
    expect(second.result.downloadLinksIssued).toBe(2);
    expect(eventNames(memory.events)).toEqual(['ResultReady', 'ResultReturned']);
  });

  it('when a reception officer issues the first link, then the handover is theirs', async () => {
    const memory = inMemoryReturn();
    const result = await withResult(memory, 31, { type: 'electronic' });
    const link = await issueDownloadLink(memory.run, memory.ctx, result.id, reception);
    expect(link.result.history.at(-1)).toMatchObject({ action: 'handOver', role: 'reception', actorId: 'pdn-reception-1' });
  });

  it('when a link is asked for a counter result, a rejection letter, another centre or another role, then it is refused and nothing changes', async () => {
    const memory = inMemoryReturn();
    const counter = await withResult(memory, 32, { type: 'counter' });
    await expectRefused(memory, counter, issueDownloadLink(memory.run, memory.ctx, counter.id, undefined), 409, 'RETURN.WRONG_CHANNEL');
    const letter = await withResult(memory, 33, { type: 'electronic' }, 'rejection');
    await expectRefused(memory, letter, issueDownloadLink(memory.run, memory.ctx, letter.id, undefined), 409, 'RETURN.NO_DOCUMENT');
    const electronic = await withResult(memory, 34, { type: 'electronic' });
    await expectRefused(memory, electronic, issueDownloadLink(memory.run, memory.ctx, electronic.id, officer('klg-reception-1')), 403, 'AUTH.WRONG_CENTRE');
    await expectRefused(memory, electronic, issueDownloadLink(memory.run, memory.ctx, electronic.id, officer('pdn-leader-1')), 403, 'LIFECYCLE.ROLE_NOT_ALLOWED');
  });
});
