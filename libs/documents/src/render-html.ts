/** Printable HTML for every document kind (work in progress: see the documents helper). */
import type { DocumentKind, PrintableDocument } from './documents.types';

const titles: Record<DocumentKind, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  'supplement-request': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  apology: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả',
  'tracking-slip': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
};

export function documentTitle(kind: DocumentKind): string {
  return titles[kind];
}

export function renderDocumentHtml(document: PrintableDocument): string {
  throw new Error(`renderer for ${document.kind} not written yet`);
}
