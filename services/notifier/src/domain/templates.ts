/**
 * The citizen-facing texts, in Vietnamese, versioned: every notification records
 * the template id and version it was rendered from. Appointment times are shown in
 * Asia/Ho_Chi_Minh whatever the server's zone.
 */
import type { ReturnChannel } from '@motcua/contracts';
import type { TemplateId } from './notification.entity';
import type { SmsTextPolicy } from './sms-text.rules';

export const templateVersions: Record<TemplateId, number> = { receipt: 1, result_ready: 1, rejected: 1 };

/**
 * How each template's text goes on the air. `unicode` by default: a citizen reads
 * "Hồ sơ" correctly, and unaccented Vietnamese is ambiguous ("ho so" / "hộ số");
 * a centre paying per segment can switch a template to `unaccented` (GSM-7, about
 * twice the characters per segment). The policy is not part of the template
 * version: it changes the encoding, not the wording.
 */
export const templatePolicies: Record<TemplateId, SmsTextPolicy> = { receipt: 'unicode', result_ready: 'unicode', rejected: 'unicode' };

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

export function whereToCollect(channel: ReturnChannel): string {
  switch (channel.type) {
    case 'counter':
      return 'tại quầy tiếp nhận của Trung tâm';
    case 'postal_point':
      return `tại điểm bưu chính công ích ${channel.postalPointId ?? ''}`.trim();
    case 'postal_home':
      return 'qua bưu chính đến địa chỉ ông/bà đã đăng ký';
    case 'electronic':
      return 'bằng bản điện tử trên Cổng dịch vụ công';
  }
}

export type TemplateInput =
  | { template: 'receipt'; dossierCode: string; appointmentAt: string; lookupUrl: string }
  | { template: 'result_ready'; dossierCode: string; channel: ReturnChannel }
  | { template: 'rejected'; dossierCode: string; reason: string; channel: ReturnChannel };

export function render(input: TemplateInput): string {
  switch (input.template) {
    case 'receipt':
      return `Hồ sơ ${input.dossierCode} đã được tiếp nhận. Hẹn trả kết quả: ${formatLocalTime(input.appointmentAt)}. Tra cứu: ${input.lookupUrl}`;
    case 'result_ready':
      return `Kết quả hồ sơ ${input.dossierCode} đã sẵn sàng. Ông/bà nhận kết quả ${whereToCollect(input.channel)}.`;
    case 'rejected':
      return `Hồ sơ ${input.dossierCode} không được giải quyết. Lý do: ${input.reason}. Văn bản trả lời được trả ${whereToCollect(input.channel)}.`;
  }
}
