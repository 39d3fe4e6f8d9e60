/**
 * The Vietnamese words a printed document uses for codes that travel as data: form
 * titles and numbers, roles, statuses, return channels. Unknown codes print as given,
 * so a caller may also pass ready-made Vietnamese text.
 */
import type { DocumentKind } from './documents.types';

const titles: Record<DocumentKind, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  'supplement-request': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  // The 2025 circular's form 04 both apologises and proposes the extended time.
  apology: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
  'tracking-slip': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
};

/** Form numbers in Appendix I of Circular 03/2025/TT-VPCP (05 is the stop notice, 07 the register: not issued here). */
const formNumbers: Record<DocumentKind, string> = {
  receipt: '01',
  'supplement-request': '02',
  refusal: '03',
  apology: '04',
  'tracking-slip': '06',
};

export const CIRCULAR = 'Thông tư số 03/2025/TT-VPCP';

export function documentTitle(kind: DocumentKind): string {
  return titles[kind];
}

export function formNumberOf(kind: DocumentKind): string {
  return formNumbers[kind];
}

const roles: Record<string, string> = {
  citizen: 'Công dân',
  integrator: 'Hệ thống liên thông',
  reception: 'Cán bộ tiếp nhận',
  specialist: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo',
  courier: 'Nhân viên chuyển hồ sơ',
  ops: 'Cán bộ vận hành',
  system: 'Hệ thống',
};

const statuses: Record<string, string> = {
  RECEIVED: 'Đã tiếp nhận',
  IN_TRANSIT: 'Đang chuyển về trung tâm',
  IN_PROCESSING: 'Đang giải quyết',
  SUPPLEMENT_REQUESTED: 'Chờ bổ sung hồ sơ',
  AWAITING_SIGNATURE: 'Chờ ký duyệt',
  SIGNED: 'Đã ký kết quả',
  RESULT_READY: 'Có kết quả, chờ trả',
  REJECTED: 'Từ chối giải quyết',
  RETURNED: 'Đã trả kết quả',
  WITHDRAWN: 'Đã rút hồ sơ',
};

const returnChannels: Record<string, string> = {
  counter: 'Nhận trực tiếp tại Bộ phận Một cửa',
  postal_point: 'Nhận tại điểm bưu chính công ích',
  postal_home: 'Nhận qua dịch vụ bưu chính tại địa chỉ đã đăng ký',
  electronic: 'Nhận bản điện tử trực tuyến',
};

export const roleLabel = (role: string): string => roles[role] ?? role;
export const statusLabel = (status: string): string => statuses[status] ?? status;
export const returnChannelLabel = (channel: string): string => returnChannels[channel] ?? channel;

const vnd = new Intl.NumberFormat('vi-VN');

/** `50.000 đồng`; a free procedure says so rather than printing 0. */
export function feeLabel(feeVnd: number): string {
  return feeVnd > 0 ? `${vnd.format(feeVnd)} đồng` : 'Không thu phí';
}

/** `********1234`: the last four digits only, whatever the caller passed. */
export function maskedIdNumber(idNumberLast4: string | undefined): string | undefined {
  const digits = (idNumberLast4 ?? '').replace(/\D/g, '').slice(-4);
  return digits ? `********${digits}` : undefined;
}
