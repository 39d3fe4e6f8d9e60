/** Form 02: what the citizen must add or correct, and why, so one visit is enough. */
import type { SupplementRequestLetter } from '../documents.types';
import { html } from '../html.template';
import { applicantFields, documentPage, field, papersTable, procedureField, signHint } from '../page.layout';

export function renderSupplementRequest(letter: SupplementRequestLetter): string {
  const body = html`
${applicantFields(letter.applicant, 'Hồ sơ của')}
${procedureField(letter.procedure)}
<p><span class="label">Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:</span></p>
${papersTable(letter.requestedDocuments, 'Xem lý do dưới đây.')}
${field('Lý do', letter.reason)}
<p>Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ ${letter.centreName} để được hướng dẫn.</p>
<p>Xin trân trọng cảm ơn./.</p>`;
  return documentPage('supplement-request', letter, body, [{ title: 'Người hướng dẫn', hint: signHint, name: letter.officer?.name }]);
}
