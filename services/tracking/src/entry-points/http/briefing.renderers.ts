/**
 * The daily briefing as CSV (one row per centre and a city-wide row, for a spreadsheet)
 * and as a printable Vietnamese HTML page with inline SVG bar charts: no scripts, no
 * fonts, no images to fetch, so it prints from an air-gapped PC and reads on a phone.
 */
import { escapeHtml, formatVietnamDate, pageContentSecurityPolicy } from '@motcua/documents';
import type { BriefingFigures, DailyBriefing } from '../../domain/daily-briefing.rules';

type Figure = Exclude<keyof BriefingFigures, 'receivedByChannel' | 'receivedByReceptionPoint'>;

/** Figures in the order the desk reads them, with their Vietnamese labels. */
const figureLabels: [Figure, string][] = [
  ['received', 'Tiếp nhận trong ngày'],
  ['returned', 'Đã trả kết quả trong ngày'],
  ['smsFailures', 'SMS gửi lỗi trong ngày'],
  ['inProcessing', 'Đang giải quyết'],
  ['awaitingSignature', 'Chờ ký số'],
  ['ready', 'Có kết quả, chờ trả'],
  ['overdue', 'Quá hạn'],
  ['dueToday', 'Đến hạn trong ngày'],
  ['dueTomorrow', 'Đến hạn ngày làm việc tiếp theo'],
  ['supplementsOutstanding', 'Chờ công dân bổ sung'],
  ['postalOutstanding', 'Chờ bưu chính trả'],
];

const channelLabels: Record<string, string> = { counter: 'Trực tiếp tại quầy', portal: 'Cổng dịch vụ công', unknown: 'Không rõ' };
const viewTitles = { start: 'Báo cáo đầu ngày', end: 'Báo cáo cuối ngày' } as const;

const shown = (briefing: DailyBriefing): [Figure, string][] => figureLabels.filter(([key]) => briefing.cityWide[key] !== undefined);

// ---- CSV ----

/**
 * One cell, RFC 4180 quoted when needed. A cell starting with = + - @ is prefixed with
 * an apostrophe so a spreadsheet shows it as text instead of running it as a formula.
 */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvFigures: Figure[] = figureLabels.map(([key]) => key);

/** Header row, then one row per centre, then the city-wide row (`scope` = `city`). */
export function briefingCsv(briefing: DailyBriefing): string {
  const header = ['date', 'view', 'scope', 'centreId', 'centreName', ...csvFigures, 'receivedCounter', 'receivedPortal', 'receivedByReceptionPoint'];
  const row = (scope: string, centreId: string, centreName: string, figures: BriefingFigures) => [
    briefing.date,
    briefing.view,
    scope,
    centreId,
    centreName,
    ...csvFigures.map((key) => figures[key]),
    figures.receivedByChannel?.['counter'],
    figures.receivedByChannel?.['portal'],
    figures.receivedByReceptionPoint?.map((p) => `${p.id}:${p.count}`).join(';'),
  ];
  const rows = [
    header,
    ...briefing.centres.map((centre) => row('centre', centre.centreId, centre.centreName, centre)),
    row('city', '', 'Toàn thành phố', briefing.cityWide),
  ];
  return `${rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// ---- HTML ----

const e = (value: string | number): string => escapeHtml(String(value));

interface Bar {
  label: string;
  value: number;
}

/** A horizontal bar chart as inline SVG; the numbers are also written out, so it reads in black and white. */
function barChart(title: string, bars: Bar[]): string {
  const rowHeight = 20;
  const labelWidth = 230;
  const barSpace = 300;
  const width = labelWidth + barSpace + 50;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((bar, i) => {
      const y = 4 + i * rowHeight;
      const length = Math.round((bar.value / max) * barSpace);
      return (
        `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${e(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${length}" height="${rowHeight - 6}" fill="#1f5fa8"></rect>` +
        `<text x="${labelWidth + length + 4}" y="${y + 14}">${e(bar.value)}</text>`
      );
    })
    .join('');
  return (
    `<figure><figcaption>${e(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${height}" width="100%" font-size="12" font-family="sans-serif">${rows}</svg></figure>`
  );
}

