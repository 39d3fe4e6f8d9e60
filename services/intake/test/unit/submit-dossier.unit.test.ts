import { join } from 'node:path';
import type { EventEnvelope } from '@motcua/contracts';
import { loadCalendar } from '@motcua/working-time';
import { loadCatalogue } from '../../src/data-access/catalogue.loader';
import type { Dossier } from '../../src/domain/dossier.entity';
import type { IntakeTransaction } from '../../src/domain/intake.ports';
import { submitDossier, type SubmitDossierCommand } from '../../src/domain/submit-dossier.use-case';

const catalogue = loadCatalogue(join(__dirname, '..', '..', 'data'));
const calendar = loadCalendar();

function memory(now = new Date('2026-11-25T02:00:00Z')) {
  const dossiers: Dossier[] = [];
  const events: EventEnvelope[] = [];
  const sequences = new Map<string, number>();
  const tx: IntakeTransaction = {
    dossiers: { get: async (id) => dossiers.find((d) => d.id === id), findByCode: async (c) => dossiers.find((d) => d.code === c), insert: async (d) => void dossiers.push(d) },
    emit: async (e) => void events.push(e),
    nextSequence: async (name) => {
      const next = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, next);
      return next;
    },
  };
  let id = 0;
  return { dossiers, events, deps: { catalogue, transaction: <T>(work: (t: IntakeTransaction) => Promise<T>) => work(tx), newId: () => `id-${++id}`, clock: () => now, calendar } };
}

const command = (over: Partial<SubmitDossierCommand> = {}): SubmitDossierCommand => ({
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  submissionChannel: 'counter',
  applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' },
  documents: [
    { code: 'TK_KS', name: 'Tờ khai' },
    { code: 'GCS', name: 'Giấy chứng sinh' },
  ],
  returnChannel: { type: 'counter' },
  actor: { role: 'reception' },
  ...over,
});

describe('submitting a dossier', () => {
  it('when the dossier is complete, then it gets a per-centre daily code, an appointment and one DossierReceived', async () => {
    const { deps, events, dossiers } = memory();
    const first = await submitDossier(command(), deps);
    const second = await submitDossier(command(), deps);
    expect(first.code).toBe('PDN-261125-0001');
    expect(second.code).toBe('PDN-261125-0002');
    expect(first.appointmentAt).toBe('2026-11-25T10:00:00.000Z'); // 17:00 in Huế
    expect(dossiers).toHaveLength(2);
    expect(events.map((e) => e.type)).toEqual(['vn.motcua.intake.DossierReceived.v1', 'vn.motcua.intake.DossierReceived.v1']);
    expect(events[0]?.data).toMatchObject({ dossierCode: 'PDN-261125-0001', receptionPointId: 'pdn-main', viaSatellite: false, requiresSignature: true });
  });

  it('when a same-day dossier is received after 15:00 on the last working day before Tết, then it is due after the holiday', async () => {
    const { deps, events } = memory(new Date('2026-02-13T15:30:00+07:00'));
    const dossier = await submitDossier(command(), deps);
    expect(dossier.appointmentAt).toBe(new Date('2026-02-23T17:00:00+07:00').toISOString());
    expect(events[0]?.data).toMatchObject({ appointmentAt: dossier.appointmentAt });
  });

  it('when received at a satellite point, then the event says so', async () => {
    const { deps, events } = memory();
    await submitDossier(command({ receptionPointId: 'pdn-phong-my' }), deps);
    expect(events[0]?.data).toMatchObject({ viaSatellite: true, receptionPointId: 'pdn-phong-my' });
  });

  it.each([
    [{ procedureCode: '9.999999' }, 'INTAKE.UNKNOWN_PROCEDURE'],
    [{ centreId: 'nowhere' }, 'INTAKE.UNKNOWN_CENTRE'],
    [{ receptionPointId: 'klg-main' }, 'INTAKE.UNKNOWN_RECEPTION_POINT'],
    [{ documents: [{ code: 'TK_KS', name: 'Tờ khai' }] }, 'INTAKE.MISSING_DOCUMENTS'],
    [{ returnChannel: { type: 'postal_point' as const } }, 'INTAKE.RETURN_CHANNEL_INCOMPLETE'],
    [{ procedureCode: '1.000656', documents: [{ code: 'TK_KT', name: 'Tờ khai' }, { code: 'GBT', name: 'Giấy báo tử' }], returnChannel: { type: 'postal_home' as const, address: 'x' } }, 'INTAKE.RETURN_CHANNEL_NOT_ALLOWED'],
  ])('when the dossier is refused (%j), then it fails with %s and nothing is written', async (override, code) => {
    const { deps, events, dossiers } = memory();
    await expect(submitDossier(command(override as Partial<SubmitDossierCommand>), deps)).rejects.toMatchObject({ code, status: 422 });
    expect(dossiers).toHaveLength(0);
    expect(events).toHaveLength(0);
  });
});
