import { measureSmsText, prepareSmsText, unaccent } from '../../src/domain/sms-text.rules';

const a = (n: number): string => 'a'.repeat(n);

describe('SMS text on the air', () => {
  describe('GSM-7', () => {
    it('when plain ASCII is 160 characters, then it is one GSM-7 segment; at 161 it is two', () => {
      expect(prepareSmsText(a(160))).toEqual({ text: a(160), encoding: 'gsm7', segments: 1, characters: 160 });
      expect(prepareSmsText(a(161))).toMatchObject({ encoding: 'gsm7', segments: 2, characters: 161 });
    });

    it('when a multipart GSM-7 text reaches 306 septets it is two segments of 153; at 307 it is three', () => {
      expect(prepareSmsText(a(306)).segments).toBe(2);
      expect(prepareSmsText(a(307)).segments).toBe(3);
    });

    it.each(['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f'])('when the extension character %j is present, then it counts as two septets at the 160 boundary', (ext) => {
      expect(prepareSmsText(a(158) + ext)).toMatchObject({ encoding: 'gsm7', segments: 1, characters: 159 });
      expect(prepareSmsText(a(159) + ext)).toMatchObject({ encoding: 'gsm7', segments: 2, characters: 160 });
    });

    it('when an extension character would straddle two parts, then it moves whole to the next part', () => {
      // 152 + 2 + 152 = 306 septets: two parts by arithmetic, three because '{' cannot be split after septet 152.
      expect(measureSmsText(a(152) + '{' + a(152)).segments).toBe(3);
      expect(measureSmsText(a(151) + '{' + a(153)).segments).toBe(2);
    });

    it('when the text uses GSM letters beyond ASCII (é, ñ, Ø, Δ), then it stays GSM-7', () => {
      expect(prepareSmsText('café España Øre Δ £5 @home').encoding).toBe('gsm7');
    });
  });

  describe('UCS-2 for Vietnamese', () => {
    it('when diacritics are kept, then the text goes UCS-2: 70 characters are one segment, 71 are two', () => {
      expect(prepareSmsText('ơ'.repeat(70))).toEqual({ text: 'ơ'.repeat(70), encoding: 'ucs2', segments: 1, characters: 70 });
      expect(prepareSmsText('ơ'.repeat(71))).toMatchObject({ encoding: 'ucs2', segments: 2 });
    });

    it('when a multipart UCS-2 text reaches 134 units it is two segments of 67; at 135 it is three', () => {
      expect(prepareSmsText('đ'.repeat(134)).segments).toBe(2);
      expect(prepareSmsText('đ'.repeat(135)).segments).toBe(3);
    });

    it('when one Vietnamese letter is in an otherwise ASCII text, then the whole message is UCS-2', () => {
      expect(prepareSmsText(`${a(69)}ư`)).toMatchObject({ encoding: 'ucs2', segments: 1 });
      expect(prepareSmsText(`${a(70)}ư`)).toMatchObject({ encoding: 'ucs2', segments: 2 });
    });

    it('when the input is decomposed (NFD), then it is normalised to NFC before counting', () => {
      const nfd = 'Hồ sơ được tiếp nhận'.normalize('NFD');
      expect(nfd.length).toBeGreaterThan(20);
      const prepared = prepareSmsText(nfd);
      expect(prepared.text).toBe('Hồ sơ được tiếp nhận'.normalize('NFC'));
      expect(prepared.text.normalize('NFC')).toBe(prepared.text);
      expect(prepared.characters).toBe(20);
    });
  });

  describe('emoji and other astral characters', () => {
    it('when the text has emoji, then each counts as two UTF-16 units but one character', () => {
      expect(prepareSmsText('😀'.repeat(35))).toMatchObject({ encoding: 'ucs2', segments: 1, characters: 35 });
      expect(prepareSmsText(`${a(69)}😀`)).toMatchObject({ encoding: 'ucs2', segments: 2, characters: 70 });
    });

    it('when an emoji would straddle two parts, then the surrogate pair moves whole to the next part', () => {
      // 66 + 2 + 66 = 134 units: two parts by arithmetic, three because the pair cannot be split after unit 66.
      expect(measureSmsText(`${a(66)}😀${a(66)}`).segments).toBe(3);
      expect(measureSmsText(`${a(65)}😀${a(67)}`).segments).toBe(2);
    });
  });

  describe('unaccented policy', () => {
    const families: [string, string][] = [
      ['aáàảãạ', 'a'],
      ['ăắằẳẵặ', 'a'],
      ['âấầẩẫậ', 'a'],
      ['eéèẻẽẹ', 'e'],
      ['êếềểễệ', 'e'],
      ['iíìỉĩị', 'i'],
      ['oóòỏõọ', 'o'],
      ['ôốồổỗộ', 'o'],
      ['ơớờởỡợ', 'o'],
      ['uúùủũụ', 'u'],
      ['ưứừửữự', 'u'],
      ['yýỳỷỹỵ', 'y'],
    ];

    it.each(families)('when the vowel family %s carries any tone, lower or upper case, then it becomes %s', (letters, base) => {
      expect(prepareSmsText(letters, { policy: 'unaccented' })).toEqual({ text: base.repeat(6), encoding: 'gsm7', segments: 1, characters: 6 });
      expect(prepareSmsText(letters.toUpperCase(), { policy: 'unaccented' }).text).toBe(base.toUpperCase().repeat(6));
    });

    it('when the text has đ or Đ, then they become d and D', () => {
      expect(unaccent('đường Đống Đa')).toBe('duong Dong Da');
    });

    it.each([
      ['Hồ sơ đã được tiếp nhận', 'Ho so da duoc tiep nhan'],
      ['Ủy ban nhân dân xã Phong Điền', 'Uy ban nhan dan xa Phong Dien'],
      ['Kết quả đã sẵn sàng tại điểm bưu chính công ích', 'Ket qua da san sang tai diem buu chinh cong ich'],
      ['Người nhận: Trương Thị Ngọc Ánh', 'Nguoi nhan: Truong Thi Ngoc Anh'],
    ])('when a real sentence %j is unaccented, then it reads %j in GSM-7', (input, expected) => {
      expect(prepareSmsText(input, { policy: 'unaccented' })).toEqual({ text: expected, encoding: 'gsm7', segments: 1, characters: expected.length });
    });

    it('when the unaccented text is decomposed (NFD) on input, then the marks are still all removed', () => {
      expect(prepareSmsText('Hồ sơ đã được tiếp nhận'.normalize('NFD'), { policy: 'unaccented' }).text).toBe('Ho so da duoc tiep nhan');
    });

    it('when something is still not GSM-7 after transliteration, then the message goes UCS-2 and keeps it', () => {
      expect(prepareSmsText('Hồ sơ 😀 中文', { policy: 'unaccented' })).toEqual({ text: 'Ho so 😀 中文', encoding: 'ucs2', segments: 1, characters: 10 });
    });
  });

  it.each(['unicode', 'unaccented'] as const)('with the %s policy, a character outside GSM-7 is never replaced by "?"', (policy) => {
    const inputs = ['Hồ sơ 😀', '中文 テスト', 'Ωμέγα ß €', 'Привет', '“quotes” – dash…', 'Ǹ ǹ ẞ ﬁ'];
    for (const input of inputs) {
      const prepared = prepareSmsText(input, { policy });
      expect(prepared.text).not.toContain('?');
    }
  });

  describe('segment cap', () => {
    it('when a text fits the default cap of 5 segments, then it is accepted; one unit more is refused as permanent NOTIFIER.TEXT_TOO_LONG', () => {
      expect(prepareSmsText('ơ'.repeat(67 * 5)).segments).toBe(5);
      expect(() => prepareSmsText('ơ'.repeat(67 * 5 + 1))).toThrow(expect.objectContaining({ code: 'NOTIFIER.TEXT_TOO_LONG', retryable: false, status: 422 }));
    });

    it('when a smaller cap is configured, then it applies, never truncating', () => {
      expect(() => prepareSmsText(a(161), { maxSegments: 1 })).toThrow(expect.objectContaining({ code: 'NOTIFIER.TEXT_TOO_LONG', details: expect.objectContaining({ segments: 2, maxSegments: 1 }) }));
      expect(prepareSmsText(a(160), { maxSegments: 1 }).text).toBe(a(160));
    });

    it('when the unaccented policy makes a text fit, then the cap is judged on the unaccented text', () => {
      const long = 'Hồ sơ đã được tiếp nhận. '.repeat(12);
      expect(() => prepareSmsText(long, { maxSegments: 2 })).toThrow(expect.objectContaining({ code: 'NOTIFIER.TEXT_TOO_LONG' }));
      expect(prepareSmsText(long, { policy: 'unaccented', maxSegments: 2 })).toMatchObject({ encoding: 'gsm7', segments: 2 });
    });
  });
});

