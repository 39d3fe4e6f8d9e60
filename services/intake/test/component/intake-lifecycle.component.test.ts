/**
 * intake's lifecycle over HTTP, in-process on SQLite and the embedded bus with a clock
 * the test moves: duplicates flagged, withdrawal, supplements only when asked for,
 * facts from processing and return, and the courier rounds of a satellite point.
 * Every refused step answers problem+json and changes nothing — not the dossier, no event.
 */
import { Topics, createEvent, type EventEnvelope } from '@motcua/contracts';
import { shutdownTracing, startTracing } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { startIntake, type IntakeHarness } from '../support/intake-harness';

const DAY = '2026-12-02'; // a working Wednesday
const at = (hhmm: string) => `${DAY}T${hhmm}:00+07:00`;

interface DossierBody {
  id: string;
  code: string;
  state: string;
  potentialDuplicate: boolean;
  duplicateOf?: { dossierId: string; dossierCode: string }[];
  history: { action: string; from: string; to: string; role: string; actorId?: string; reason?: string }[];
  transferRoundId?: string;
}
interface RoundBody {
  id: string;
  status: string;
  inbound: { dossierId: string; status: string }[];
  outbound: { resultId: string; dossierId: string; status: string }[];
}
interface ProblemBody {
  code: string;
  status: number;
}

