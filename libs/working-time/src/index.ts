/**
 * Working time for commune centres: the calendar of working days and office hours
 * (from per-year data files), appointments from a procedure's deadline rule, and the
 * deadline clock that pauses for supplements and is extended only explicitly.
 */
export { localDateOf, type LocalDate } from './local-time';
export {
  CalendarYearSchema,
  DEFAULT_OFFICE_HOURS,
  findCalendarProblems,
  type CalendarHoliday,
  type CalendarProblem,
  type CalendarWorkingDay,
  type CalendarYear,
  type OfficePeriod,
} from './calendar.schema';
export { WorkingCalendar, type DeadlineRule } from './working-calendar';
export { extendClock, isOverdue, pauseClock, restartClock, resumeClock, startClock, type DeadlineClock, type PausedClock, type RunningClock } from './deadline-clock';
export { WorkingTimeErrors } from './working-time.errors';
export { defaultCalendarDir, loadCalendar } from './calendar.loader';
