import { WorkingTimeErrors, WorkingCalendar, loadCalendar, localDateOf, type CalendarYear } from '@motcua/working-time';

// Instants are written in Vietnam time; every expectation must hold whatever TZ the process runs in.
const at = (local: string) => new Date(`${local}+07:00`);
const sameDay = { kind: 'sameDay', cutoff: '15:00' } as const;
const workingDays = (days: number) => ({ kind: 'workingDays', days }) as const;

const calendar = loadCalendar();

describe('same-day procedures and the 15:00 cut-off', () => {
  it('when a same-day dossier is received at 14:59, then it is due that day at the close of office hours', () => {
    expect(calendar.appointmentFor(at('2026-11-25T14:59:00'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
  });

  it('when a same-day dossier is received at 15:01, then it is due the next working day', () => {
    expect(calendar.appointmentFor(at('2026-11-25T15:01:00'), sameDay)).toEqual(at('2026-11-26T17:00:00'));
  });

  it('when a same-day dossier is received at exactly 15:00, then it is not after the cut-off and is due that day', () => {
    expect(calendar.appointmentFor(at('2026-11-25T15:00:00'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
    expect(calendar.appointmentFor(at('2026-11-25T15:00:01'), sameDay)).toEqual(at('2026-11-26T17:00:00'));
  });

  it('when a same-day dossier arrives on the portal before the office opens, then it is due that day', () => {
    expect(calendar.appointmentFor(at('2026-11-25T06:30:00'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
  });

  it('when a same-day dossier is received on Friday afternoon after the cut-off, then it is due on Monday', () => {
    expect(calendar.appointmentFor(at('2026-11-27T16:30:00'), sameDay)).toEqual(at('2026-11-30T17:00:00'));
  });

  it('when it is already the next day in Vietnam but not in UTC, then the Vietnam day is used', () => {
    // 23:30 UTC on Tuesday the 24th is 06:30 on Wednesday the 25th in Huế.
    expect(calendar.appointmentFor(new Date('2026-11-24T23:30:00Z'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
    expect(localDateOf(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
  });
});

describe('the day before Tết', () => {
  it('when a same-day dossier is received on the last working day before the Tết break, then before 15:00 it is due that day', () => {
    expect(calendar.appointmentFor(at('2026-02-13T10:00:00'), sameDay)).toEqual(at('2026-02-13T17:00:00'));
  });

  it('when it is received after 15:00 that day, then it is due on the first working day after the break (14–22/02/2026)', () => {
    expect(calendar.appointmentFor(at('2026-02-13T15:30:00'), sameDay)).toEqual(at('2026-02-23T17:00:00'));
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
  });

  it('when a 5-working-day dossier is received the day before the break, then the count starts after Tết', () => {
    expect(calendar.appointmentFor(at('2026-02-13T09:00:00'), workingDays(5))).toEqual(at('2026-02-27T17:00:00'));
  });
});

describe('procedures counted in working days', () => {
  it('when a 3-working-day dossier is received on Thursday, then the day of receipt is not counted and the weekend is skipped', () => {
    // Friday 27, Monday 30, Tuesday 1.
    expect(calendar.appointmentFor(at('2026-11-26T08:00:00'), workingDays(3))).toEqual(at('2026-12-01T17:00:00'));
  });

  it('when a 5-working-day dossier spans 30/4–1/5, then the holidays and the weekend are skipped', () => {
    // Received Tuesday 28/04/2026: 29/04 is day 1, 30/04–03/05 are off, then 04, 05, 06, 07/05.
    expect(calendar.appointmentFor(at('2026-04-28T09:00:00'), workingDays(5))).toEqual(at('2026-05-07T17:00:00'));
  });

  it('when a 5-working-day dossier spans Quốc khánh 2026, then the swapped Monday 31/08 is off too', () => {
    expect(calendar.appointmentFor(at('2026-08-28T09:00:00'), workingDays(5))).toEqual(at('2026-09-09T17:00:00'));
  });
});

describe('compensatory working Saturdays (làm bù)', () => {
  it('when a Saturday is worked in exchange for a day off, then it is a working day and the swapped weekday is not', () => {
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-17')).toBe(false);
    expect(calendar.dayOffOn('2026-01-02')?.kind).toBe('compensatory-off');
  });

  it('when a same-day dossier is received after 15:00 on the Friday before it, then it is due on that Saturday', () => {
    expect(calendar.appointmentFor(at('2026-01-09T16:00:00'), sameDay)).toEqual(at('2026-01-10T17:00:00'));
  });

  it('when a dossier is received on that Saturday, then it is handled the same day', () => {
    expect(calendar.appointmentFor(at('2026-01-10T09:00:00'), sameDay)).toEqual(at('2026-01-10T17:00:00'));
  });

  it('when a working-days count crosses it, then the Saturday counts as a working day', () => {
    // Friday 21/08/2026 + 2: Saturday 22/08 (worked), Monday 24/08.
    expect(calendar.appointmentFor(at('2026-08-21T10:00:00'), workingDays(2))).toEqual(at('2026-08-24T17:00:00'));
  });
});

describe('dossiers received when the centre is closed', () => {
  it('when a same-day dossier arrives on a Sunday, then it is due on Monday whatever the hour', () => {
    expect(calendar.appointmentFor(at('2026-11-29T16:45:00'), sameDay)).toEqual(at('2026-11-30T17:00:00'));
  });

  it('when a dossier arrives on a public holiday, then it is received on the next working day', () => {
    expect(calendar.appointmentFor(at('2026-09-02T10:00:00'), sameDay)).toEqual(at('2026-09-03T17:00:00'));
  });

  it('when a 3-working-day dossier arrives on a Saturday, then Monday is its receipt day and Thursday its due day', () => {
    expect(calendar.appointmentFor(at('2026-11-28T10:00:00'), workingDays(3))).toEqual(at('2026-12-03T17:00:00'));
  });
});

describe('working time and office hours', () => {
  it('counts only office minutes on working days, skipping lunch, nights and days off', () => {
    expect(calendar.workingMinutesBetween(at('2026-11-23T10:00:00'), at('2026-11-23T17:00:00'))).toBe(90 + 210);
    expect(calendar.workingMinutesBetween(at('2026-11-27T16:00:00'), at('2026-11-30T08:30:00'))).toBe(60 + 60);
    expect(calendar.workingMinutesBetween(at('2026-11-27T16:00:00'), at('2026-11-27T09:00:00'))).toBe(0);
  });

  it('adding office minutes lands inside office hours and stops at a period end rather than the next opening', () => {
    expect(calendar.addWorkingMinutes(at('2026-11-27T16:00:00'), 90)).toEqual(at('2026-11-30T08:00:00'));
    expect(calendar.addWorkingMinutes(at('2026-11-23T10:00:00'), 90)).toEqual(at('2026-11-23T11:30:00'));
    expect(calendar.addWorkingMinutes(at('2026-11-23T12:00:00'), 30)).toEqual(at('2026-11-23T14:00:00'));
  });

  it('when a year file sets its own office hours, then appointments close at its end of day', () => {
    const custom: CalendarYear = { year: 2030, source: 'test', verified: true, officeHours: [{ from: '07:00', to: '11:30' }, { from: '13:30', to: '17:30' }], holidays: [], workingDays: [] };
    const withHours = new WorkingCalendar([custom]);
    expect(withHours.appointmentFor(at('2030-01-02T09:00:00'), sameDay)).toEqual(at('2030-01-02T17:30:00'));
  });

  it('when a year has no calendar file, then it is not covered and only weekends are days off', () => {
    expect(calendar.years).toEqual([2025, 2026, 2027]);
    expect(calendar.covers('2030-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2030-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2030-01-05')).toBe(false);
  });

  it('refuses a malformed rule or date with a stable code', () => {
    expect(() => calendar.appointmentFor(at('2026-11-25T09:00:00'), workingDays(0))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.INVALID_RULE }));
    expect(() => calendar.appointmentFor(at('2026-11-25T09:00:00'), { kind: 'sameDay', cutoff: '3pm' })).toThrow(expect.objectContaining({ code: WorkingTimeErrors.INVALID_RULE }));
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(expect.objectContaining({ code: WorkingTimeErrors.INVALID_DATE }));
  });

  it('refuses calendar data that breaks the rules even when built without the loader', () => {
    const bad: CalendarYear = { year: 2030, source: 'test', verified: true, holidays: [], workingDays: [{ date: '2030-01-02', name: 'not a weekend' }] };
    expect(() => new WorkingCalendar([bad])).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });
});
