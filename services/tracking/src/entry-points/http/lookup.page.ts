/**
 * The citizen lookup page (Vietnamese, phone-first): a form for the dossier code and
 * the last four digits of the phone, and the answer drawn with DOM calls so nothing
 * from the server is parsed as HTML. The digits go in a POST body, never in the URL.
 */
import { escapeHtml, pageContentSecurityPolicy } from '@motcua/documents';

const style = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.35rem;margin:.5rem 0 1rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;font-size:1.1rem;padding:.6rem;border:1px solid #888;border-radius:.4rem}
button{margin-top:1rem;width:100%;font-size:1.1rem;padding:.7rem;border:0;border-radius:.4rem;background:#a3141b;color:#fff}
.box{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}dt{font-weight:600}dd{margin:0 0 .6rem 0}
.bad{color:#a3141b}.status{font-size:1.2rem;font-weight:700}.note{color:#555;font-size:.9rem}`;

/** Its own script only, no inline code, requests to this origin only. Its own style sheet by its hash. */
export const lookupPageContentSecurityPolicy = pageContentSecurityPolicy({ styles: [style], scriptSrc: "'self'", connectSrc: "'self'" });

export function lookupPageHtml(code: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tra cứu hồ sơ thủ tục hành chính</title><style>${style}</style><script src="/tra-cuu.js" defer></script></head>
<body><h1>Tra cứu tình trạng hồ sơ</h1>
<form id="lookup" class="box" autocomplete="off">
<label for="code">Mã hồ sơ</label><input id="code" name="code" required maxlength="40" value="${escapeHtml(code)}" placeholder="VD: PDN-261125-0001">
<label for="digits">4 số cuối điện thoại đã đăng ký</label><input id="digits" name="digits" required inputmode="numeric" pattern="[0-9]{4}" maxlength="4">
<button type="submit" id="submit">Tra cứu</button>
<p class="note">Mã hồ sơ có trên giấy tiếp nhận và trong tin nhắn gửi ông/bà.</p>
</form>
<div id="result" aria-live="polite"></div>
</body></html>`;
}

export const lookupPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('lookup');
  var out = document.getElementById('result');
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function when(iso) { return new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }); }
  function body() { return JSON.stringify({ code: document.getElementById('code').value.trim(), phoneLast4: document.getElementById('digits').value.trim() }); }
  function post(path) { return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); }); }
  function refusal(answer) {
    if (answer.status === 429) return 'Ông/bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau.';
    if (answer.status === 400) return 'Vui lòng nhập đúng mã hồ sơ và 4 chữ số cuối của số điện thoại.';
    if (answer.status === 404) return 'Không tìm thấy hồ sơ khớp với mã và số điện thoại đã nhập.';
    return 'Hệ thống đang bận. Vui lòng thử lại sau.';
  }
  function show(d) {
    out.textContent = '';
    var box = el('section', '', 'box'); box.id = 'answer';
    box.appendChild(el('p', d.statusText, 'status'));
    var dl = el('dl');
    function row(label, value) { if (!value) return; dl.appendChild(el('dt', label)); dl.appendChild(el('dd', value)); }
    row('Mã hồ sơ', d.code);
    row('Thủ tục', d.procedureName);
    row('Nơi giải quyết', d.centreName);
    row('Hẹn trả kết quả', d.appointmentAt ? when(d.appointmentAt) + (d.extended ? ' (đã gia hạn)' : '') + (d.overdue ? ' (đã quá hạn)' : '') : '');
    row('Hình thức nhận kết quả', d.collection.channelText);
    row('Mã vận đơn bưu chính', d.collection.trackingCode);
    row('Cách nhận', d.collection.instructions);
    box.appendChild(dl);
    if (d.collection.downloadable) {
      var button = el('button', 'Tải kết quả'); button.type = 'button'; button.id = 'download';
      button.addEventListener('click', function () {
        post('/v1/lookup/download').then(function (a) {
          if (a.status === 200) { window.location.href = a.body.url; return; }
          box.appendChild(el('p', refusal(a), 'bad'));
        });
      });
      box.appendChild(button);
    }
    out.appendChild(box);
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    out.textContent = 'Đang tra cứu…';
    post('/v1/lookup').then(function (a) {
      if (a.status === 200) { show(a.body); return; }
      out.textContent = '';
      var p = el('p', refusal(a), 'bad'); p.id = 'refusal';
      out.appendChild(p);
    }).catch(function () { out.textContent = 'Không kết nối được. Vui lòng thử lại.'; });
  });
});
`;
