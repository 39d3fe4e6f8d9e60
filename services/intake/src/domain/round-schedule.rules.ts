/**
 * When a centre's couriers leave: at each of its round times (local HH:mm, Vietnam
 * time whatever the machine's zone) on working days only — weekends and holidays have
 * no rounds, compensatory working Saturdays do. Pure: the centre and the calendar are
 * given.
 */
import type { Centre, ReceptionPoint } from '@motcua/catalogue';
import { localDateOf, type LocalDate, type WorkingCalendar } from '@motcua/working-time';

export interface RoundSlot {
  date: LocalDate;
  time: string;
  at: Date;
}

const DAY_MS = 86_400_000;
/** No calendar goes ten years without a working day; past that the data is broken. */
const SEARCH_LIMIT_DAYS = 3660;

/** The instant of `HH:mm` on a Vietnam calendar day (UTC+7 all year, no daylight saving). */
export function roundInstant(date: LocalDate, time: string): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function satellitePoints(centre: Centre): ReceptionPoint[] {
  return centre.receptionPoints.filter((point) => point.kind === 'satellite');
}

/** Whether couriers run for this centre at all: it has satellite points and round times. */
export function hasRounds(centre: Centre): boolean {
  return satellitePoints(centre).length > 0 && centre.transferRounds.length > 0;
}

/** The centre's rounds on a day, in time order; none on a day off. */
export function roundsOn(centre: Centre, calendar: WorkingCalendar, date: LocalDate): RoundSlot[] {
  if (!calendar.isWorkingDay(date)) return [];
  return [...centre.transferRounds].sort().map((time) => ({ date, time, at: roundInstant(date, time) }));
}

/** Whether `time` on `date` is one of the centre's rounds. */
export function isRoundOf(centre: Centre, calendar: WorkingCalendar, date: LocalDate, time: string): boolean {
  return roundsOn(centre, calendar, date).some((slot) => slot.time === time);
}

/** The first round strictly after `instant`; undefined when the centre has no round times. */
export function nextRoundAfter(centre: Centre, calendar: WorkingCalendar, instant: Date): RoundSlot | undefined {
  if (centre.transferRounds.length === 0) return undefined;
  const later = roundsOn(centre, calendar, localDateOf(instant)).find((slot) => slot.at.getTime() > instant.getTime());
  if (later) return later;
  return roundsOn(centre, calendar, calendar.nextWorkingDay(localDateOf(instant)))[0];
}

/** The last round at or before `instant` (the one whose manifest is due now); undefined when there is none within ten years. */
export function latestRoundAtOrBefore(centre: Centre, calendar: WorkingCalendar, instant: Date): RoundSlot | undefined {
  if (centre.transferRounds.length === 0) return undefined;
  let date = localDateOf(instant);
  for (let back = 0; back <= SEARCH_LIMIT_DAYS; back += 1, date = addDays(date, -1)) {
    const due = roundsOn(centre, calendar, date).filter((slot) => slot.at.getTime() <= instant.getTime());
    const last = due[due.length - 1];
    if (last) return last;
  }
  return undefined;
}
