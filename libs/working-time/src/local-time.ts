/**
 * Wall-clock time in Vietnam (Asia/Ho_Chi_Minh), whatever the machine's zone.
 *
 * Vietnam has kept UTC+7 all year since 1975, with no daylight saving, so a fixed
 * offset is exact: no dependence on the process TZ or on the ICU data Node was built
 * with. Calendar days are handled as day numbers (days since 1970-01-01) so that
 * "next day" is `+ 1` and the weekday is arithmetic.
 */

/** A calendar day in Vietnam, `YYYY-MM-DD`. */
export type LocalDate = string;

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number (days since 1970-01-01) of the Vietnam calendar day the instant falls on. */
export function dayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

/** Day number of a `YYYY-MM-DD` date; undefined when the text is not a real date (2026-02-30). */
export function parseLocalDate(date: string): number | undefined {
  const match = DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

export function formatLocalDate(dayNumber: number): LocalDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Vietnam calendar day of an instant, e.g. 2026-11-24T23:30Z → `2026-11-25`. */
export function localDateOf(instant: Date): LocalDate {
  return formatLocalDate(dayNumberOf(instant));
}

export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

/** Minutes after midnight of `HH:MM`; undefined when the text is not a time of day. */
export function parseTimeOfDay(hhmm: string): number | undefined {
  const match = TIME_PATTERN.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The instant at `minuteOfDay` minutes after midnight, Vietnam time, on the given day. */
export function instantAt(dayNumber: number, minuteOfDay: number): Date {
  return new Date(dayNumber * DAY_MS + minuteOfDay * MINUTE_MS - OFFSET_MS);
}

export { MINUTE_MS };
