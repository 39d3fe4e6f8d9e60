import { prepareSmsText } from '../../src/domain/sms-text.rules';
import { formatLocalTime, render, templatePolicies, templateVersions, type TemplateInput } from '../../src/domain/templates';

const code = 'PDN-261125-0001';
const mainCounter = { kind: 'counter', name: 'Quầy tiếp nhận trụ sở phường Phong Điền' } as const;
const satellite = { kind: 'counter', name: 'Điểm tiếp nhận trụ sở xã Phong Xuân (cũ)' } as const;

describe('citizen texts', () => {
  it('times are shown in Asia/Ho_Chi_Minh whatever the server zone', () => {
    expect(formatLocalTime('2026-12-31T17:30:00.000Z')).toBe('00:30 ngày 01/01/2027');
  });

  it('every template has a version and goes as unicode by default; the texts that name places changed wording, so their version moved', () => {
    expect(templateVersions).toEqual({ receipt: 1, supplement_requested: 1, extended: 1, withdrawn: 1, result_ready: 2, rejected: 2, postal_booked: 1, postal_failed_counter: 1, returned: 1 });
    expect(Object.values(templatePolicies)).toEqual(Array(9).fill('unicode'));
  });

  // Exact texts, not snapshots: a wording change must be a reviewed edit here. Segment
  // counts are checked by hand: every character is in the BMP, so UCS-2 units = length,
  // one segment up to 70, else ceil(length / 67) parts.
  it.each<[string, TemplateInput, string, number]>([
    [
      'receipt',
      { template: 'receipt', dossierCode: code, appointmentAt: '2026-11-25T10:00:00.000Z', lookupUrl: `https://x/tra-cuu?ma=${code}` },
      'Hồ sơ PDN-261125-0001 đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 25/11/2026. Tra cứu: https://x/tra-cuu?ma=PDN-261125-0001',
      2,
    ],
    [
      'supplement_requested at the point it was received',
      { template: 'supplement_requested', dossierCode: code, documents: 'Giấy chứng sinh, Tờ khai đăng ký khai sinh', place: { kind: 'counter', name: 'Điểm tiếp nhận trụ sở xã Phong Mỹ (cũ)' } },
      'Hồ sơ PDN-261125-0001 cần bổ sung: Giấy chứng sinh, Tờ khai đăng ký khai sinh. Mời ông/bà nộp bổ sung tại điểm tiếp nhận trụ sở xã Phong Mỹ (cũ).',
      3,
    ],
    [
      'supplement_requested for a portal dossier',
      { template: 'supplement_requested', dossierCode: code, documents: 'Giấy chứng sinh', place: { kind: 'portal' } },
      'Hồ sơ PDN-261125-0001 cần bổ sung: Giấy chứng sinh. Mời ông/bà nộp bổ sung trên Cổng dịch vụ công.',
      2,
    ],
    [
      'extended',
      { template: 'extended', dossierCode: code, newAppointmentAt: '2026-11-27T10:00:00.000Z' },
      'Trung tâm xin lỗi ông/bà: hồ sơ PDN-261125-0001 chưa có kết quả đúng hẹn. Hẹn trả kết quả mới: 17:00 ngày 27/11/2026.',
      2,
    ],
    ['withdrawn', { template: 'withdrawn', dossierCode: code }, 'Hồ sơ PDN-261125-0001 đã được rút theo đề nghị của ông/bà.', 1],
    [
      'returned',
      { template: 'returned', dossierCode: code, kind: 'result', returnedAt: '2026-11-25T09:05:00.000Z' },
      'Kết quả hồ sơ PDN-261125-0001 đã được trả lúc 16:05 ngày 25/11/2026. Cảm ơn ông/bà đã sử dụng dịch vụ.',
      2,
    ],
    [
      'result_ready at the main counter',
      { template: 'result_ready', dossierCode: code, place: mainCounter },
      'Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. Mời ông/bà đến nhận tại quầy tiếp nhận trụ sở phường Phong Điền.',
      2,
    ],
    [
      'result_ready at a satellite point',
      { template: 'result_ready', dossierCode: code, place: satellite },
      'Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. Mời ông/bà đến nhận tại điểm tiếp nhận trụ sở xã Phong Xuân (cũ).',
      2,
    ],
    [
      'result_ready at a postal point',
      { template: 'result_ready', dossierCode: code, place: { kind: 'postal_point', postalPointId: 'bc-530000' } },
      'Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. Mời ông/bà đến nhận tại điểm bưu chính công ích bc-530000.',
      2,
    ],
    [
      'result_ready by post to the home',
      { template: 'result_ready', dossierCode: code, place: { kind: 'postal_home' } },
      'Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. Bưu chính sẽ chuyển kết quả đến địa chỉ ông/bà đã đăng ký.',
      2,
    ],
    [
      'result_ready for download',
      { template: 'result_ready', dossierCode: code, place: { kind: 'electronic', lookupUrl: `https://x/tra-cuu/${code}` } },
      'Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. Ông/bà tải về bản điện tử tại: https://x/tra-cuu/PDN-261125-0001',
      2,
    ],
    [
      'rejected, letter at the main counter',
      { template: 'rejected', dossierCode: code, reason: 'thiếu giấy tờ', place: mainCounter },
      'Hồ sơ PDN-261125-0001 không được giải quyết. Lý do: thiếu giấy tờ. Văn bản trả lời được trả tại quầy tiếp nhận trụ sở phường Phong Điền.',
      3,
    ],
    [
      'rejected, letter at a postal point',
      { template: 'rejected', dossierCode: code, reason: 'thiếu giấy tờ', place: { kind: 'postal_point', postalPointId: 'bc-530000' } },
      'Hồ sơ PDN-261125-0001 không được giải quyết. Lý do: thiếu giấy tờ. Văn bản trả lời được trả tại điểm bưu chính công ích bc-530000.',
      2,
    ],
    [
      'rejected, letter by post to the home',
      { template: 'rejected', dossierCode: code, reason: 'thiếu giấy tờ', place: { kind: 'postal_home' } },
      'Hồ sơ PDN-261125-0001 không được giải quyết. Lý do: thiếu giấy tờ. Văn bản trả lời được trả qua bưu chính đến địa chỉ ông/bà đã đăng ký.',
      3,
    ],
    [
      'rejected, electronic reply',
      { template: 'rejected', dossierCode: code, reason: 'thiếu giấy tờ', place: { kind: 'electronic', lookupUrl: 'https://x' } },
      'Hồ sơ PDN-261125-0001 không được giải quyết. Lý do: thiếu giấy tờ. Văn bản trả lời được trả bằng bản điện tử trên Cổng dịch vụ công.',
      2,
    ],
  ])('the %s text is exact and goes as UCS-2 with its diacritics', (_name, input, text, segments) => {
    const prepared = prepareSmsText(render(input), { policy: templatePolicies[input.template] });
    expect(prepared).toEqual({ text, encoding: 'ucs2', segments, characters: text.length });
    expect(text.length <= 70 ? 1 : Math.ceil(text.length / 67)).toBe(segments);
  });

  it('a receipt switched to unaccented reads as plain Vietnamese in GSM-7, in one segment', () => {
    const input: TemplateInput = { template: 'receipt', dossierCode: code, appointmentAt: '2026-11-25T10:00:00.000Z', lookupUrl: `https://x/tra-cuu?ma=${code}` };
    expect(prepareSmsText(render(input), { policy: 'unaccented' })).toEqual({
      text: 'Ho so PDN-261125-0001 da duoc tiep nhan. Hen tra ket qua: 17:00 ngay 25/11/2026. Tra cuu: https://x/tra-cuu?ma=PDN-261125-0001',
      encoding: 'gsm7',
      segments: 1,
      characters: 126,
    });
  });

  it('an extension switched to unaccented keeps its Huế appointment time', () => {
    const input: TemplateInput = { template: 'extended', dossierCode: code, newAppointmentAt: '2026-11-30T01:30:00.000Z' };
    expect(prepareSmsText(render(input), { policy: 'unaccented' }).text).toBe(
      'Trung tam xin loi ong/ba: ho so PDN-261125-0001 chua co ket qua dung hen. Hen tra ket qua moi: 08:30 ngay 30/11/2026.',
    );
  });
});
