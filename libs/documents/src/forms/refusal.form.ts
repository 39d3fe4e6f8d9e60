/**
 * Form 03: the refusal, at the counter (the dossier is not taken in) or after
 * examination (the received dossier is not resolved); either way the reason is written out.
 */
import type { RefusalLetter } from '../documents.types';
import { html } from '../html.template';
import { applicantFields, documentPage, field, procedureField, signHint } from '../page.layout';

export function renderRefusal(letter: RefusalLetter): string {
  const atIntake = letter.stage === 'intake';
  const issuer = letter.receptionPointName ?? letter.centreName;
  const body = html`
<p>${issuer} ${atIntake ? 'tiếp nhận hồ sơ của:' : 'đã tiếp nhận và xem xét hồ sơ của:'}</p>
${applicantFields(letter.applicant)}
${procedureField(letter.procedure)}
<p>${atIntake ? `Qua xem xét, ${issuer} thông báo không tiếp nhận, giải quyết hồ sơ này` : `Qua xem xét, ${letter.centreName} thông báo không giải quyết hồ sơ này`} với lý do cụ thể như sau:</p>
${field('Lý do', letter.reason)}
<p>Xin thông báo để Ông/Bà được biết và thực hiện./.</p>`;
  return documentPage('refusal', letter, body, [
    { title: atIntake ? 'Người tiếp nhận hồ sơ' : 'Người giải quyết hồ sơ', hint: signHint, name: letter.officer?.name },
  ]);
}
