import { withdrawDossier } from '../../src/domain/dossier-actions.use-cases';
import { submissionFingerprint } from '../../src/domain/duplicate.rules';
import { submitDossier } from '../../src/domain/submit-dossier.use-case';
import { birthRegistration, integrator, officer } from '../support/intake-commands';
import { memoryIntake } from '../support/memory-intake';

const base = { idNumber: '046190012345', procedureCode: '1.001193', documentCodes: ['TK_KS', 'GCS'] };

describe('submission fingerprint', () => {
  it('when the same papers are listed in another order or twice, then the fingerprint is the same', () => {
    expect(submissionFingerprint({ ...base, documentCodes: ['GCS', 'TK_KS', 'GCS'] })).toBe(submissionFingerprint(base));
  });

  it.each([
    ['another applicant', { idNumber: '046190012346' }],
    ['another procedure', { procedureCode: '2.000635' }],
    ['another set of papers', { documentCodes: ['TK_KS', 'GCS', 'CMND'] }],
  ])('when it is %s, then the fingerprint differs', (_what, change) => {
    expect(submissionFingerprint({ ...base, ...change })).not.toBe(submissionFingerprint(base));
  });

  it('when the fingerprint is stored, then it is a SHA-256 hex digest that does not contain the id number', () => {
    const fingerprint = submissionFingerprint(base);
    expect(fingerprint).toMatch(/^[a-f0-9]{64}$/);
    expect(fingerprint).not.toContain(base.idNumber);
  });
});

describe('duplicate detection at submission', () => {
  const flagged = (intake: ReturnType<typeof memoryIntake>) => intake.state.events.filter((e) => e.type === 'vn.motcua.intake.PotentialDuplicateFlagged.v1');

  it('when the same applicant hands in the same papers for the same procedure within the window, then the new dossier is received but flagged, naming the earlier one', async () => {
    const intake = memoryIntake(new Date('2026-12-02T09:00:00+07:00'));
    const first = await submitDossier(intake.run, intake.ctx, birthRegistration());
    intake.at('2026-12-04T16:00:00+07:00'); // 55 hours later, by the portal this time
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration({ submissionChannel: 'portal', actor: integrator, documents: [...birthRegistration().documents].reverse() }));

    expect(first.potentialDuplicate).toBe(false);
    expect(second).toMatchObject({ potentialDuplicate: true, duplicateOf: [{ dossierId: first.id, dossierCode: first.code }], state: 'IN_PROCESSING' });
    expect(flagged(intake)).toHaveLength(1);
    expect(flagged(intake)[0]).toMatchObject({ subject: second.id, data: { duplicateOf: [{ dossierId: first.id, dossierCode: first.code }], windowHours: 72, actor: { role: 'system' } } });
    // The received event comes first, so every consumer knows the dossier before the flag.
    expect(intake.state.events.map((e) => e.type).slice(-2)).toEqual(['vn.motcua.intake.DossierReceived.v1', 'vn.motcua.intake.PotentialDuplicateFlagged.v1']);
  });

  it('when the earlier dossier is older than the window, then the new one is not flagged', async () => {
    const intake = memoryIntake(new Date('2026-12-02T09:00:00+07:00'));
    await submitDossier(intake.run, intake.ctx, birthRegistration());
    intake.at('2026-12-05T09:00:01+07:00'); // 72 hours and a second
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration());
    expect(second.potentialDuplicate).toBe(false);
    expect(flagged(intake)).toHaveLength(0);
  });

  it('when the earlier dossier was withdrawn, then it does not count', async () => {
    const intake = memoryIntake(new Date('2026-12-02T09:00:00+07:00'));
    const first = await submitDossier(intake.run, intake.ctx, birthRegistration());
    await withdrawDossier(intake.run, intake.ctx, first.id, 'Nộp nhầm thủ tục', integrator);
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration());
    expect(second.potentialDuplicate).toBe(false);
  });

  it.each([
    ['at another centre', { centreId: 'hue-kim-long', actor: officer('klg-reception-1') }],
    ['with other papers', { documents: [...birthRegistration().documents, { code: 'CMND', name: 'Căn cước' }] }],
    ['by another applicant', { applicant: { fullName: 'Trần Thị Bình', idNumber: '046190054321', phone: '0912345678' } }],
  ])('when the second submission is %s, then it is not flagged', async (_what, change) => {
    const intake = memoryIntake(new Date('2026-12-02T09:00:00+07:00'));
    await submitDossier(intake.run, intake.ctx, birthRegistration());
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration(change));
    expect(second.potentialDuplicate).toBe(false);
    expect(flagged(intake)).toHaveLength(0);
  });

  it('when there were several earlier submissions, then all of them are named, newest first', async () => {
    const intake = memoryIntake(new Date('2026-12-02T09:00:00+07:00'));
    const first = await submitDossier(intake.run, intake.ctx, birthRegistration());
    intake.at('2026-12-02T10:00:00+07:00');
    const second = await submitDossier(intake.run, intake.ctx, birthRegistration());
    intake.at('2026-12-02T11:00:00+07:00');
    const third = await submitDossier(intake.run, intake.ctx, birthRegistration());
    expect(third.duplicateOf?.map((d) => d.dossierId)).toEqual([second.id, first.id]);
  });
});
