/**
 * The shape of one year's calendar file (data/calendar/<year>.json) and the rules an
 * entry must satisfy beyond its shape. Pure: the loader reads the file and turns the
 * problems found here into messages with the file name and line.
 */
import Ajv from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import { isWeekend, parseLocalDate, parseTimeOfDay, weekdayOf, yearOf } from './local-time';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a Vietnam calendar day, YYYY-MM-DD' });
const TimeText = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'a time of day, HH:MM' });
const Name = Type.String({ minLength: 1, description: 'Vietnamese name, as printed on slips and letters' });
/** The lunar day/month of a day fixed by the lunar calendar (Tết, Giỗ Tổ); a test cross-checks it. */
const LunarText = Type.String({ pattern: '^([1-9]|[12]\\d|30)/([1-9]|1[0-2])$', description: 'day/month in the lunar calendar (âm lịch), e.g. 10/3' });

export const OfficePeriodSchema = Type.Object({ from: TimeText, to: TimeText }, { additionalProperties: false });

export const CalendarHolidaySchema = Type.Object(
  {
    date: DateText,
    name: Name,
    /** `holiday`: a statutory day off; `compensatory-off`: a day off given in exchange (nghỉ bù, hoán đổi). */
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('compensatory-off')]),
    lunar: Type.Optional(LunarText),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** A Saturday or Sunday that is worked in exchange for a day off (làm bù). */
export const CalendarWorkingDaySchema = Type.Object({ date: DateText, name: Name, note: Type.Optional(Type.String()) }, { additionalProperties: false });

export const CalendarYearSchema = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    /** Which official decision or announcement the days come from. */
    source: Type.String({ minLength: 1 }),
    /** True only when every entry is confirmed by the stated source; otherwise `note` says what is not. */
    verified: Type.Boolean(),
    note: Type.Optional(Type.String()),
    /** Office hours on working days that year; the default (07:30–11:30, 13:30–17:00) when absent. */
    officeHours: Type.Optional(Type.Array(OfficePeriodSchema, { minItems: 1 })),
    holidays: Type.Array(CalendarHolidaySchema),
    workingDays: Type.Array(CalendarWorkingDaySchema),
  },
  { additionalProperties: false },
);

export type OfficePeriod = Static<typeof OfficePeriodSchema>;
export type CalendarHoliday = Static<typeof CalendarHolidaySchema>;
export type CalendarWorkingDay = Static<typeof CalendarWorkingDaySchema>;
export type CalendarYear = Static<typeof CalendarYearSchema>;

export const DEFAULT_OFFICE_HOURS: readonly OfficePeriod[] = [
  { from: '07:30', to: '11:30' },
  { from: '13:30', to: '17:00' },
];

/** One thing wrong in a calendar file; `path` points at the offending value, e.g. `['holidays', 3, 'date']`. */
export interface CalendarProblem {
  path: (string | number)[];
  message: string;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile<CalendarYear>(CalendarYearSchema);

/** `holidays[3].date` for `['holidays', 3, 'date']`. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '') || '(file)';
}

function pointerToPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function shapeProblems(data: unknown): CalendarProblem[] {
  if (validateShape(data)) return [];
  return (validateShape.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return { path: pointerToPath(error.instancePath), message: `${error.message ?? 'is invalid'}${extra ? ` (${extra})` : ''}` };
  });
}

function officeHourProblems(periods: readonly OfficePeriod[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  let previousEnd = -1;
  periods.forEach((period, index) => {
    const from = parseTimeOfDay(period.from) ?? 0;
    const to = parseTimeOfDay(period.to) ?? 0;
    if (from >= to) problems.push({ path: ['officeHours', index], message: `starts at ${period.from}, not before its end ${period.to}` });
    else if (from < previousEnd) problems.push({ path: ['officeHours', index], message: `starts at ${period.from}, before the previous period ends: periods must be in order and not overlap` });
    previousEnd = Math.max(previousEnd, to);
  });
  return problems;
}

/**
 * Everything wrong with one year's calendar data: its shape first, then the rules a
 * shape cannot express — real dates, inside the file's year, each date once, a
 * compensatory working day only on a weekend, a compensatory day off only on a weekday.
 */
export function findCalendarProblems(data: unknown): CalendarProblem[] {
  const shape = shapeProblems(data);
  if (shape.length > 0) return shape;
  const calendar = data as CalendarYear;
  const problems: CalendarProblem[] = [];
  if (!calendar.verified && !calendar.note?.trim()) problems.push({ path: ['verified'], message: 'is false: add a note saying what is not confirmed' });
  if (calendar.officeHours) problems.push(...officeHourProblems(calendar.officeHours));

  const seen = new Map<string, string>();
  const checkDate = (date: string, path: (string | number)[]): number | undefined => {
    const day = parseLocalDate(date);
    if (day === undefined) {
      problems.push({ path, message: `${date} is not a real date` });
      return undefined;
    }
    if (yearOf(day) !== calendar.year) problems.push({ path, message: `${date} is outside the file's year ${calendar.year}` });
    const earlier = seen.get(date);
    if (earlier) problems.push({ path, message: `${date} is listed twice (also at ${earlier})` });
    else seen.set(date, formatPath(path.slice(0, 2)));
    return day;
  };

  calendar.holidays.forEach((holiday, index) => {
    const day = checkDate(holiday.date, ['holidays', index, 'date']);
    if (day !== undefined && holiday.kind === 'compensatory-off' && isWeekend(day)) {
      problems.push({ path: ['holidays', index, 'date'], message: `${holiday.date} is a ${WEEKDAY_NAMES[weekdayOf(day)]}: a compensatory day off must fall on a weekday` });
    }
  });
  calendar.workingDays.forEach((workingDay, index) => {
    const day = checkDate(workingDay.date, ['workingDays', index, 'date']);
    if (day !== undefined && !isWeekend(day)) {
      problems.push({ path: ['workingDays', index, 'date'], message: `${workingDay.date} is a ${WEEKDAY_NAMES[weekdayOf(day)]}: a compensatory working day must be a Saturday or Sunday` });
    }
  });
  return problems;
}
