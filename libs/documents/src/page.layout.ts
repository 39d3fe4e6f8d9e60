/**
 * The page every document shares: an A4 sheet laid out as Vietnamese administrative
 * papers are (issuer top left, national title top right, form number above, the
 * document's title centred, signatures at the foot), with print CSS and no external
 * resources, so it prints the same from an air-gapped counter PC.
 */
import type { DocumentApplicant, DocumentHeader, DocumentKind, ListedPaper } from './documents.types';
import { CIRCULAR, documentTitle, formNumberOf, maskedIdNumber } from './document.labels';
import { html, trustedHtml, type HtmlValue, type SafeHtml } from './html.template';
import { formatVietnamDate } from './vietnam-time.format';
import { pageContentSecurityPolicy } from './content-security-policy';

/** Times New Roman 13pt and the margins of Decree 30/2020/NĐ-CP; screen view shows the sheet. */
const styleSheet = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 13pt; line-height: 1.4; color: #000; }
body { margin: 0; }
.sheet { width: 100%; }
@media screen {
  body { background: #e5e5e5; }
  .sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 15mm 20mm 30mm; background: #fff; box-shadow: 0 0 4px rgba(0,0,0,.3); }
}
p { margin: 0 0 4pt; }
.form-number { text-align: right; font-size: 11pt; font-style: italic; margin-bottom: 6pt; }
table.masthead { width: 100%; border-collapse: collapse; }
table.masthead td { width: 42%; vertical-align: top; text-align: center; padding: 0; }
/* The national title needs the wider column to stay on one line. */
table.masthead td + td { width: 58%; }
.issuer-name { font-weight: bold; text-transform: uppercase; font-size: 12pt; }
.issuer-point { font-size: 12pt; }
.nation-name { font-weight: bold; font-size: 12pt; white-space: nowrap; }
.motto { font-weight: bold; }
.rule { width: 40%; margin: 2pt auto 6pt; border-top: 1px solid #000; }
.dated { font-style: italic; }
h1 { font-size: 14pt; font-weight: bold; text-transform: uppercase; text-align: center; margin: 14pt 0 2pt; }
.dossier-code { text-align: center; margin-bottom: 12pt; }
.label { font-weight: bold; }
ol.items, ul.items { margin: 2pt 0 6pt; padding-left: 20pt; }
table.grid { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 12pt; }
table.grid th, table.grid td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }
table.grid th { text-align: center; }
table.grid td.n { text-align: center; width: 10mm; }
tr, .signatures { page-break-inside: avoid; break-inside: avoid; }
table.signatures { width: 100%; margin-top: 16pt; border-collapse: collapse; }
table.signatures td { width: 50%; text-align: center; vertical-align: top; padding: 0; }
.sign-title { font-weight: bold; text-transform: uppercase; }
.sign-hint { font-style: italic; font-size: 12pt; }
.sign-space { height: 24mm; }
.sign-name { font-weight: bold; }
a { color: inherit; }
`;
const styles = trustedHtml(styleSheet);

/**
 * The Content-Security-Policy to serve a document page with: the page needs nothing
 * but its inline style sheet, so anything else that got in is refused by the browser.
 */
export const documentContentSecurityPolicy = pageContentSecurityPolicy({ styles: [styleSheet] });

export interface SignatureBlock {
  title: string;
  hint: string;
  name?: string;
}

export const signHint = '(Ký và ghi rõ họ tên)';

function signatureCell(block: SignatureBlock | undefined): SafeHtml {
  if (!block) return html`<td></td>`;
  return html`<td><div class="sign-title">${block.title}</div><div class="sign-hint">${block.hint}</div><div class="sign-space"></div><div class="sign-name">${block.name}</div></td>`;
}

/** One signer signs on the right, as on official papers; two sign side by side. */
function signatures(blocks: SignatureBlock[]): SafeHtml {
  if (blocks.length === 0) return html``;
  const rows: (SignatureBlock | undefined)[][] = [];
  for (let i = 0; i < blocks.length; i += 2) rows.push(blocks.length - i === 1 ? [undefined, blocks[i]] : [blocks[i], blocks[i + 1]]);
  return html`<table class="signatures">${rows.map((row) => html`<tr>${row.map(signatureCell)}</tr>`)}</table>`;
}

/** `Label: value`, or nothing when the value is absent. */
export function field(label: string, value: HtmlValue): SafeHtml {
  if (value === undefined || value === null || value === '') return html``;
  return html`<p><span class="label">${label}:</span> ${value}</p>`;
}

/** The citizen's lines; the id number only as its last four digits. */
export function applicantFields(applicant: DocumentApplicant, label = 'Họ và tên người nộp hồ sơ'): SafeHtml {
  return html`${field(label, applicant.fullName || '—')}${field('Số định danh cá nhân', maskedIdNumber(applicant.idNumberLast4))}${field('Địa chỉ', applicant.address)}${field('Số điện thoại', applicant.phone)}`;
}

export function procedureField(procedure: DocumentHeader['procedure']): SafeHtml {
  const name = procedure.name || procedure.code;
  return field('Nội dung yêu cầu giải quyết', name === procedure.code ? name : `${name} (mã thủ tục ${procedure.code})`);
}

export function papersTable(papers: ListedPaper[], emptyText: string): SafeHtml {
  if (papers.length === 0) return html`<p><em>${emptyText}</em></p>`;
  const rows = papers.map((paper, i) => html`<tr><td class="n">${i + 1}</td><td>${paper.name}</td><td class="n">${paper.copies}</td></tr>`);
  return html`<table class="grid"><thead><tr><th>STT</th><th>Tên giấy tờ</th><th>Số bản</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** `ngày 05 …` → `Ngày 05 …` at the start of a sentence. */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function documentPage(kind: DocumentKind, header: DocumentHeader, body: SafeHtml, signers: SignatureBlock[]): string {
  const title = documentTitle(kind);
  const page = html`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}${header.dossierCode ? ` – ${header.dossierCode}` : ''}</title>
<style>${styles}</style>
</head>
<body>
<main class="sheet">
<p class="form-number">Mẫu số ${formNumberOf(kind)} – ${CIRCULAR}</p>
<table class="masthead"><tr>
<td><div class="issuer-name">${header.centreName}</div>${header.receptionPointName ? html`<div class="issuer-point">${header.receptionPointName}</div>` : ''}<div class="rule"></div></td>
<td><div class="nation-name">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto">Độc lập - Tự do - Hạnh phúc</div><div class="rule"></div><div class="dated">${capitalised(formatVietnamDate(header.issuedAt))}</div></td>
</tr></table>
<h1>${title}</h1>
${header.dossierCode ? html`<p class="dossier-code">Mã hồ sơ: <strong>${header.dossierCode}</strong></p>` : ''}
${body}
${signatures(signers)}
</main>
</body>
</html>
`;
  return page.text;
}
