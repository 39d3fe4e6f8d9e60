/**
 * Dates and times as Vietnamese administrative documents write them, in Vietnam time
 * whatever the server's zone: `15 giờ 00 phút, ngày 25 tháng 11 năm 2026`.
 *
 * Day numbers below 10 and the months January and February get a leading zero
 * (`ngày 05 tháng 02`), as Decree 30/2020/NĐ-CP asks of administrative documents, so a
 * date on paper cannot be extended by hand (tháng 1 → tháng 12).
 */

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(iso: string): LocalParts {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date-time: ${iso}`);
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']), hour: Number(parts['hour']), minute: Number(parts['minute']) };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `ngày 05 tháng 02 năm 2026`. */
export function formatVietnamDate(iso: string): string {
  const { year, month, day } = localParts(iso);
  return `ngày ${two(day)} tháng ${month < 3 ? two(month) : String(month)} năm ${year}`;
}

/** `15 giờ 00 phút, ngày 25 tháng 11 năm 2026`. */
export function formatVietnamDateTime(iso: string): string {
  const { hour, minute } = localParts(iso);
  return `${two(hour)} giờ ${two(minute)} phút, ${formatVietnamDate(iso)}`;
}
