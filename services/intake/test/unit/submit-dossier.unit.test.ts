import { submitDossier, type SubmitDossierCommand } from '../../src/domain/submit-dossier.use-case';
import { birthRegistration, courier, integrator, officer } from '../support/intake-commands';
import { memoryIntake } from '../support/memory-intake';

const WEDNESDAY_9AM = '2026-11-25T09:00:00+07:00';

describe('submitting a dossier', () => {
  it('when the dossier is complete, then it gets a per-centre daily code from the template, an appointment and one DossierReceived', async () => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    const first = await submitDossier(intake.run, intake.ctx, birthRegistration());
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration({ applicant: { fullName: 'Lê Văn Cường', idNumber: '046190099999', phone: '0912000000' } }));
    expect(first.code).toBe('PDN-261125-0001');
    expect(second.code).toBe('PDN-261125-0002');
    expect(first.appointmentAt).toBe('2026-11-25T10:00:00.000Z'); // 17:00 in Huế
    expect(intake.state.dossiers).toHaveLength(2);
    expect(intake.state.events.map((e) => e.type)).toEqual(['vn.motcua.intake.DossierReceived.v1', 'vn.motcua.intake.DossierReceived.v1']);
    expect(intake.state.events[0]?.data).toMatchObject({
      dossierCode: 'PDN-261125-0001',
      receptionPointId: 'pdn-main',
      viaSatellite: false,
      requiresSignature: true,
      actor: { role: 'reception', id: 'pdn-reception-1' },
    });
  });

  it('when it is received at the main counter, then it is forwarded to processing at once by the system, with the step in its history', async () => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    const dossier = await submitDossier(intake.run, intake.ctx, birthRegistration({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }));
    expect(dossier.state).toBe('IN_PROCESSING');
    expect(dossier.receivedBy).toEqual({ role: 'reception', id: 'pdn-reception-1' });
    expect(dossier.history).toEqual([
      { action: 'forward', from: 'RECEIVED', to: 'IN_PROCESSING', at: dossier.receivedAt, role: 'system', centreId: 'hue-phong-dien', traceId: '0af7651916cd43dd8448eb211c80319c' },
    ]);
  });

  it('when it comes from the portal without an officer, then the integrator is recorded as the one who submitted it', async () => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    const dossier = await submitDossier(intake.run, intake.ctx, birthRegistration({ submissionChannel: 'portal', actor: integrator }));
    expect(dossier).toMatchObject({ state: 'IN_PROCESSING', submissionChannel: 'portal', receivedBy: { role: 'integrator' } });
  });

  it('when it is received at a satellite point, then it stays RECEIVED there for the courier and the event says so', async () => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    const dossier = await submitDossier(intake.run, intake.ctx, birthRegistration({ receptionPointId: 'pdn-phong-my' }));
    expect(dossier).toMatchObject({ state: 'RECEIVED', viaSatellite: true, history: [], returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-my' } });
    expect(intake.state.events[0]?.data).toMatchObject({ viaSatellite: true, receptionPointId: 'pdn-phong-my' });
  });

  it('when a same-day dossier is received after 15:00 on the last working day before Tết, then it is due after the holiday', async () => {
    const intake = memoryIntake(new Date('2026-02-13T15:30:00+07:00'));
    const dossier = await submitDossier(intake.run, intake.ctx, birthRegistration());
    expect(dossier.appointmentAt).toBe(new Date('2026-02-23T17:00:00+07:00').toISOString());
    expect(intake.state.events[0]?.data).toMatchObject({ appointmentAt: dossier.appointmentAt });
  });

  it.each([
    ['an unknown procedure', { procedureCode: '9.999999' }, 'INTAKE.UNKNOWN_PROCEDURE', 422],
    ['an officer naming another centre', { centreId: 'nowhere' }, 'AUTH.WRONG_CENTRE', 403],
    ['a reception point of another centre', { receptionPointId: 'klg-main' }, 'INTAKE.UNKNOWN_RECEPTION_POINT', 422],
    ['a required document missing', { documents: [{ code: 'TK_KS', name: 'Tờ khai' }] }, 'INTAKE.MISSING_DOCUMENTS', 422],
    ['a postal-point return without the point', { returnChannel: { type: 'postal_point' as const } }, 'INTAKE.RETURN_CHANNEL_INCOMPLETE', 422],
    ['a postal point not in the registry', { returnChannel: { type: 'postal_point' as const, postalPointId: 'NOT-A-POINT' } }, 'INTAKE.UNKNOWN_POSTAL_POINT', 422],
    ['a counter return at a point of another centre', { returnChannel: { type: 'counter' as const, receptionPointId: 'klg-main' } }, 'INTAKE.UNKNOWN_RECEPTION_POINT', 422],
    ['a return channel the procedure does not offer',
      { procedureCode: '1.000656', documents: [{ code: 'TK_KT', name: 'Tờ khai' }, { code: 'GBT', name: 'Giấy báo tử' }], returnChannel: { type: 'postal_home' as const, address: 'x' } },
      'INTAKE.RETURN_CHANNEL_NOT_ALLOWED',
      422,
    ],
    ['a courier taking a dossier in', { actor: courier() }, 'LIFECYCLE.ROLE_NOT_ALLOWED', 403],
    ['a reception officer of another centre', { actor: officer('klg-reception-1') }, 'AUTH.WRONG_CENTRE', 403],
  ])('when refused for %s, then it fails and nothing is written', async (_what, override, code, status) => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    await expect(submitDossier(intake.run, intake.ctx, birthRegistration(override as Partial<SubmitDossierCommand>))).rejects.toMatchObject({ code, status });
    expect(intake.state.dossiers).toHaveLength(0);
    expect(intake.state.events).toHaveLength(0);
    expect(intake.state.sequences).toEqual({});
  });

  it('when an integrator names an unknown centre, then it is told the centre is unknown', async () => {
    const intake = memoryIntake(new Date(WEDNESDAY_9AM));
    await expect(submitDossier(intake.run, intake.ctx, birthRegistration({ centreId: 'nowhere', actor: integrator }))).rejects.toMatchObject({ code: 'INTAKE.UNKNOWN_CENTRE', status: 422 });
  });
});
