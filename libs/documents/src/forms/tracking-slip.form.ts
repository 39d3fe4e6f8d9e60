/** Form 06: every step the dossier went through, when, by whom, and in what status it left. */
import type { TrackingSlip } from '../documents.types';
import { roleLabel, statusLabel } from '../document.labels';
import { html } from '../html.template';
import { applicantFields, documentPage, field, procedureField } from '../page.layout';
import { formatVietnamDateTime } from '../vietnam-time.format';

function timeliness(slip: TrackingSlip): string | undefined {
  if (!slip.flags) return undefined;
  if (slip.flags.overdue) return 'Quá hạn';
  return slip.flags.extended ? 'Đã gia hạn' : 'Trong hạn';
}

export function renderTrackingSlip(slip: TrackingSlip): string {
  const rows = slip.steps.map(
    (step, i) =>
      html`<tr><td class="n">${i + 1}</td><td>${step.step}</td><td>${formatVietnamDateTime(step.at)}</td><td>${step.role ? roleLabel(step.role) : ''}</td><td>${step.status ? statusLabel(step.status) : ''}</td><td>${step.note}</td></tr>`,
  );
  const body = html`
${applicantFields(slip.applicant)}
${procedureField(slip.procedure)}
${field('Nơi tiếp nhận', slip.receptionPointName)}
${field('Thời gian nhận hồ sơ', slip.receivedAt ? formatVietnamDateTime(slip.receivedAt) : undefined)}
${field('Thời gian hẹn trả kết quả', slip.appointmentAt ? formatVietnamDateTime(slip.appointmentAt) : undefined)}
${field('Tình trạng hồ sơ', slip.status ? statusLabel(slip.status) : undefined)}
${field('Tiến độ', timeliness(slip))}
<table class="grid">
<thead><tr><th>STT</th><th>Bước xử lý</th><th>Thời gian</th><th>Người thực hiện</th><th>Trạng thái hồ sơ</th><th>Ghi chú</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<p><em>Phiếu được lập từ hệ thống theo dõi hồ sơ lúc ${formatVietnamDateTime(slip.issuedAt)}.</em></p>`;
  // The slip is the centre's own record: its masthead names the centre, the point is a line of the body.
  return documentPage('tracking-slip', { ...slip, receptionPointName: undefined }, body, []);
}
