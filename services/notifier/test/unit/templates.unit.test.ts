import { formatLocalTime, render } from '../../src/domain/templates';

describe('citizen texts', () => {
  it('the receipt gives code, appointment in Huế time and the lookup link', () => {
    expect(render({ template: 'receipt', dossierCode: 'PDN-251125-0001', appointmentAt: '2026-11-25T10:00:00.000Z', lookupUrl: 'https://x/tra-cuu?ma=PDN-251125-0001' })).toBe(
      'Hồ sơ PDN-251125-0001 đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 25/11/2026. Tra cứu: https://x/tra-cuu?ma=PDN-251125-0001',
    );
  });

  it('result ready says where to collect for each channel', () => {
    expect(render({ template: 'result_ready', dossierCode: 'C', channel: { type: 'counter' } })).toMatch(/quầy tiếp nhận/);
    expect(render({ template: 'result_ready', dossierCode: 'C', channel: { type: 'postal_point', postalPointId: 'bc-1' } })).toMatch(/điểm bưu chính công ích bc-1/);
    expect(render({ template: 'rejected', dossierCode: 'C', reason: 'thiếu giấy tờ', channel: { type: 'electronic' } })).toMatch(/Lý do: thiếu giấy tờ/);
  });

  it('times are shown in Asia/Ho_Chi_Minh whatever the server zone', () => {
    expect(formatLocalTime('2026-12-31T17:30:00.000Z')).toBe('00:30 ngày 01/01/2027');
  });
});
