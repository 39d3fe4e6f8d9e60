/**
 * Which days and hours a commune centre works, and appointments computed from them.
 *
 * A day is a working day when it is Monday–Friday and not a holiday or compensatory
 * day off, or when it is a compensatory working Saturday (làm bù). Office hours come
 * from the year's calendar file (default 07:30–11:30 and 13:30–17:00). Everything is in
 * Vietnam time whatever the machine's zone. Years with no calendar file count weekends
 * only; `covers` lets start-up warn about them instead of refusing dossiers.
 *
 * Pure: it is built from calendar data already loaded (see calendar.loader.ts).
 */
import { AppError, ErrorCodes } from '@motcua/errors';
import { DEFAULT_OFFICE_HOURS, findCalendarProblems, formatPath, type CalendarHoliday, type CalendarWorkingDay, type CalendarYear, type OfficePeriod } from './calendar.schema';
import { MINUTE_MS, dayNumberOf, formatLocalDate, instantAt, isWeekend, parseLocalDate, parseTimeOfDay, yearOf, type LocalDate } from './local-time';
import { WorkingTimeErrors, invalidInput } from './working-time.errors';

/**
 * A procedure's deadline: `sameDay` — due the day it is received unless received after
 * the cut-off (`HH:MM`); `workingDays` — due after N working days.
 */
export type DeadlineRule = { kind: 'sameDay'; cutoff: string } | { kind: 'workingDays'; days: number };

interface Period {
  from: number;
  to: number;
}

/** No real calendar has ten years without a working day; past that the data is broken. */
const SEARCH_LIMIT_DAYS = 3660;

const toPeriods = (hours: readonly OfficePeriod[]): Period[] => hours.map((p) => ({ from: parseTimeOfDay(p.from) ?? 0, to: parseTimeOfDay(p.to) ?? 0 }));

export class WorkingCalendar {
  /** The years that have calendar data, ascending. */
  readonly years: readonly number[];
  private readonly daysOff = new Map<number, CalendarHoliday>();
  private readonly daysWorked = new Map<number, CalendarWorkingDay>();
  private readonly hoursByYear = new Map<number, Period[]>();
  private readonly defaultHours = toPeriods(DEFAULT_OFFICE_HOURS);

