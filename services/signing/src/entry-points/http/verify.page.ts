/** The public verification page (Vietnamese): a file picker that posts the PDF to /v1/verify, and a document's record for its QR link. */
import { escapeHtml, formatVietnamDateTime, pageContentSecurityPolicy } from '@motcua/documents';
import type { PublicDocumentRecord } from '../../domain/signing.use-cases';

const style = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
dt{font-weight:600}dd{margin:0 0 .5rem 0;word-break:break-all}.ok{color:#0a6b2c}.bad{color:#a3141b}.box{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}`;

/** Scripts only from this origin (the page's own verify.js), no inline code, no other origin; its own style sheet only. */
export const verifyPageContentSecurityPolicy = pageContentSecurityPolicy({ styles: [style], scriptSrc: "'self'", connectSrc: "'self'" });

function recordHtml(record: PublicDocumentRecord): string {
  const rows: [string, string | undefined][] = [
    ['Mã hồ sơ', record.dossierCode],
    ['Thủ tục', record.procedureCode],
    ['Người ký', record.signerName],
    ['Thời điểm ký', formatVietnamDateTime(record.signedAt)],
    ['Mã băm SHA-256 của tệp đã ký', record.sha256],
  ];
  return `<dl>${rows
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value ?? '')}</dd>`)
    .join('')}</dl>`;
}

export function verifyPageHtml(options: { documentId?: string; record?: PublicDocumentRecord }): string {
  let recordSection = '';
  if (options.documentId !== undefined) {
    recordSection = options.record
      ? `<section class="box"><h2 class="ok">Văn bản có trong hồ sơ lưu trữ</h2>${recordHtml(options.record)}
<p>Để chắc chắn bản bạn đang giữ đúng là bản đã ký, hãy tải tệp PDF lên bên dưới: tệp phải khớp mã băm trên.</p></section>`
      : `<section class="box"><h2 class="bad">Không tìm thấy văn bản</h2><p>Không có văn bản nào mang mã ${escapeHtml(options.documentId)}.</p></section>`;
  }
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Kiểm tra chữ ký số văn bản kết quả</title><style>${style}</style><script src="/verify/verify.js" defer></script></head>
<body><h1>Kiểm tra chữ ký số văn bản kết quả</h1>
${recordSection}
<section class="box"><h2>Kiểm tra một tệp PDF</h2>
<p>Chọn tệp PDF kết quả giải quyết thủ tục hành chính. Tệp chỉ được dùng để kiểm tra, không được lưu lại.</p>
<input type="file" id="file" accept="application/pdf,.pdf">
<div id="result" aria-live="polite"></div></section>
</body></html>`;
}

/** Posts the chosen file as application/pdf and shows the answer; built with DOM calls, so nothing from the answer is parsed as HTML. */
export const verifyPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var input = document.getElementById('file');
  var out = document.getElementById('result');
  function line(label, value, cls) {
    var p = document.createElement('p');
    if (cls) p.className = cls;
    var b = document.createElement('strong');
    b.textContent = label;
    p.appendChild(b);
    if (value) p.appendChild(document.createTextNode(' ' + value));
    out.appendChild(p);
  }
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    out.textContent = 'Đang kiểm tra…';
    fetch('/v1/verify', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file })
      .then(function (response) { return response.json(); })
      .then(function (report) {
        out.textContent = '';
        if (report.valid === undefined) { line('Không kiểm tra được:', report.message || '', 'bad'); return; }
        line(report.valid ? 'Chữ ký số HỢP LỆ' : 'Chữ ký số KHÔNG HỢP LỆ', report.valid ? '' : (report.problem || ''), report.valid ? 'ok' : 'bad');
        if (report.signerName) line('Người ký:', report.signerName);
        if (report.signingTime) line('Thời điểm ký:', new Date(report.signingTime).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }));
        if (report.document) line('Mã hồ sơ:', report.document.dossierCode);
        line(report.matchesRecord ? 'Khớp với văn bản trong hồ sơ lưu trữ.' : 'Không khớp với văn bản nào trong hồ sơ lưu trữ.', '', report.matchesRecord ? 'ok' : 'bad');
      })
      .catch(function (error) { out.textContent = 'Lỗi: ' + error; });
  });
});
`;
