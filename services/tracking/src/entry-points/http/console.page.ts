/**
 * The ops console (Vietnamese, works on a phone): search a dossier by code and read its
 * timeline, the 40-centre dashboard of today's briefing, dead letters with replay and
 * discard, and the pipeline (consumer lag, outbox backlog). One static page and one
 * script over tracking's own JSON API: nothing to build, nothing from another origin.
 * Answers are drawn with DOM calls, so no server text is ever parsed as HTML.
 */
import { pageContentSecurityPolicy } from '@motcua/documents';

const style = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;line-height:1.45}
header{background:#a3141b;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header h1{font-size:1.1rem;margin:0}header label{font-size:.85rem}header input{width:11rem;padding:.3rem}
nav{display:flex;flex-wrap:wrap;border-bottom:1px solid #ccc;background:#f4f4f4}nav a{padding:.6rem .9rem;color:#1b1b1b;text-decoration:none}nav a.on{border-bottom:3px solid #a3141b;font-weight:600}
main{padding:1rem;max-width:72rem;margin:0 auto}section[hidden]{display:none}
form{display:flex;gap:.5rem;flex-wrap:wrap;margin-bottom:1rem}input,select{font-size:1rem;padding:.45rem;border:1px solid #888;border-radius:.3rem}
button{font-size:.95rem;padding:.45rem .8rem;border:0;border-radius:.3rem;background:#a3141b;color:#fff;cursor:pointer}button.plain{background:#555}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.35rem .45rem;text-align:left;vertical-align:top}th{background:#fafafa;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}.warn{color:#a3141b;font-weight:600}.muted{color:#666}.card{border:1px solid #ccc;border-radius:.5rem;padding:.8rem;margin:.5rem 0}
.chips span{display:inline-block;background:#eee;border-radius:1rem;padding:.1rem .6rem;margin:.1rem;font-size:.85rem}pre{white-space:pre-wrap;word-break:break-all;font-size:.8rem;background:#f7f7f7;padding:.5rem;max-height:14rem;overflow:auto}`;

/** Its own script only; requests to this origin; the trace viewer opens in a new tab, as a link. Its own style sheet by its hash. */
export const consolePageContentSecurityPolicy = pageContentSecurityPolicy({ styles: [style], scriptSrc: "'self'", connectSrc: "'self'", imgSrc: "'self' data:" });

export function consolePageHtml(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>motcua — bảng điều khiển vận hành</title><style>${style}</style><script src="/console/console.js" defer></script></head>
<body>
<header><h1>motcua — vận hành</h1><label>Mã đăng nhập (token) <input id="token" type="password" placeholder="dán token của cán bộ" autocomplete="off"></label></header>
<nav><a href="#search" data-tab="search">Tra cứu hồ sơ</a><a href="#dashboard" data-tab="dashboard">40 trung tâm</a><a href="#dead-letters" data-tab="dead-letters">Thư lỗi</a><a href="#pipeline" data-tab="pipeline">Hàng đợi</a></nav>
<main>
<section id="tab-search"><form id="search-form"><input id="code" placeholder="Mã hồ sơ, VD: PDN-261125-0001" required maxlength="40"><button type="submit">Tìm</button></form><div id="dossier" aria-live="polite"></div></section>
<section id="tab-dashboard" hidden><form id="dashboard-form"><input type="date" id="date" required><select id="view"><option value="start">Đầu ngày</option><option value="end" selected>Cuối ngày</option></select><button type="submit">Xem</button><a id="briefing-print" target="_blank" rel="noopener">Bản in</a> <a id="briefing-csv">CSV</a></form><div id="dashboard" aria-live="polite"></div></section>
<section id="tab-dead-letters" hidden><form id="dead-letters-form"><select id="dl-status"><option value="pending" selected>Chờ xử lý</option><option value="replayed">Đã phát lại</option><option value="discarded">Đã bỏ</option></select><button type="submit">Tải</button></form><div id="dead-letters" aria-live="polite"></div></section>
<section id="tab-pipeline" hidden><form id="pipeline-form"><button type="submit">Làm mới</button></form><div id="pipeline" aria-live="polite"></div></section>
</main>
</body></html>`;
}

export const consolePageScript = `'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null && text !== '') e.textContent = String(text); if (cls) e.className = cls; return e; }
  function when(iso) { return iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : ''; }
  function today() { return new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }); }
  // The officer's token: pasted in, or handed over once in the URL's fragment (#token=…, never sent to a server); kept for this tab only.
  function token() { return $('token').value.trim(); }
  function authHeaders() { return token() ? { authorization: 'Bearer ' + token() } : {}; }
  function call(method, path, body) {
    var headers = Object.assign({ accept: 'application/json' }, authHeaders());
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }, function () { return { status: r.status, body: {} }; }); });
  }
  function problem(target, answer) { target.textContent = ''; var p = el('p', (answer.body && (answer.body.detail || answer.body.code)) || ('Lỗi ' + answer.status), 'warn'); p.setAttribute('data-problem', (answer.body && answer.body.code) || ''); target.appendChild(p); }
  function table(headings, rows, id) {
    var wrap = el('div', '', 'table'); var t = el('table'); if (id) t.id = id;
    var head = el('tr'); headings.forEach(function (h) { head.appendChild(el('th', h)); }); var thead = el('thead'); thead.appendChild(head); t.appendChild(thead);
    var tbody = el('tbody'); rows.forEach(function (cells) { var tr = el('tr'); cells.forEach(function (c) { if (c instanceof Node) { var td = el('td'); td.appendChild(c); tr.appendChild(td); } else { tr.appendChild(el('td', c, typeof c === 'number' ? 'n' : '')); } }); tbody.appendChild(tr); });
    t.appendChild(tbody); wrap.appendChild(t); return wrap;
  }
  function link(text, href, external) { var a = el('a', text); a.href = href; if (external) { a.target = '_blank'; a.rel = 'noopener'; } return a; }
  // Printable pages (a slip, the briefing) are opened as links: the token goes with them as a same-site cookie, read-only (GET).
  function keepToken() {
    sessionStorage.setItem('motcua.token', token());
    document.cookie = 'motcua_token=' + encodeURIComponent(token()) + '; Path=/; SameSite=Strict' + (token() ? '' : '; Max-Age=0');
  }

  var statusText = { RECEIVED: 'Đã tiếp nhận', IN_TRANSIT: 'Đang chuyển về trung tâm', IN_PROCESSING: 'Đang giải quyết', SUPPLEMENT_REQUESTED: 'Chờ bổ sung', AWAITING_SIGNATURE: 'Chờ ký duyệt', SIGNED: 'Đã ký', RESULT_READY: 'Có kết quả, chờ trả', REJECTED: 'Từ chối giải quyết', RETURNED: 'Đã trả kết quả', WITHDRAWN: 'Đã rút' };

  // --- search and timeline
  function showDossier(code) {
    var out = $('dossier'); out.textContent = 'Đang tìm…';
    Promise.all([call('GET', '/v1/dossiers/' + encodeURIComponent(code)), call('GET', '/v1/dossiers/' + encodeURIComponent(code) + '/timeline')]).then(function (answers) {
      var summary = answers[0], timeline = answers[1];
      if (summary.status !== 200) { problem(out, summary); return; }
      var d = summary.body; out.textContent = '';
      var card = el('div', '', 'card'); card.id = 'dossier-card';
      card.appendChild(el('h2', d.code + ' — ' + (statusText[d.status] || d.status)));
      var chips = el('p', '', 'chips');
      [d.procedureName, d.centreId, d.receptionPointId, d.submissionChannel, d.assigneeId && ('giao: ' + d.assigneeId), d.appointmentAt && ('hẹn trả ' + when(d.appointmentAt)), d.flags.overdue && 'QUÁ HẠN', d.flags.extended && 'đã gia hạn', d.flags.potentialDuplicate && 'nghi trùng'].forEach(function (c) { if (c) chips.appendChild(el('span', c)); });
      card.appendChild(chips);
      card.appendChild(link('Phiếu kiểm soát quá trình', '/v1/dossiers/' + encodeURIComponent(d.code) + '/tracking-slip', true));
      out.appendChild(card);
      if (timeline.status !== 200) { problem(out, timeline); return; }
      out.appendChild(table(['Thời điểm', 'Bước', 'Dịch vụ', 'Vai trò', 'Trạng thái', 'Ghi chú', 'Văn bản', 'Trace'], timeline.body.items.map(function (s) {
        return [when(s.time), s.name, s.service, s.actorRole || '', s.status ? (statusText[s.status] || s.status) : '', s.reason || (s.appointmentAt ? 'hẹn trả ' + when(s.appointmentAt) : ''),
          s.document ? el('span', s.document.title + ' (' + s.document.service + ' ' + s.document.path + ')') : '', s.traceUrl ? link(s.traceId.slice(0, 8), s.traceUrl, true) : (s.traceId ? s.traceId.slice(0, 8) : '')];
      }), 'timeline'));
    });
  }

  // --- the 40-centre dashboard
  var columns = [['received', 'Tiếp nhận'], ['inProcessing', 'Đang giải quyết'], ['awaitingSignature', 'Chờ ký'], ['ready', 'Chờ trả'], ['returned', 'Đã trả'], ['overdue', 'Quá hạn'], ['dueToday', 'Đến hạn hôm nay'], ['dueTomorrow', 'Đến hạn ngày làm việc sau'], ['supplementsOutstanding', 'Chờ bổ sung'], ['smsFailures', 'SMS lỗi'], ['postalOutstanding', 'Bưu chính chưa xong']];
  function showDashboard() {
    var date = $('date').value || today(), view = $('view').value, out = $('dashboard');
    var query = '?date=' + date + '&view=' + view;
    $('briefing-print').href = '/v1/briefings' + query + '&format=html'; $('briefing-csv').href = '/v1/briefings' + query + '&format=csv';
    out.textContent = 'Đang tải…';
    call('GET', '/v1/briefings' + query).then(function (a) {
      if (a.status !== 200) { problem(out, a); return; }
      out.textContent = '';
      var shown = columns.filter(function (c) { return a.body.cityWide[c[0]] !== undefined; });
      var rows = a.body.centres.map(function (c) { return [c.centreName].concat(shown.map(function (col) { var v = c[col[0]]; return v === undefined ? '' : v; })); });
      rows.push(['Toàn thành phố'].concat(shown.map(function (col) { return a.body.cityWide[col[0]]; })));
      out.appendChild(el('p', a.body.centres.length + ' trung tâm — ' + (view === 'start' ? 'đầu ngày ' : 'cuối ngày ') + a.body.date, 'muted'));
      out.appendChild(table(['Trung tâm'].concat(shown.map(function (c) { return c[1]; })), rows, 'centres'));
    });
  }

  // --- dead letters
  function showDeadLetters() {
    var out = $('dead-letters'); out.textContent = 'Đang tải…';
    call('GET', '/v1/dead-letters?status=' + $('dl-status').value).then(function (a) {
      if (a.status !== 200) { problem(out, a); return; }
      out.textContent = '';
      if (a.body.items.length === 0) { out.appendChild(el('p', 'Không có thư lỗi.', 'muted')); return; }
      var groups = {}; a.body.items.forEach(function (l) { groups[l.group] = (groups[l.group] || 0) + 1; });
      Object.keys(groups).forEach(function (g) {
        if ($('dl-status').value !== 'pending') return;
        var b = el('button', 'Phát lại tất cả ' + groups[g] + ' thư của ' + g, 'plain');
        b.addEventListener('click', function () { act('/v1/dead-letters/' + encodeURIComponent(g) + '/replay-all'); });
        out.appendChild(b);
      });
      out.appendChild(table(['Nhóm', 'Lúc lỗi', 'Mã lỗi', 'Lý do', 'Sự kiện', 'Hồ sơ', 'Lần thử', 'Nội dung', ''], a.body.items.map(function (l) {
        var position = '/v1/dead-letters/' + encodeURIComponent(l.group) + '/' + l.partition + '/' + l.offset;
        var actions = el('div');
        if (l.status === 'pending') {
          var replay = el('button', 'Phát lại'); replay.setAttribute('data-letter', l.group + '/' + l.partition + '/' + l.offset);
          replay.addEventListener('click', function () { act(position + '/replay'); });
          var discard = el('button', 'Bỏ', 'plain');
          discard.addEventListener('click', function () { var reason = window.prompt('Lý do bỏ thư lỗi này?'); if (reason) act(position + '/discard', { reason: reason }); });
          actions.appendChild(replay); actions.appendChild(discard);
        } else actions.appendChild(el('span', l.status, 'muted'));
        return [l.group, when(l.failedAt), l.code || '', l.reason || '', (l.event && l.event.type) || '', (l.event && l.event.dossierId) || '', l.attempts === undefined ? '' : l.attempts, el('pre', l.payload !== undefined ? JSON.stringify(l.payload, null, 1) : (l.payloadText || '')), actions];
      }), 'dead-letter-table'));
    });
  }
  function act(path, body) {
    call('POST', path, body === undefined ? {} : body).then(function (a) {
      if (a.status !== 200) { problem($('dead-letters'), a); return; }
      showDeadLetters();
    });
  }

  // --- pipeline: consumer lag and outbox backlog
  function showPipeline() {
    var out = $('pipeline'); out.textContent = 'Đang tải…';
    call('GET', '/v1/ops/pipeline').then(function (a) {
      if (a.status !== 200) { problem(out, a); return; }
      out.textContent = '';
      var p = a.body;
      out.appendChild(el('p', 'Đọc lúc ' + when(p.readAt || p.at || p.time), 'muted'));
      out.appendChild(el('h3', 'Độ trễ tiêu thụ (consumer lag)'));
      out.appendChild(table(['Nhóm tiêu thụ', 'Topic', 'Độ trễ'], (p.consumerLag || []).map(function (c) { return [c.group, c.topic || '', c.lag]; }), 'lag'));
      out.appendChild(el('h3', 'Outbox chưa gửi'));
      out.appendChild(table(['Dịch vụ', 'Số sự kiện'], (p.outboxBacklog || []).map(function (o) { return [o.service, o.backlog !== undefined ? o.backlog : o.count]; }), 'outbox'));
      if (p.deadLetters) {
        out.appendChild(el('h3', 'Thư lỗi'));
        out.appendChild(table(['Nhóm tiêu thụ', 'Chờ xử lý', 'Tổng số thư'], p.deadLetters.map(function (d) { return d.error ? [d.group, d.error, ''] : [d.group, d.pending === undefined ? '' : d.pending, d.count === undefined ? '' : d.count]; }), 'dead-letter-counts'));
      }
    });
  }

  var loaders = { search: function () {}, dashboard: showDashboard, 'dead-letters': showDeadLetters, pipeline: showPipeline };
  function route() {
    var hash = location.hash.replace(/^#/, ''); var parts = hash.split('/'); var tab = loaders[parts[0]] ? parts[0] : 'search';
    Object.keys(loaders).forEach(function (name) { $('tab-' + name).hidden = name !== tab; });
    Array.prototype.forEach.call(document.querySelectorAll('nav a'), function (a) { a.className = a.getAttribute('data-tab') === tab ? 'on' : ''; });
    if (tab === 'search' && parts[1]) { $('code').value = decodeURIComponent(parts[1]); showDossier($('code').value); } else loaders[tab]();
  }
  document.addEventListener('DOMContentLoaded', function () {
    var handed = /^#token=([A-Za-z0-9._-]+)$/.exec(location.hash);
    if (handed) { sessionStorage.setItem('motcua.token', decodeURIComponent(handed[1])); history.replaceState(null, '', location.pathname + location.search); }
    $('token').value = sessionStorage.getItem('motcua.token') || '';
    if (token()) keepToken();
    $('token').addEventListener('change', function () { keepToken(); route(); });
    $('date').value = today();
    $('search-form').addEventListener('submit', function (e) { e.preventDefault(); location.hash = '#search/' + encodeURIComponent($('code').value.trim()); });
    $('dashboard-form').addEventListener('submit', function (e) { e.preventDefault(); showDashboard(); });
    $('dead-letters-form').addEventListener('submit', function (e) { e.preventDefault(); showDeadLetters(); });
    $('pipeline-form').addEventListener('submit', function (e) { e.preventDefault(); showPipeline(); });
    window.addEventListener('hashchange', route);
    route();
  });
})();
`;