  constructor(calendars: readonly CalendarYear[]) {
    for (const calendar of calendars) {
      const problems = findCalendarProblems(calendar);
      if (problems.length > 0) {
        throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `calendar ${String(calendar.year)}: ${problems.map((p) => `${formatPath(p.path)} ${p.message}`).join('; ')}`);
      }
      if (this.hoursByYear.has(calendar.year)) throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `calendar year ${calendar.year} is given twice`);
      this.hoursByYear.set(calendar.year, toPeriods(calendar.officeHours ?? DEFAULT_OFFICE_HOURS));
      for (const holiday of calendar.holidays) this.daysOff.set(parseLocalDate(holiday.date) ?? NaN, holiday);
      for (const workingDay of calendar.workingDays) this.daysWorked.set(parseLocalDate(workingDay.date) ?? NaN, workingDay);
    }
    this.years = [...this.hoursByYear.keys()].sort((a, b) => a - b);
  }

  /** Whether the day's year has calendar data (otherwise only weekends are days off). */
  covers(day: Date | LocalDate): boolean {
    return this.hoursByYear.has(yearOf(toDayNumber(day)));
  }

  isWorkingDay(day: Date | LocalDate): boolean {
    return this.isWorking(toDayNumber(day));
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: Date | LocalDate): LocalDate {
    return formatLocalDate(this.nextWorking(toDayNumber(day)));
  }

  /** The holiday or compensatory day off on that day, if any (for slips: "nghỉ Tết Nguyên đán"). */
  dayOffOn(day: Date | LocalDate): CalendarHoliday | undefined {
    return this.daysOff.get(toDayNumber(day));
  }

  /** When the office closes on that day (end of its last office period). */
  closingTime(day: Date | LocalDate): Date {
    return this.closing(toDayNumber(day));
  }

  /** Office-hours minutes on working days between two instants (whole minutes; a started minute counts as spent). */
  workingMinutesBetween(from: Date, to: Date): number {
    let ms = 0;
    for (let day = dayNumberOf(from); day <= dayNumberOf(to); day += 1) {
      for (const period of this.periodsOn(day)) {
        const start = Math.max(instantAt(day, period.from).getTime(), from.getTime());
        const end = Math.min(instantAt(day, period.to).getTime(), to.getTime());
        if (end > start) ms += end - start;
      }
    }
    return Math.floor(ms / MINUTE_MS);
  }

  /**
   * The instant at which `minutes` of office time have passed after `from`. Office time
   * starts at the next opening when `from` is outside office hours; a result that lands
   * on the end of a period stays there (11:30, 17:00) rather than moving to the next opening.
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw invalidInput(WorkingTimeErrors.INVALID_RULE, `cannot add ${minutes} working minutes`);
    let remaining = minutes * MINUTE_MS;
    if (remaining === 0) return new Date(from.getTime());
    const firstDay = dayNumberOf(from);
    for (let day = firstDay; day <= firstDay + SEARCH_LIMIT_DAYS; day += 1) {
      for (const period of this.periodsOn(day)) {
        const start = Math.max(instantAt(day, period.from).getTime(), from.getTime());
        const end = instantAt(day, period.to).getTime();
        if (end <= start) continue;
        if (remaining <= end - start) return new Date(start + remaining);
        remaining -= end - start;
      }
    }
    throw noWorkingDay(firstDay);
  }

  /**
   * The appointment for a dossier received at `receivedAt`; always at the close of
   * office hours of the day it falls due.
   *
   * The receipt day is the day it was received, or the next working day when the
   * centre was closed that day (portal or post on a Sunday or holiday): a dossier can
   * only be taken in when the centre works, and the same-day rule already reads this way.
   *
   * - `sameDay`: due on the receipt day; received after the cut-off (later than
   *   15:00:00, so 15:00 itself is on time) → due the next working day.
   * - `workingDays` N: the receipt day is not counted; day 1 is the next working day
   *   and the dossier is due at the close of day N. Not counting the day of receipt
   *   follows the Civil Code's rule for periods counted in days (Bộ luật Dân sự 2015,
   *   art. 147: the period starts the day after the event) and gives the office N full
   *   working days whatever the hour of receipt; the 15:00 cut-off belongs to same-day
   *   procedures only.
   */
  appointmentFor(receivedAt: Date, rule: DeadlineRule): Date {
    const day = dayNumberOf(receivedAt);
    const receiptDay = this.isWorking(day) ? day : this.nextWorking(day);
    if (rule.kind === 'sameDay') {
      const cutoff = parseTimeOfDay(rule.cutoff);
      if (cutoff === undefined) throw invalidInput(WorkingTimeErrors.INVALID_RULE, `same-day cut-off "${rule.cutoff}" is not HH:MM`);
      if (receiptDay !== day) return this.closing(receiptDay);
      const afterCutoff = receivedAt.getTime() > instantAt(day, cutoff).getTime();
      return this.closing(afterCutoff ? this.nextWorking(day) : day);
    }
    if (!Number.isInteger(rule.days) || rule.days < 1) throw invalidInput(WorkingTimeErrors.INVALID_RULE, `a working-days deadline needs a whole number of days ≥ 1, not ${rule.days}`);
    let dueDay = receiptDay;
    for (let counted = 0; counted < rule.days; counted += 1) dueDay = this.nextWorking(dueDay);
    return this.closing(dueDay);
  }

  private isWorking(day: number): boolean {
    if (this.daysWorked.has(day)) return true;
    return !isWeekend(day) && !this.daysOff.has(day);
  }

  private nextWorking(day: number): number {
    for (let next = day + 1; next <= day + SEARCH_LIMIT_DAYS; next += 1) if (this.isWorking(next)) return next;
    throw noWorkingDay(day);
  }

  private closing(day: number): Date {
    const periods = this.hoursOf(day);
    return instantAt(day, periods[periods.length - 1]?.to ?? 0);
  }

  private hoursOf(day: number): Period[] {
    return this.hoursByYear.get(yearOf(day)) ?? this.defaultHours;
  }

  private periodsOn(day: number): Period[] {
    return this.isWorking(day) ? this.hoursOf(day) : [];
  }
}

function toDayNumber(day: Date | LocalDate): number {
  if (day instanceof Date) {
    if (Number.isNaN(day.getTime())) throw invalidInput(WorkingTimeErrors.INVALID_DATE, 'invalid date');
    return dayNumberOf(day);
  }
  const parsed = parseLocalDate(day);
  if (parsed === undefined) throw invalidInput(WorkingTimeErrors.INVALID_DATE, `"${day}" is not a date (YYYY-MM-DD)`);
  return parsed;
}

function noWorkingDay(day: number): AppError {
  return new AppError(ErrorCodes.CONFIG_INVALID, 'internal', `the calendar has no working day within ten years after ${formatLocalDate(day)}`);
}