let applicantSeq = 0;
/** A birth registration by a new applicant each time (so only the duplicate test makes duplicates). */
function birthRegistration(over: Record<string, unknown> = {}) {
  applicantSeq += 1;
  return {
    procedureCode: '1.001193',
    centreId: 'hue-phong-dien',
    applicant: { fullName: 'Trần Thị Bình', idNumber: `0461900${String(10000 + applicantSeq)}`, phone: '0912345678' },
    documents: [
      { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
      { code: 'GCS', name: 'Giấy chứng sinh' },
    ],
    returnChannel: { type: 'counter' },
    ...over,
  };
}

describe('intake lifecycle over HTTP on SQLite', () => {
  let h: IntakeHarness;

  beforeAll(async () => {
    startTracing({ serviceName: 'intake-lifecycle-component', instrument: false });
    h = await startIntake(at('09:00'));
  });

  afterAll(async () => {
    await h.stop();
    await shutdownTracing();
  });

  const submit = async (body: unknown, officer = 'pdn-reception-1') => {
    const reply = await h.call<DossierBody>('POST', '/v1/dossiers', { body, officer });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const dossier = async (id: string) => (await h.call<DossierBody>('GET', `/v1/dossiers/${id}`)).body;

  /**
   * Proves nothing was published since `mark`: intake's relay publishes in commit order,
   * so once a later marker event has arrived, an event from the refused step would be before it.
   */
  async function eventsSince(mark: number): Promise<EventEnvelope[]> {
    const marker = await submit(birthRegistration({ centreId: 'hue-kim-long' }), 'klg-reception-1');
    await h.event('DossierReceived', marker.id);
    return h.published.slice(mark).filter((e) => e.subject !== marker.id);
  }

  async function expectRefused(reply: Promise<{ status: number; body: unknown; contentType: string | null }>, status: number, code: string, unchanged: DossierBody) {
    const mark = h.published.length;
    const answer = await reply;
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect((answer.body as ProblemBody).code).toBe(code);
    expect(await dossier(unchanged.id)).toEqual(unchanged);
    expect(await eventsSince(mark)).toEqual([]);
  }

  it('when a dossier is received at the main counter, then it is in processing at once, the officer is on record, and DossierReceived names them', async () => {
    const received = await submit(birthRegistration());
    expect(received).toMatchObject({ state: 'IN_PROCESSING', potentialDuplicate: false, history: [{ action: 'forward', from: 'RECEIVED', to: 'IN_PROCESSING', role: 'system' }] });
    expect(received.code).toMatch(/^PDN-261202-\d{4}$/);
    const event = await h.event('DossierReceived', received.id);
    expect(event.data).toMatchObject({ actor: { role: 'reception', id: 'pdn-reception-1' }, viaSatellite: false });
  });

  it('when the same applicant submits the same papers again within the window, then the dossier is received but flagged, and PotentialDuplicateFlagged names the first', async () => {
    const body = birthRegistration();
    const first = await submit(body);
    h.setClock(at('09:20'));
    const second = await h.call<DossierBody>('POST', '/v1/dossiers', { body: { ...body, submissionChannel: 'portal' } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ potentialDuplicate: true, duplicateOf: [{ dossierId: first.id, dossierCode: first.code }] });
    const flagged = await h.event('PotentialDuplicateFlagged', second.body.id);
    expect(flagged.data).toMatchObject({ duplicateOf: [{ dossierId: first.id }], windowHours: 72 });
    // The index holds a hash, never the id number.
    const stored = await h.store.forService('intake').read((tx) => tx.collection<{ id: string; fingerprint: string }>({ name: 'dossiers' }).get(second.body.id));
    expect(stored?.fingerprint).toMatch(/^[a-f0-9]{64}$/);
    expect(stored?.fingerprint).not.toContain(body.applicant.idNumber);
  });

  it('when the citizen withdraws a dossier, then it is WITHDRAWN with DossierWithdrawn; withdrawing it again is refused with 409 and changes nothing', async () => {
    const received = await submit(birthRegistration());
    const withdrawn = await h.call<DossierBody>('POST', `/v1/dossiers/${received.id}/withdraw`, { body: { reason: 'Đã nộp ở nơi khác' }, officer: 'pdn-reception-1' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('WITHDRAWN');
    expect(withdrawn.body.history.at(-1)).toMatchObject({ action: 'withdraw', role: 'reception', actorId: 'pdn-reception-1', reason: 'Đã nộp ở nơi khác' });
    expect((await h.event('DossierWithdrawn', received.id)).data).toMatchObject({ reason: 'Đã nộp ở nơi khác' });

    const closed = await dossier(received.id);
    await expectRefused(h.call('POST', `/v1/dossiers/${received.id}/withdraw`, { body: { reason: 'lần nữa' } }), 409, 'LIFECYCLE.INVALID_TRANSITION', closed);
    await expectRefused(h.call('POST', `/v1/dossiers/${received.id}/supplements`, { body: { documents: [{ code: 'GCS', name: 'x' }] } }), 409, 'LIFECYCLE.INVALID_TRANSITION', closed);
  });

  it('when the wrong person acts on a dossier, then it is refused with 403 or 401 and changes nothing', async () => {
    const received = await dossier((await submit(birthRegistration())).id);
    const withdraw = (officer?: string, as?: Record<string, string>) => h.call('POST', `/v1/dossiers/${received.id}/withdraw`, { body: { reason: 'x' }, ...(officer ? { officer } : {}), ...(as ? { as } : {}) });
    await expectRefused(withdraw('pdn-courier-1'), 403, 'AUTH.ROLE_NOT_ALLOWED', received);
    await expectRefused(withdraw('klg-reception-1'), 403, 'AUTH.WRONG_CENTRE', received);
    await expectRefused(withdraw(undefined, {}), 401, 'AUTH.UNAUTHENTICATED', received);
    const elsewhere = await h.auth.apiKeys.create({ integratorId: 'kim-long-portal', name: 'a portal for Kim Long only', centres: ['hue-kim-long'], operations: ['dossiers:write'] });
    await expectRefused(withdraw(undefined, { 'x-api-key': elsewhere.key }), 403, 'AUTH.WRONG_CENTRE', received);
  });

  it('when a supplement is handed in before processing asked for one, then it is refused; once SupplementRequested arrives it is taken and the dossier goes back to processing', async () => {
    const received = await dossier((await submit(birthRegistration())).id);
    const papers = { documents: [{ code: 'GCS', name: 'Giấy chứng sinh (bản rõ)' }] };
    await expectRefused(h.call('POST', `/v1/dossiers/${received.id}/supplements`, { body: papers, officer: 'pdn-reception-1' }), 409, 'LIFECYCLE.INVALID_TRANSITION', received);

    await h.feed(
      Topics.processing,
      createEvent({
        name: 'SupplementRequested',
        data: {
          dossierId: received.id,
          dossierCode: received.code,
          centreId: 'hue-phong-dien',
          actor: { role: 'specialist', id: 'pdn-specialist-1' },
          workItemId: 'w-1',
          reason: 'Giấy chứng sinh bị mờ',
          requestedDocuments: papers.documents,
          requestedAt: new Date(at('09:30')).toISOString(),
        },
      }),
    );
    const waiting = await waitFor(async () => {
      const view = await dossier(received.id);
      return view.state === 'SUPPLEMENT_REQUESTED' ? view : undefined;
    }, { what: 'SUPPLEMENT_REQUESTED at intake' });
    expect(waiting.history.at(-1)).toMatchObject({ action: 'requestSupplement', role: 'specialist', reason: 'Giấy chứng sinh bị mờ' });

    const supplied = await h.call<DossierBody>('POST', `/v1/dossiers/${received.id}/supplements`, { body: papers, officer: 'pdn-reception-1' });
    expect(supplied.status).toBe(200);
    expect(supplied.body.state).toBe('IN_PROCESSING');
    expect((await h.event('SupplementProvided', received.id)).data).toMatchObject({ documents: papers.documents, actor: { role: 'reception', id: 'pdn-reception-1' } });
  });

  it('when return reports the result handed over, then the dossier is RETURNED and can no longer be withdrawn', async () => {
    const received = await submit(birthRegistration());
    await h.feed(
      Topics.return,
      createEvent({
        name: 'ResultReturned',
        data: {
          dossierId: received.id,
          dossierCode: received.code,
          centreId: 'hue-phong-dien',
          resultId: 'r-returned',
          kind: 'result',
          receivedBy: { fullName: 'Trần Thị Bình', idNumberLast4: '0000' },
          returnedAt: new Date(at('09:40')).toISOString(),
        },
      }),
    );
    const returned = await waitFor(async () => {
      const view = await dossier(received.id);
      return view.state === 'RETURNED' ? view : undefined;
    }, { what: 'RETURNED at intake' });
    await expectRefused(h.call('POST', `/v1/dossiers/${received.id}/withdraw`, { body: { reason: 'x' } }), 409, 'LIFECYCLE.INVALID_TRANSITION', returned);
  });

  describe('courier rounds of a satellite point', () => {
    const ROUND = `pdn-phong-my:${DAY.replace(/-/g, '')}:1030`;
    let satellite: DossierBody;
    let forSatellite: DossierBody;

    it('when a dossier is received at a satellite point at 10:00, then it waits there, RECEIVED', async () => {
      h.setClock(at('10:00'));
      satellite = await submit(birthRegistration({ receptionPointId: 'pdn-phong-my' }));
      expect(satellite.state).toBe('RECEIVED');
      const points = await h.call<{ items: { id: string; kind: string; transferRounds: string[] }[] }>('GET', '/v1/reception-points?centreId=hue-phong-dien');
      expect(points.body.items.find((p) => p.id === 'pdn-phong-my')).toMatchObject({ kind: 'satellite', transferRounds: ['08:30', '10:30', '13:30', '15:30'] });
    });

    it('when a result is dispatched for a citizen collecting at that point, then it waits for the round out', async () => {
      forSatellite = await submit(birthRegistration({ returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-my' } }));
      await h.feed(
        Topics.return,
        createEvent({
          name: 'ResultDispatched',
          data: {
            dossierId: forSatellite.id,
            dossierCode: forSatellite.code,
            centreId: 'hue-phong-dien',
            resultId: 'result-out-1',
            returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-my' },
            dispatchedAt: new Date(at('10:05')).toISOString(),
          },
        }),
      );
      type Waiting = { waiting: { inbound: { dossierId: string }[]; outbound: { resultId: string; dossierId: string }[] } };
      const list = await waitFor(
        async () => {
          const reply = await h.call<Waiting>('GET', '/v1/transfer-rounds?receptionPointId=pdn-phong-my');
          return reply.body.waiting.outbound.length > 0 ? reply.body : undefined;
        },
        { what: 'the result waiting for the round out' },
      );
      expect(list.waiting.outbound).toEqual([expect.objectContaining({ resultId: 'result-out-1', dossierId: forSatellite.id })]);
      expect(list.waiting.inbound).toEqual([expect.objectContaining({ dossierId: satellite.id })]);
    });

    it('when the courier asks before the round time, then there is no manifest yet and pickup is refused', async () => {
      expect((await h.call<ProblemBody>('GET', `/v1/transfer-rounds/${ROUND}`)).status).toBe(404);
      const early = await h.call<ProblemBody>('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, officer: 'pdn-courier-1' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('INTAKE.TRANSFER_ROUND_NOT_DUE');
    });

    it('when the 10:30 round time passes, then the timer produces the manifest with the 10:00 dossier in and the result out', async () => {
      h.setClock(at('10:31'));
      await h.intake.fireDueTimers();
      const list = await h.call<{ items: RoundBody[]; schedule: { id: string; produced: boolean }[] }>('GET', `/v1/transfer-rounds?receptionPointId=pdn-phong-my&date=${DAY}`);
      expect(list.body.items.map((r) => r.id)).toEqual([ROUND]);
      expect(list.body.schedule.find((s) => s.id === ROUND)?.produced).toBe(true);
      const round = (await h.call<RoundBody & { producedBy: string }>('GET', `/v1/transfer-rounds/${ROUND}`)).body;
      expect(round).toMatchObject({ id: ROUND, status: 'produced', producedBy: 'timer' });
      expect(round.inbound).toEqual([expect.objectContaining({ dossierId: satellite.id, status: 'listed' })]);
      expect(round.outbound).toEqual([expect.objectContaining({ resultId: 'result-out-1', dossierId: forSatellite.id, status: 'listed' })]);
      const sheet = await h.call('GET', `/v1/transfer-rounds/${ROUND}?format=html`);
      expect(sheet.contentType).toMatch(/^text\/html/);
      expect(sheet.text).toContain(satellite.code);
    });

    it('when someone other than a courier of the centre confirms the pickup, then it is refused and nothing moves', async () => {
      const waiting = await dossier(satellite.id);
      await expectRefused(h.call('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, officer: 'pdn-reception-1' }), 403, 'LIFECYCLE.ROLE_NOT_ALLOWED', waiting);
      await expectRefused(h.call('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, officer: 'hcu-courier-1' }), 403, 'AUTH.WRONG_CENTRE', waiting);
      await expectRefused(h.call('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {} }), 403, 'AUTH.OPERATION_NOT_ALLOWED', waiting);
      await expectRefused(h.call('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, as: {} }), 401, 'AUTH.UNAUTHENTICATED', waiting);
      await expectRefused(h.call('POST', `/v1/transfer-rounds/${ROUND}/arrival`, { body: {}, officer: 'pdn-courier-1' }), 409, 'INTAKE.TRANSFER_ROUND_NOT_PICKED_UP', waiting);
    });

    it('when the courier picks the round up, then the dossier is in transit (DossierInTransit with the round) and the result handed over (ResultTransferred); confirming again changes nothing', async () => {
      const pickup = await h.call<RoundBody>('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, officer: 'pdn-courier-1' });
      expect(pickup.status).toBe(200);
      expect(pickup.body).toMatchObject({ status: 'picked-up', inbound: [{ dossierId: satellite.id, status: 'in-transit' }], outbound: [{ resultId: 'result-out-1', status: 'transferred' }] });
      expect((await h.event('DossierInTransit', satellite.id)).data).toMatchObject({ roundId: ROUND, receptionPointId: 'pdn-phong-my', actor: { role: 'courier', id: 'pdn-courier-1' } });
      expect((await h.event('ResultTransferred', forSatellite.id)).data).toMatchObject({ resultId: 'result-out-1', roundId: ROUND, receptionPointId: 'pdn-phong-my' });
      const inTransit = await dossier(satellite.id);
      expect(inTransit).toMatchObject({ state: 'IN_TRANSIT', transferRoundId: ROUND });

      const mark = h.published.length;
      const again = await h.call<RoundBody>('POST', `/v1/transfer-rounds/${ROUND}/pickup`, { body: {}, officer: 'pdn-courier-1' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(pickup.body);
      expect(await dossier(satellite.id)).toEqual(inTransit);
      expect(await eventsSince(mark)).toEqual([]);
    });

    it('when the round arrives at the main centre, then the dossier enters processing (DossierArrived), once', async () => {
      h.setClock(at('11:05'));
      const arrival = await h.call<RoundBody>('POST', `/v1/transfer-rounds/${ROUND}/arrival`, { body: {}, officer: 'pdn-courier-1' });
      expect(arrival.status).toBe(200);
      expect(arrival.body).toMatchObject({ status: 'arrived', inbound: [{ dossierId: satellite.id, status: 'arrived' }] });
      expect((await h.event('DossierArrived', satellite.id)).data).toMatchObject({ receptionPointId: 'pdn-phong-my', arrivedAt: new Date(at('11:05')).toISOString() });
      const arrived = await dossier(satellite.id);
      expect(arrived.state).toBe('IN_PROCESSING');
      expect(arrived.history.map((s) => s.action)).toEqual(['dispatch', 'arrive']);

      const mark = h.published.length;
      expect((await h.call<RoundBody>('POST', `/v1/transfer-rounds/${ROUND}/arrival`, { body: {}, officer: 'pdn-reception-1' })).body).toEqual(arrival.body);
      expect(await eventsSince(mark)).toEqual([]);
    });

    it('when a courier asks for a round whose time has passed before the timer fired, then its manifest is produced on demand', async () => {
      h.setClock(at('11:10'));
      const late = await submit(birthRegistration({ receptionPointId: 'pdn-phong-xuan' }));
      h.setClock(at('13:30'));
      const round = await h.call<RoundBody & { producedBy: string }>('GET', `/v1/transfer-rounds/pdn-phong-xuan:${DAY.replace(/-/g, '')}:1330`);
      expect(round.status).toBe(200);
      expect(round.body.producedBy).toBe('on-demand');
      expect(round.body.inbound.map((i) => i.dossierId)).toEqual([late.id]);
    });
  });
});
