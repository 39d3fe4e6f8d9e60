import {
  documentTitle,
  formatVietnamDate,
  formatVietnamDateTime,
  renderDocumentHtml,
  type ApologyLetter,
  type DocumentHeader,
  type PrintableDocument,
  type ReceiptSlip,
  type RefusalLetter,
  type SupplementRequestLetter,
  type TrackingSlip,
} from '../../src';

const header: DocumentHeader = {
  centreName: 'Trung tâm Phục vụ hành chính công xã Phong Điền',
  dossierCode: 'PDN-261125-0001',
  procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
  applicant: { fullName: 'Trần Thị Bình', idNumberLast4: '2345', phone: '0912345678' },
  issuedAt: '2026-11-25T02:00:00.000Z',
  officer: { name: 'Lê Văn Tiếp', role: 'reception' },
};

const receipt: ReceiptSlip = {
  ...header,
  kind: 'receipt',
  receptionPointName: 'Điểm tiếp nhận Phong Mỹ',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', copies: 1 },
    { name: 'Giấy chứng sinh', copies: 2 },
  ],
  receivedAt: '2026-11-25T02:00:00.000Z',
  appointmentAt: '2026-11-25T08:00:00.000Z',
  feeVnd: 0,
  returnChannel: 'postal_point',
  lookupUrl: 'https://motcua.example/tra-cuu/PDN-261125-0001',
};
const supplement: SupplementRequestLetter = {
  ...header,
  kind: 'supplement-request',
  reason: 'Giấy chứng sinh bị mờ, không đọc được',
  requestedDocuments: [{ name: 'Giấy chứng sinh (bản rõ nét)' }],
};
const refusal: RefusalLetter = { ...header, kind: 'refusal', stage: 'processing', reason: 'Người yêu cầu không thuộc thẩm quyền của xã' };
const apology: ApologyLetter = {
  ...header,
  kind: 'apology',
  officer: { name: 'Hoàng Văn Lãnh', role: 'leader' },
  reason: 'Cần xác minh thêm tại nơi cư trú cũ',
  receivedAt: '2026-11-20T02:00:00.000Z',
  previousAppointmentAt: '2026-11-25T08:00:00.000Z',
  newAppointmentAt: '2026-11-27T09:30:00.000Z',
};
const trackingSlip: TrackingSlip = {
  ...header,
  kind: 'tracking-slip',
  receivedAt: '2026-11-25T02:00:00.000Z',
  appointmentAt: '2026-11-25T08:00:00.000Z',
  status: 'SUPPLEMENT_REQUESTED',
  flags: { overdue: false, extended: false },
  steps: [
    { step: 'Tiếp nhận hồ sơ', event: 'DossierReceived', at: '2026-11-25T02:00:00.000Z', role: 'reception', status: 'RECEIVED' },
    { step: 'Yêu cầu bổ sung hồ sơ', event: 'SupplementRequested', at: '2026-11-25T03:15:00.000Z', role: 'specialist', status: 'SUPPLEMENT_REQUESTED', note: 'Giấy chứng sinh bị mờ' },
  ],
};
const all: PrintableDocument[] = [receipt, supplement, refusal, apology, trackingSlip];

/** The page's text without tags, whitespace collapsed: what the officer reads. */
const textOf = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('Vietnamese date-times on documents', () => {
  it('when an instant is formatted, then it reads as an administrative document writes it, in Vietnam time', () => {
    expect(formatVietnamDateTime('2026-11-25T08:00:00.000Z')).toBe('15 giờ 00 phút, ngày 25 tháng 11 năm 2026');
    expect(formatVietnamDate('2026-11-25T08:00:00.000Z')).toBe('ngày 25 tháng 11 năm 2026');
  });

  it('when the UTC instant is before midnight but Vietnam is already past it, then the Vietnam day and hour are printed', () => {
    // 17:30 UTC on the 24th is 00:30 on the 25th in Vietnam (UTC+7), whatever this machine's zone.
    expect(formatVietnamDateTime('2026-11-24T17:30:00Z')).toBe('00 giờ 30 phút, ngày 25 tháng 11 năm 2026');
    expect(formatVietnamDateTime('2026-11-24T16:59:00Z')).toBe('23 giờ 59 phút, ngày 24 tháng 11 năm 2026');
    // New Year's Eve in UTC is already New Year's Day in Vietnam.
    expect(formatVietnamDate('2026-12-31T17:00:00Z')).toBe('ngày 01 tháng 01 năm 2027');
  });

  it('when the day is below 10 or the month is January or February, then they get a leading zero; other months do not', () => {
    expect(formatVietnamDate('2027-02-05T03:00:00Z')).toBe('ngày 05 tháng 02 năm 2027');
    expect(formatVietnamDate('2027-03-05T03:00:00Z')).toBe('ngày 05 tháng 3 năm 2027');
  });

  it('when the text is not a date-time, then it fails rather than printing a wrong date', () => {
    expect(() => formatVietnamDateTime('tomorrow')).toThrow(RangeError);
  });
});