const styles = `
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, "Liberation Serif", serif; margin: 0 auto; padding: 12px; max-width: 1100px; color: #000; line-height: 1.35; }
h1 { font-size: 1.35em; text-transform: uppercase; text-align: center; margin: 8px 0 2px; }
.sub { text-align: center; font-style: italic; margin: 0 0 12px; }
h2 { font-size: 1.1em; margin: 18px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; }
.card { border: 1px solid #888; padding: 6px 8px; }
.card b { display: block; font-size: 1.5em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #000; padding: 3px 5px; }
th { background: #eee; }
td.n { text-align: right; }
figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; }
.note { font-size: 0.85em; font-style: italic; }
@media print { @page { size: A4 landscape; margin: 12mm; } body { max-width: none; padding: 0; } .scroll { overflow: visible; } tr { break-inside: avoid; } }
`;

/** The page's own style sheet applies, nothing else (the charts are inline SVG, drawn with attributes). */
export const briefingContentSecurityPolicy = pageContentSecurityPolicy({ styles: [styles] });

/** The printable page: summary cards, charts, the per-centre table. Every data value is escaped. */
export function briefingHtml(briefing: DailyBriefing): string {
  const figures = shown(briefing);
  const city = briefing.cityWide;
  const title = `${viewTitles[briefing.view]} — tình hình giải quyết hồ sơ`;
  const dayText = formatVietnamDate(briefing.dayStart);
  const when = briefing.view === 'start' ? `Số liệu lúc 00 giờ 00 phút, ${dayText}` : `Số liệu trong ${dayText} và lúc 24 giờ 00 phút cùng ngày`;
  const cards = figures.map(([key, label]) => `<div class="card">${e(label)}<b>${e(city[key] ?? 0)}</b></div>`).join('');

  const charts: string[] = [barChart('Toàn thành phố', figures.map(([key, label]) => ({ label, value: city[key] ?? 0 })))];
  if (city.receivedByChannel) {
    charts.push(barChart('Tiếp nhận theo kênh nộp', Object.entries(city.receivedByChannel).map(([channel, value]) => ({ label: channelLabels[channel] ?? channel, value }))));
  }
  if (city.receivedByReceptionPoint && city.receivedByReceptionPoint.length > 0) {
    charts.push(barChart('Tiếp nhận theo điểm tiếp nhận', city.receivedByReceptionPoint.map((p) => ({ label: p.name, value: p.count }))));
  }
  const perCentre: Figure = briefing.view === 'end' ? 'received' : 'dueToday';
  const perCentreLabel = figureLabels.find(([key]) => key === perCentre)?.[1] ?? perCentre;
  if (briefing.centres.length > 1) {
    charts.push(barChart(`${perCentreLabel} theo trung tâm`, briefing.centres.map((c) => ({ label: c.centreName, value: c[perCentre] ?? 0 }))));
    charts.push(barChart('Quá hạn theo trung tâm', briefing.centres.map((c) => ({ label: c.centreName, value: c.overdue }))));
  }

  const head = `<tr><th>Trung tâm</th>${figures.map(([, label]) => `<th>${e(label)}</th>`).join('')}</tr>`;
  const row = (name: string, values: BriefingFigures, strong = false) =>
    `<tr>${strong ? `<th>${e(name)}</th>` : `<td>${e(name)}</td>`}${figures.map(([key]) => `<td class="n">${e(values[key] ?? 0)}</td>`).join('')}</tr>`;
  const rows = [...briefing.centres.map((c) => row(c.centreName, c)), row('Toàn thành phố', city, true)].join('');

  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${viewTitles[briefing.view]} ${briefing.date}`)}</title>
<style>${styles}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="sub">${e(when)}</p>
<h2>Toàn thành phố</h2>
<div class="cards">${cards}</div>
<h2>Biểu đồ</h2>
${charts.join('\n')}
<h2>Theo trung tâm</h2>
<div class="scroll"><table>${head}${rows}</table></div>
<p class="note">${e(`Đến hạn ngày làm việc tiếp theo: ${formatVietnamDate(new Date(`${briefing.nextWorkingDay}T00:00:00+07:00`).toISOString())}.`)}</p>
</body>
</html>
`;
}
