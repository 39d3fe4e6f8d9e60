/**
 * The citizen-facing texts, in Vietnamese, versioned: every notification records
 * the template id and version it was rendered from, and a change of wording is a new
 * version. Appointment times are shown in Asia/Ho_Chi_Minh whatever the server's
 * zone. Places arrive already named (from the catalogue): rendering is pure.
 */
import type { TemplateId } from './notification.entity';
import type { SmsTextPolicy } from './sms-text.rules';

/**
 * result_ready 2 and rejected 2 name the place (the reception point's name, the postal
 * point) instead of "the centre's counter", which was wrong for satellite points.
 */
export const templateVersions: Record<TemplateId, number> = {
  receipt: 1,
  supplement_requested: 1,
  extended: 1,
  withdrawn: 1,
  result_ready: 2,
  rejected: 2,
  postal_booked: 1,
  postal_failed_counter: 1,
  returned: 1,
};

/**
 * How each template's text goes on the air. `unicode` by default: a citizen reads
 * "Hồ sơ" correctly, and unaccented Vietnamese is ambiguous ("ho so" / "hộ số");
 * a centre paying per segment can switch a template to `unaccented` (GSM-7, about
 * twice the characters per segment). The policy is not part of the template
 * version: it changes the encoding, not the wording.
 */
export const templatePolicies: Record<TemplateId, SmsTextPolicy> = {
  receipt: 'unicode',
  supplement_requested: 'unicode',
  extended: 'unicode',
  withdrawn: 'unicode',
  result_ready: 'unicode',
  rejected: 'unicode',
  postal_booked: 'unicode',
  postal_failed_counter: 'unicode',
  returned: 'unicode',
};

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour12: false,
});

export function formatLocalTime(iso: string): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts['hour']}:${parts['minute']} ngày ${parts['day']}/${parts['month']}/${parts['year']}`;
}

/** Where a result or a letter is collected, named for the citizen. */
export type ReturnPlace =
  /** A reception point of the centre, by its catalogue name ("Quầy tiếp nhận trụ sở phường Phong Điền"). */
  | { kind: 'counter'; name: string }
  | { kind: 'postal_point'; postalPointId?: string | undefined }
  | { kind: 'postal_home' }
  /** Downloaded: the lookup page offers the download link. */
  | { kind: 'electronic'; lookupUrl: string };

/** Where a supplement is handed in: the point the dossier was received at, or the portal it came from. */
export type SupplementPlace = { kind: 'counter'; name: string } | { kind: 'portal' };

/** A catalogue name inside a sentence: "Quầy tiếp nhận…" reads "quầy tiếp nhận…" after "tại". */
const inSentence = (name: string): string => name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);

function collectResult(place: ReturnPlace): string {
  switch (place.kind) {
    case 'counter':
      return `Mời ông/bà đến nhận tại ${inSentence(place.name)}.`;
    case 'postal_point':
      return `Mời ông/bà đến nhận tại điểm bưu chính công ích${place.postalPointId ? ` ${place.postalPointId}` : ''}.`;
    case 'postal_home':
      return 'Bưu chính sẽ chuyển kết quả đến địa chỉ ông/bà đã đăng ký.';
    case 'electronic':
      return `Ông/bà tải về bản điện tử tại: ${place.lookupUrl}`;
  }
}

function letterPlace(place: ReturnPlace): string {
  switch (place.kind) {
    case 'counter':
      return `tại ${inSentence(place.name)}`;
    case 'postal_point':
      return `tại điểm bưu chính công ích${place.postalPointId ? ` ${place.postalPointId}` : ''}`;
    case 'postal_home':
      return 'qua bưu chính đến địa chỉ ông/bà đã đăng ký';
    // A rejection has no signed document to download: the written answer goes through the portal.
    case 'electronic':
      return 'bằng bản điện tử trên Cổng dịch vụ công';
  }
}

export type TemplateInput =
  | { template: 'receipt'; dossierCode: string; appointmentAt: string; lookupUrl: string }
  /** `documents`: the list as it fits an SMS (see smsList in the use cases). */
  | { template: 'supplement_requested'; dossierCode: string; documents: string; place: SupplementPlace }
  | { template: 'extended'; dossierCode: string; newAppointmentAt: string }
  | { template: 'withdrawn'; dossierCode: string }
  | { template: 'result_ready'; dossierCode: string; place: ReturnPlace }
  | { template: 'rejected'; dossierCode: string; reason: string; place: ReturnPlace }
  /** `pointName`: the postal point's registry name; absent for a home delivery. */
  | { template: 'postal_booked'; dossierCode: string; trackingCode: string; pickupCode: string; pointName?: string | undefined }
  /** `counterName`: the centre's main counter, where the result now waits. */
  | { template: 'postal_failed_counter'; dossierCode: string; counterName: string }
  /** `kind`: the result itself, or the letter explaining a refusal. */
  | { template: 'returned'; dossierCode: string; kind: 'result' | 'rejection'; returnedAt: string };

export function render(input: TemplateInput): string {
  switch (input.template) {
    case 'receipt':
      return `Hồ sơ ${input.dossierCode} đã được tiếp nhận. Hẹn trả kết quả: ${formatLocalTime(input.appointmentAt)}. Tra cứu: ${input.lookupUrl}`;
    case 'supplement_requested': {
      const where = input.place.kind === 'counter' ? `tại ${inSentence(input.place.name)}` : 'trên Cổng dịch vụ công';
      return `Hồ sơ ${input.dossierCode} cần bổ sung: ${input.documents}. Mời ông/bà nộp bổ sung ${where}.`;
    }
    case 'extended':
      return `Trung tâm xin lỗi ông/bà: hồ sơ ${input.dossierCode} chưa có kết quả đúng hẹn. Hẹn trả kết quả mới: ${formatLocalTime(input.newAppointmentAt)}.`;
    case 'withdrawn':
      return `Hồ sơ ${input.dossierCode} đã được rút theo đề nghị của ông/bà.`;
    case 'result_ready':
      return `Kết quả hồ sơ ${input.dossierCode} đã sẵn sàng. ${collectResult(input.place)}`;
    case 'rejected':
      return `Hồ sơ ${input.dossierCode} không được giải quyết. Lý do: ${input.reason}. Văn bản trả lời được trả ${letterPlace(input.place)}.`;
    case 'postal_booked': {
      const where = input.pointName ? `điểm bưu chính ${input.pointName}` : 'địa chỉ ông/bà đã đăng ký';
      const code = input.pointName ? ` Mã nhận tại điểm: ${input.pickupCode}.` : ` Mã nhận: ${input.pickupCode}.`;
      return `Kết quả hồ sơ ${input.dossierCode} đã được gửi qua bưu chính đến ${where}. Mã vận đơn: ${input.trackingCode}.${code}`;
    }
    case 'postal_failed_counter':
      return `Bưu chính không chuyển được kết quả hồ sơ ${input.dossierCode}. Mời ông/bà đến nhận tại ${inSentence(input.counterName)}.`;
    case 'returned':
      return `${input.kind === 'result' ? 'Kết quả' : 'Văn bản trả lời'} hồ sơ ${input.dossierCode} đã được trả lúc ${formatLocalTime(input.returnedAt)}. Cảm ơn ông/bà đã sử dụng dịch vụ.`;
  }
}