/**
 * Real Vietnamese sentences — đ, ơ, ư, stacked tone marks (ặ, ể, ỗ, ự, Ẩ), upper case —
 * with their unaccented forms typed by hand. The expected segment counts are worked
 * out here from the standards, not by the code under test:
 * - UCS-2: every character of these sentences is in the BMP, so the SMSC's count is
 *   the UTF-16 length; one segment holds 70, a multipart segment 67 (6 bytes of UDH).
 * - GSM-7: one septet a character, two for the extension table of GSM 03.38 (sent as
 *   ESC + character); one segment holds 160, a multipart segment 153.
 */
const GSM7_EXTENSION = ['\f', '^', '{', '}', '\\', '[', ']', '~', '|', '€'];
const ucs2Units = (text: string): number => text.length;
const gsm7Septets = (text: string): number => [...text].reduce((sum, ch) => sum + (GSM7_EXTENSION.includes(ch) ? 2 : 1), 0);
const ucs2SegmentsOf = (units: number): number => (units <= 70 ? 1 : Math.ceil(units / 67));
const gsm7SegmentsOf = (septets: number): number => (septets <= 160 ? 1 : Math.ceil(septets / 153));

const sentences: [string, string][] = [
  ['Hồ sơ đã được tiếp nhận', 'Ho so da duoc tiep nhan'],
  ['Ông Nguyễn Văn Đức ở thôn Phước Yên, xã Quảng Thọ', 'Ong Nguyen Van Duc o thon Phuoc Yen, xa Quang Tho'],
  ['Đề nghị bổ sung giấy chứng nhận quyền sử dụng đất', 'De nghi bo sung giay chung nhan quyen su dung dat'],
  ['Mười bảy giờ ngày hai mươi lăm tháng mười một', 'Muoi bay gio ngay hai muoi lam thang muoi mot'],
  ['Chị Ngọc Ẩn mượn quyển sổ hộ khẩu; ông Hữu Lộc đặt lịch lúc 8 giờ', 'Chi Ngoc An muon quyen so ho khau; ong Huu Loc dat lich luc 8 gio'],
  ['Bộ phận một cửa hỗ trợ người dân làm thủ tục trực tuyến', 'Bo phan mot cua ho tro nguoi dan lam thu tuc truc tuyen'],
  ['ĐẶNG THỊ ỨNG, XÃ PHONG HIỀN, ĐƯỜNG NGUYỄN HỮU THỌ', 'DANG THI UNG, XA PHONG HIEN, DUONG NGUYEN HUU THO'],
  ['Trường Tiểu học Thuận Hóa, đường Lê Lợi, phường Phú Hội, thành phố Huế', 'Truong Tieu hoc Thuan Hoa, duong Le Loi, phuong Phu Hoi, thanh pho Hue'],
  ['Lệ phí: 50.000đ [đã nộp] ~ 2€ | xem {mã} ở mục ^1', 'Le phi: 50.000d [da nop] ~ 2€ | xem {ma} o muc ^1'],
  [
    'Ủy ban nhân dân thành phố Huế trả lời: hồ sơ xin cấp phép xây dựng nhà ở riêng lẻ chưa đủ điều kiện vì thiếu bản vẽ mặt bằng và giấy tờ chứng minh quyền sử dụng đất hợp pháp.',
    'Uy ban nhan dan thanh pho Hue tra loi: ho so xin cap phep xay dung nha o rieng le chua du dieu kien vi thieu ban ve mat bang va giay to chung minh quyen su dung dat hop phap.',
  ],
  [
    'Kết quả hồ sơ HUE-261125-0042 đã sẵn sàng. Mời ông/bà đến nhận tại quầy tiếp nhận trụ sở phường Phong Điền, số 1 đường Phò Trạch, trước 17 giờ ngày 28/11/2026. Xin cảm ơn!',
    'Ket qua ho so HUE-261125-0042 da san sang. Moi ong/ba den nhan tai quay tiep nhan tru so phuong Phong Dien, so 1 duong Pho Trach, truoc 17 gio ngay 28/11/2026. Xin cam on!',
  ],
];

