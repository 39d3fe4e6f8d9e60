import { prepareSmsText } from '../../src/domain/sms-text.rules';
import { formatLocalTime, render, templatePolicies, type TemplateInput } from '../../src/domain/templates';

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

  // Exact texts, not snapshots: a wording change must be a reviewed edit here. Segment
  // counts are checked by hand: every character is in the BMP, so UCS-2 units = length,
  // and a text over 70 units needs ceil(length / 67) parts.
  it.each<[string, TemplateInput, string, number]>([
    [
      'receipt',
      { template: 'receipt', dossierCode: 'PDN-251125-0001', appointmentAt: '2026-11-25T10:00:00.000Z', lookupUrl: 'https://x/tra-cuu?ma=PDN-251125-0001' },
      'Hồ sơ PDN-251125-0001 đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 25/11/2026. Tra cứu: https://x/tra-cuu?ma=PDN-251125-0001',
      2,
    ],
    [
      'result_ready at the counter',
      { template: 'result_ready', dossierCode: 'PDN-251125-0001', channel: { type: 'counter' } },
      'Kết quả hồ sơ PDN-251125-0001 đã sẵn sàng. Ông/bà nhận kết quả tại quầy tiếp nhận của Trung tâm.',
      2,
    ],
    [
      'result_ready at a postal point',
      { template: 'result_ready', dossierCode: 'PDN-251125-0001', channel: { type: 'postal_point', postalPointId: 'bc-1' } },
      'Kết quả hồ sơ PDN-251125-0001 đã sẵn sàng. Ông/bà nhận kết quả tại điểm bưu chính công ích bc-1.',
      2,
    ],
    [
      'rejected, electronic reply',
      { template: 'rejected', dossierCode: 'PDN-251125-0001', reason: 'thiếu giấy tờ', channel: { type: 'electronic' } },
      'Hồ sơ PDN-251125-0001 không được giải quyết. Lý do: thiếu giấy tờ. Văn bản trả lời được trả bằng bản điện tử trên Cổng dịch vụ công.',
      2,
    ],
  ])('the %s text is exact and goes as UCS-2 with its diacritics', (_name, input, text, segments) => {
    expect(templatePolicies[input.template]).toBe('unicode');
    const prepared = prepareSmsText(render(input), { policy: templatePolicies[input.template] });
    expect(prepared).toEqual({ text, encoding: 'ucs2', segments, characters: text.length });
    expect(text.length).toBeGreaterThan(70);
    expect(Math.ceil(text.length / 67)).toBe(segments);
  });

  it('a receipt switched to unaccented reads as plain Vietnamese in GSM-7, in one segment', () => {
    const input: TemplateInput = { template: 'receipt', dossierCode: 'PDN-251125-0001', appointmentAt: '2026-11-25T10:00:00.000Z', lookupUrl: 'https://x/tra-cuu?ma=PDN-251125-0001' };
    expect(prepareSmsText(render(input), { policy: 'unaccented' })).toEqual({
      text: 'Ho so PDN-251125-0001 da duoc tiep nhan. Hen tra ket qua: 17:00 ngay 25/11/2026. Tra cuu: https://x/tra-cuu?ma=PDN-251125-0001',
      encoding: 'gsm7',
      segments: 1,
      characters: 126,
    });
  });
});
