/** Form 04: the apology for a missed appointment, with the reason and the new appointment. */
import type { ApologyLetter } from '../documents.types';
import { html } from '../html.template';
import { capitalised, documentPage, field, procedureField } from '../page.layout';
import { formatVietnamDate, formatVietnamDateTime } from '../vietnam-time.format';

export function renderApology(letter: ApologyLetter): string {
  const centre = letter.centreName;
  const opening = letter.receivedAt ? `${capitalised(formatVietnamDate(letter.receivedAt))}, ${centre} tiếp nhận` : `${centre} đã tiếp nhận`;
  const body = html`
<p>${opening} hồ sơ của Ông/Bà <strong>${letter.applicant.fullName || '—'}</strong>.</p>
${procedureField(letter.procedure)}
${field('Thời gian hẹn trả kết quả giải quyết hồ sơ', formatVietnamDateTime(letter.previousAppointmentAt))}
<p>Tuy nhiên đến nay, ${centre} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>
${field('Lý do', letter.reason)}
<p>Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${centre} xin lỗi Ông/Bà và xin gia hạn thời gian giải quyết, hẹn trả kết quả vào <strong>${formatVietnamDateTime(letter.newAppointmentAt)}</strong>.</p>
<p>Xin trân trọng cảm ơn./.</p>`;
  // The letter goes out in the head's name: a specialist who recorded the extension is not its signer.
  const head = letter.officer?.role === 'leader' ? letter.officer.name : undefined;
  return documentPage('apology', letter, body, [{ title: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: head }]);
}
