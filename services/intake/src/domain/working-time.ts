/**
 * Appointment time in working time, in Asia/Ho_Chi_Minh whatever the machine's
 * zone (Vietnam has no daylight saving: UTC+7 all year). Monday–Friday; a same-day
 * procedure received after its cut-off (15:00) is due the next working day; results
 * are due by the end of office hours (17:00).
 *
 * Public holidays and compensatory working days come from the calendar data file
 * the lifecycle issue adds; until then only weekends are non-working.
 */
import type { DeadlineRule } from './catalogue';

const OFFSET_MS = 7 * 60 * 60 * 1000;
const END_OF_DAY = { hours: 17, minutes: 0 };

/** Local (UTC+7) calendar view of an instant, as a Date whose UTC fields are the local ones. */
function toLocal(instant: Date): Date {
  return new Date(instant.getTime() + OFFSET_MS);
}

function fromLocal(local: Date): Date {
  return new Date(local.getTime() - OFFSET_MS);
}

export function isWorkingDay(local: Date): boolean {
  const day = local.getUTCDay();
  return day !== 0 && day !== 6;
}

function nextWorkingDay(local: Date): Date {
  const next = new Date(local);
  do next.setUTCDate(next.getUTCDate() + 1);
  while (!isWorkingDay(next));
  return next;
}

function atLocalTime(local: Date, hours: number, minutes: number): Date {
  const copy = new Date(local);
  copy.setUTCHours(hours, minutes, 0, 0);
  return copy;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function computeAppointment(receivedAt: Date, rule: DeadlineRule): Date {
  const local = toLocal(receivedAt);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  // Received on a non-working day: the clock starts on the next working day.
  let day = isWorkingDay(local) ? local : nextWorkingDay(local);
  const receivedOnWorkingDay = day === local;
  if (rule.kind === 'sameDay') {
    if (receivedOnWorkingDay && minutes >= minutesOf(rule.cutoff)) day = nextWorkingDay(day);
    return fromLocal(atLocalTime(day, END_OF_DAY.hours, END_OF_DAY.minutes));
  }
  for (let i = 0; i < rule.days; i += 1) day = nextWorkingDay(day);
  return fromLocal(atLocalTime(day, END_OF_DAY.hours, END_OF_DAY.minutes));
}

/** `yymmdd` of the local calendar day, for dossier codes. */
export function localDateStamp(instant: Date): string {
  const local = toLocal(instant);
  const yy = String(local.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(local.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}
