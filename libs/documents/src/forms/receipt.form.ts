/** Form 01, the receipt and appointment slip: what was handed in, when the result is due, where to collect it. */
import type { ReceiptSlip } from '../documents.types';
import { feeLabel, returnChannelLabel } from '../document.labels';
import { html, safeHref } from '../html.template';
import { applicantFields, documentPage, field, papersTable, procedureField, signHint } from '../page.layout';
import { formatVietnamDateTime } from '../vietnam-time.format';

export function renderReceipt(slip: ReceiptSlip): string {
  const lookup = safeHref(slip.lookupUrl);
  const body = html`
<p>${slip.receptionPointName ?? slip.centreName} đã tiếp nhận hồ sơ của:</p>
${applicantFields(slip.applicant)}
${procedureField(slip.procedure)}
<p><span class="label">1. Thành phần hồ sơ nộp gồm:</span></p>
${papersTable(slip.documents, 'Không có giấy tờ kèm theo.')}
<p><span class="label">2. Số lượng hồ sơ:</span> 01 bộ.</p>
<p><span class="label">3. Thời gian nhận hồ sơ:</span> ${formatVietnamDateTime(slip.receivedAt)}.</p>
<p><span class="label">4. Thời gian trả kết quả giải quyết hồ sơ:</span> ${formatVietnamDateTime(slip.appointmentAt)}.</p>
<p><span class="label">5. Phí, lệ phí:</span> ${feeLabel(slip.feeVnd)}.</p>
<p><span class="label">6. Đăng ký nhận kết quả:</span> ${returnChannelLabel(slip.returnChannel)}.</p>
${lookup ? field('Tra cứu tình trạng hồ sơ tại', html`<a href="${lookup}">${lookup}</a>`) : ''}`;
  return documentPage('receipt', slip, body, [
    { title: 'Người nộp hồ sơ', hint: signHint, name: slip.applicant.fullName },
    { title: 'Người tiếp nhận hồ sơ', hint: signHint, name: slip.officer?.name },
  ]);
}