describe('real Vietnamese sentences against an independent count', () => {
  it('the table covers what makes Vietnamese hard: đ, ơ, ư, stacked tone marks, upper case, GSM extension characters and both sides of each boundary', () => {
    const all = sentences.map(([vi]) => vi).join(' ');
    for (const letter of ['đ', 'Đ', 'ơ', 'ư', 'Ư', 'ặ', 'Ặ', 'ể', 'ỗ', 'ự', 'ợ', 'Ẩ', 'Ứ']) expect(all).toContain(letter);
    const units = sentences.map(([vi]) => ucs2Units(vi));
    expect(units.some((n) => n <= 70)).toBe(true);
    expect(units.some((n) => n > 70)).toBe(true);
    const septets = sentences.map(([, plain]) => gsm7Septets(plain));
    expect(septets.some((n) => n > 160)).toBe(true);
    expect(sentences.some(([, plain]) => gsm7Septets(plain) > [...plain].length)).toBe(true);
  });

  it.each(sentences)('with diacritics kept, %j goes UCS-2 in as many segments as its UTF-16 length says', (vietnamese) => {
    const expected = ucs2SegmentsOf(ucs2Units(vietnamese));
    for (const input of [vietnamese, vietnamese.normalize('NFD')]) {
      expect(prepareSmsText(input)).toEqual({ text: vietnamese, encoding: 'ucs2', segments: expected, characters: [...vietnamese].length });
    }
  });

  it.each(sentences)('unaccented, %j reads %j in GSM-7, in as many segments as its septets say', (vietnamese, plain) => {
    const expected = gsm7SegmentsOf(gsm7Septets(plain));
    for (const input of [vietnamese, vietnamese.normalize('NFD')]) {
      expect(prepareSmsText(input, { policy: 'unaccented' })).toEqual({ text: plain, encoding: 'gsm7', segments: expected, characters: [...plain].length });
    }
  });
});
