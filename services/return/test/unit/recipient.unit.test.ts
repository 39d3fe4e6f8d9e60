import { checkRecipient, hashIdNumber } from '../../src/domain/recipient.rules';
import type { ApplicantIdentity } from '../../src/domain/result.entity';

const idNumber = '046190012345';
const applicant: ApplicantIdentity = {
  id: 'd-1',
  dossierCode: 'PDN-261125-0001',
  centreId: 'hue-phong-dien',
  fullName: 'Trần Thị Bình',
  idNumberSha256: hashIdNumber('d-1', idNumber),
  idNumberLast4: '2345',
};

describe('who may collect a result', () => {
  it('the stored hash is a SHA-256 salted with the dossier: never the number, and different on another dossier', () => {
    expect(applicant.idNumberSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(applicant.idNumberSha256).not.toContain(idNumber);
    expect(hashIdNumber('d-2', idNumber)).not.toBe(applicant.idNumberSha256);
    expect(hashIdNumber('d-1', idNumber)).toBe(applicant.idNumberSha256);
  });

  it('when the id number shown is the applicant’s, then the applicant collects it, whatever name was typed', () => {
    expect(checkRecipient(applicant, { receivedBy: { fullName: 'Tran Thi Binh', idNumber } })).toEqual({ fullName: 'Tran Thi Binh', idNumberLast4: '2345', as: 'applicant' });
  });

  it('when someone else shows an authorisation, then they collect it and the authorisation is recorded', () => {
    const authorisation = { documentNumber: 'UQ-15/2026', issuedBy: 'UBND phường Phong Điền' };
    expect(checkRecipient(applicant, { receivedBy: { fullName: 'Lê Văn Cường', idNumber: '046090099999' }, authorisation })).toEqual({
      fullName: 'Lê Văn Cường',
      idNumberLast4: '9999',
      as: 'authorised',
      authorisation,
    });
  });

  it('when someone else has no authorisation, or the applicant’s name with another number, then nobody collects it', () => {
    expect(checkRecipient(applicant, { receivedBy: { fullName: 'Lê Văn Cường', idNumber: '046090099999' } })).toBeUndefined();
    expect(checkRecipient(applicant, { receivedBy: { fullName: applicant.fullName, idNumber: '046190012346' } })).toBeUndefined();
    expect(checkRecipient(applicant, { receivedBy: { fullName: applicant.fullName, idNumber: '046190012' } })).toBeUndefined();
  });
});