describe('printable documents', () => {
  it.each(all.map((doc) => [doc.kind, doc] as const))('when a %s is rendered, then it is a complete printable Vietnamese A4 page with the national header', (kind, doc) => {
    const page = renderDocumentHtml(doc);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/@page \{ size: A4;/);
    expect(page).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(page).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(page).toContain(header.centreName);
    expect(page).toContain(`<h1>${documentTitle(kind)}</h1>`);
    expect(page).toContain('PDN-261125-0001');
    expect(page).toContain('Thông tư số 03/2025/TT-VPCP');
    expect(textOf(page)).toContain('Ngày 25 tháng 11 năm 2026');
    // Nothing is fetched when printing: no scripts, style sheets, images or fonts from elsewhere.
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(/i);
  });

  it('when each kind is rendered, then it carries its form number of Circular 03/2025/TT-VPCP', () => {
    const numbers = all.map((doc) => /Mẫu số (\d\d)/.exec(renderDocumentHtml(doc))?.[1]);
    expect(numbers).toEqual(['01', '02', '03', '04', '06']);
  });

  it('when a receipt is rendered, then it lists the papers, the receipt and appointment times in Vietnam time, fee, channel and lookup link', () => {
    const text = textOf(renderDocumentHtml(receipt));
    expect(text).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(text).toContain('Trần Thị Bình');
    expect(text).toContain('Đăng ký khai sinh (mã thủ tục 1.001193)');
    expect(text).toMatch(/1 Tờ khai đăng ký khai sinh 1 2 Giấy chứng sinh 2/);
    expect(text).toContain('Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 25 tháng 11 năm 2026');
    expect(text).toContain('Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 00 phút, ngày 25 tháng 11 năm 2026');
    expect(text).toContain('Không thu phí');
    expect(text).toContain('Nhận tại điểm bưu chính công ích');
    expect(text).toContain('Điểm tiếp nhận Phong Mỹ');
    expect(renderDocumentHtml(receipt)).toContain('<a href="https://motcua.example/tra-cuu/PDN-261125-0001">');
    expect(text).toMatch(/NGƯỜI NỘP HỒ SƠ|Người nộp hồ sơ/);
    expect(text).toContain('Lê Văn Tiếp');
    expect(textOf(renderDocumentHtml({ ...receipt, feeVnd: 50000 }))).toContain('50.000 đồng');
  });

  it('when a supplement request is rendered, then it names the papers asked for and the reason', () => {
    const text = textOf(renderDocumentHtml(supplement));
    expect(text).toContain('Giấy chứng sinh (bản rõ nét)');
    expect(text).toContain('Lý do: Giấy chứng sinh bị mờ, không đọc được');
    expect(text).toContain('Người hướng dẫn');
  });

  it('when a refusal is rendered, then it gives the reason, worded for the stage it was refused at', () => {
    const atProcessing = textOf(renderDocumentHtml(refusal));
    expect(atProcessing).toContain('Lý do: Người yêu cầu không thuộc thẩm quyền của xã');
    expect(atProcessing).toContain('thông báo không giải quyết hồ sơ này');
    const atIntake = textOf(renderDocumentHtml({ ...refusal, stage: 'intake', dossierCode: undefined }));
    expect(atIntake).toContain('thông báo không tiếp nhận, giải quyết hồ sơ này');
    expect(atIntake).toContain('Người tiếp nhận hồ sơ');
    expect(atIntake).not.toContain('Mã hồ sơ');
  });

  it('when an apology is rendered, then it apologises with the reason, the missed and the new appointment, signed by the head', () => {
    const text = textOf(renderDocumentHtml(apology));
    expect(text).toContain('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    expect(text).toContain('Ngày 20 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công xã Phong Điền tiếp nhận hồ sơ của Ông/Bà Trần Thị Bình');
    expect(text).toContain('Thời gian hẹn trả kết quả giải quyết hồ sơ: 15 giờ 00 phút, ngày 25 tháng 11 năm 2026');
    expect(text).toContain('Lý do: Cần xác minh thêm tại nơi cư trú cũ');
    expect(text).toContain('16 giờ 30 phút, ngày 27 tháng 11 năm 2026');
    expect(text).toContain('Hoàng Văn Lãnh');
    // A specialist recording the extension does not sign in the head's place.
    expect(textOf(renderDocumentHtml({ ...apology, officer: { name: 'Chuyên Viên X', role: 'specialist' } }))).not.toContain('Chuyên Viên X');
  });

  it('when a tracking slip is rendered, then each step is a row with its time in Vietnam time, who acted, the status and the note', () => {
    const text = textOf(renderDocumentHtml(trackingSlip));
    expect(text).toContain('1 Tiếp nhận hồ sơ 09 giờ 00 phút, ngày 25 tháng 11 năm 2026 Cán bộ tiếp nhận Đã tiếp nhận');
    expect(text).toContain('2 Yêu cầu bổ sung hồ sơ 10 giờ 15 phút, ngày 25 tháng 11 năm 2026 Chuyên viên xử lý Chờ bổ sung hồ sơ Giấy chứng sinh bị mờ');
    expect(text).toContain('Thời gian hẹn trả kết quả: 15 giờ 00 phút, ngày 25 tháng 11 năm 2026');
    expect(text).toContain('Tiến độ: Trong hạn');
    expect(textOf(renderDocumentHtml({ ...trackingSlip, flags: { overdue: true, extended: true } }))).toContain('Tiến độ: Quá hạn');
  });

  it('when the slip is still missing its receipt facts, then those lines are left out rather than printing a wrong date', () => {
    const { receivedAt: _r, appointmentAt: _a, ...partial } = trackingSlip;
    const text = textOf(renderDocumentHtml({ ...partial, applicant: { fullName: '' } }));
    expect(text).not.toContain('Thời gian nhận hồ sơ');
    expect(text).toContain('Họ và tên người nộp hồ sơ: —');
  });
});

describe('personal data and escaping', () => {
  it('when the applicant id is given, then only its last four digits are printed, even if more was passed', () => {
    // The apology letter names the citizen only, as form 04 does.
    for (const doc of all.filter((d) => d.kind !== 'apology')) expect(renderDocumentHtml(doc)).toContain('********2345');
    const page = renderDocumentHtml({ ...receipt, applicant: { fullName: 'A', idNumberLast4: '046190012345' } });
    expect(page).toContain('********2345');
    expect(page).not.toContain('046190012345');
  });

  it('when data holds markup, then it is printed as text on every document, never as tags', () => {
    const evil = '<script>alert("x")</script> & \'Bình\'';
    for (const doc of all) {
      const hostile = {
        ...doc,
        centreName: evil,
        dossierCode: evil,
        procedure: { code: evil, name: evil },
        applicant: { fullName: evil, address: evil, idNumberLast4: '2345' },
        officer: { name: evil, role: 'leader' },
        ...('reason' in doc ? { reason: evil } : {}),
        ...(doc.kind === 'tracking-slip' ? { steps: [{ step: evil, at: '2026-11-25T02:00:00Z', role: evil, status: evil, note: evil }] } : {}),
        ...(doc.kind === 'receipt' ? { documents: [{ name: evil }], returnChannel: evil } : {}),
        ...(doc.kind === 'supplement-request' ? { requestedDocuments: [{ name: evil }] } : {}),
      } as PrintableDocument;
      const page = renderDocumentHtml(hostile);
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('"x")');
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bình&#39;');
    }
  });

  it('when the lookup link is not http(s), then it is not printed as a link', () => {
    const page = renderDocumentHtml({ ...receipt, lookupUrl: 'javascript:alert(1)' });
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('<a ');
  });
});
