/** The transfer manifest as a printable sheet the courier and both counters sign. */
import { findCentre, findReceptionPoint, type Catalogue } from '@motcua/catalogue';
import { escapeHtml, formatVietnamDateTime, pageContentSecurityPolicy } from '@motcua/documents';
import type { TransferRound } from '../../domain/transfer-round.entity';

const inboundStatus: Record<string, string> = {
  listed: 'Chờ nhận',
  'in-transit': 'Đang chuyển',
  arrived: 'Đã đến trung tâm',
  'left-behind': 'Chuyển vòng sau',
  skipped: 'Không chuyển',
};
const outboundStatus: Record<string, string> = { listed: 'Chờ giao', transferred: 'Đã giao', 'left-behind': 'Chuyển vòng sau', skipped: 'Không giao' };

const manifestStyles =
  'html{font-family:"Times New Roman",Times,serif;font-size:13pt}table{width:100%;border-collapse:collapse;margin:4pt 0 12pt}th,td{border:1px solid #000;padding:3pt 5pt;text-align:left}h1{font-size:14pt;text-align:center;text-transform:uppercase}';

/** The sheet's own style sheet applies, nothing else. */
export const manifestContentSecurityPolicy = pageContentSecurityPolicy({ styles: [manifestStyles] });

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;

function table(headings: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p><em>${escapeHtml(empty)}</em></p>`;
  const head = headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row, i) => `<tr>${cell(String(i + 1))}${row.map(cell).join('')}</tr>`).join('');
  return `<table><thead><tr><th>STT</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderManifestHtml(catalogue: Catalogue, round: TransferRound): string {
  const centre = findCentre(catalogue, round.centreId);
  const point = findReceptionPoint(catalogue, round.centreId, round.receptionPointId);
  const inbound = table(
    ['Mã hồ sơ', 'Thủ tục', 'Thời gian tiếp nhận', 'Tình trạng'],
    round.inbound.map((i) => [i.dossierCode, i.procedureCode, formatVietnamDateTime(i.receivedAt), inboundStatus[i.status] ?? i.status]),
    'Không có hồ sơ chuyển về trung tâm.',
  );
  const outbound = table(
    ['Mã hồ sơ', 'Mã kết quả', 'Tình trạng'],
    round.outbound.map((o) => [o.dossierCode, o.resultId, outboundStatus[o.status] ?? o.status]),
    'Không có kết quả chuyển ra điểm tiếp nhận.',
  );
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Bảng kê luân chuyển ${escapeHtml(round.id)}</title>
<style>${manifestStyles}</style>
</head><body>
<p><strong>${escapeHtml(centre?.name ?? round.centreId)}</strong></p>
<h1>Bảng kê hồ sơ, kết quả luân chuyển</h1>
<p>Vòng luân chuyển: <strong>${escapeHtml(round.id)}</strong> – ${escapeHtml(formatVietnamDateTime(round.roundAt))}</p>
<p>Điểm tiếp nhận: ${escapeHtml(point?.name ?? round.receptionPointId)}</p>
<h2>1. Hồ sơ chuyển về trung tâm</h2>
${inbound}
<h2>2. Kết quả chuyển ra điểm tiếp nhận</h2>
${outbound}
<p>Nhận tại điểm tiếp nhận: ${round.pickup ? escapeHtml(formatVietnamDateTime(round.pickup.at)) : '…'} · Đến trung tâm: ${round.arrival ? escapeHtml(formatVietnamDateTime(round.arrival.at)) : '…'}</p>
</body></html>
`;
}
