/** A complete birth-registration dossier as an integrator submits it (POST /v1/dossiers). */
export const birthRegistrationBody = {
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' },
  documents: [
    { code: 'TK_KS', name: 'Tờ khai' },
    { code: 'GCS', name: 'Giấy chứng sinh' },
  ],
  returnChannel: { type: 'counter' },
};
