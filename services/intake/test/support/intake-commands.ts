/** Commands for unit tests: a complete birth registration taken in at Phong Điền's main counter. */
import { findOfficer } from '@motcua/catalogue';
import { integratorActor, officerActor, type IntakeActor } from '../../src/domain/intake.actor';
import type { SubmitDossierCommand } from '../../src/domain/submit-dossier.use-case';
import { catalogue } from './memory-intake';

export function officer(id: string): IntakeActor {
  const found = findOfficer(catalogue, id);
  if (!found) throw new Error(`no officer ${id} in the catalogue`);
  return officerActor(found);
}

export const reception = (): IntakeActor => officer('pdn-reception-1');
export const courier = (): IntakeActor => officer('pdn-courier-1');
export const integrator = integratorActor('test-portal', 'all');

export const birthRegistration = (over: Partial<SubmitDossierCommand> = {}): SubmitDossierCommand => ({
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  submissionChannel: 'counter',
  applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' },
  documents: [
    { code: 'TK_KS', name: 'Tờ khai' },
    { code: 'GCS', name: 'Giấy chứng sinh' },
  ],
  returnChannel: { type: 'counter' },
  actor: reception(),
  ...over,
});
