import { WorkingTimeErrors, extendClock, isOverdue, loadCalendar, pauseClock, restartClock, resumeClock, startClock, type DeadlineClock } from '@motcua/working-time';

const at = (local: string) => new Date(`${local}+07:00`);
const sameDay = { kind: 'sameDay', cutoff: '15:00' } as const;
const fiveDays = { kind: 'workingDays', days: 5 } as const;

const calendar = loadCalendar();

// A 5-working-day dossier received Monday 16/11/2026 09:00: due Monday 23/11 at 17:00.
const received = () => startClock(calendar, at('2026-11-16T09:00:00'), fiveDays);

describe('deadline clock', () => {
  it('when a dossier is received, then the clock runs towards its appointment', () => {
    expect(received()).toEqual({ state: 'running', appointmentAt: at('2026-11-23T17:00:00') });
  });

  it('when a supplement is requested, then the clock keeps the office minutes left and is not overdue while paused', () => {
    const paused = pauseClock(calendar, received(), at('2026-11-18T10:00:00'));
    // Wednesday 10:00–17:00 less lunch (300), Thursday, Friday and Monday (450 each).
    expect(paused).toMatchObject({ state: 'paused', remainingMinutes: 300 + 3 * 450, appointmentAt: at('2026-11-23T17:00:00') });
    expect(isOverdue(paused, at('2026-12-31T17:00:00'))).toBe(false);
  });

  it('when the supplement arrives and the procedure resumes, then exactly the time left runs from its arrival', () => {
    const paused = pauseClock(calendar, received(), at('2026-11-18T10:00:00'));
    // From Wednesday 25/11 14:00: 180 + 450 (Thu) + 450 (Fri) + 450 (Mon) = 1530, and the last 120 from Tuesday 01/12 07:30.
    expect(resumeClock(calendar, paused, at('2026-11-25T14:00:00'))).toEqual({ state: 'running', appointmentAt: at('2026-12-01T09:30:00') });
  });

  it('when a clock is paused before Tết and resumed on the eve of the break, then the break does not use up its time', () => {
    const clock = startClock(calendar, at('2026-02-12T09:00:00'), sameDay);
    const paused = pauseClock(calendar, clock, at('2026-02-12T15:00:00'));
    expect(paused.remainingMinutes).toBe(120);
    // 60 minutes on Friday 13/02, the other 60 on Monday 23/02 after the break.
    expect(resumeClock(calendar, paused, at('2026-02-13T16:00:00')).appointmentAt).toEqual(at('2026-02-23T08:30:00'));
  });

  it('when the supplement arrives and the procedure restarts, then the deadline is computed afresh from its arrival', () => {
    const paused = pauseClock(calendar, received(), at('2026-11-18T10:00:00'));
    // Received again Wednesday 25/11: Thursday 26 is day 1, Wednesday 02/12 day 5.
    expect(restartClock(calendar, paused, at('2026-11-25T14:00:00'), fiveDays)).toEqual({ state: 'running', appointmentAt: at('2026-12-02T17:00:00') });
  });

  it('when a clock paused after its appointment resumes, then it has no time left and is due at once', () => {
    const paused = pauseClock(calendar, received(), at('2026-11-24T09:00:00'));
    expect(paused.remainingMinutes).toBe(0);
    const resumed = resumeClock(calendar, paused, at('2026-11-26T10:00:00'));
    expect(resumed.appointmentAt).toEqual(at('2026-11-26T10:00:00'));
    expect(isOverdue(resumed, at('2026-11-26T10:01:00'))).toBe(true);
  });

  it('when the appointment passes, then a running clock is overdue', () => {
    expect(isOverdue(received(), at('2026-11-23T17:00:00'))).toBe(false);
    expect(isOverdue(received(), at('2026-11-23T17:00:01'))).toBe(true);
  });

  it('when an official extends to a later appointment, then the clock runs to it and is no longer overdue', () => {
    const extended = extendClock(received(), at('2026-11-27T17:00:00'));
    expect(extended).toEqual({ state: 'running', appointmentAt: at('2026-11-27T17:00:00') });
    expect(isOverdue(extended, at('2026-11-24T09:00:00'))).toBe(false);
  });

  it('when an extension is not later than the current appointment, then it is refused', () => {
    expect(() => extendClock(received(), at('2026-11-23T17:00:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.EXTENSION_NOT_LATER, status: 400 }));
    expect(() => extendClock(received(), at('2026-11-20T17:00:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.EXTENSION_NOT_LATER }));
    expect(() => extendClock(received(), new Date(Number.NaN))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.EXTENSION_NOT_LATER }));
  });

  it('refuses actions that do not fit the clock state', () => {
    const running: DeadlineClock = received();
    const paused = pauseClock(calendar, running, at('2026-11-18T10:00:00'));
    expect(() => pauseClock(calendar, paused, at('2026-11-19T10:00:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.CLOCK_NOT_RUNNING, status: 409 }));
    expect(() => resumeClock(calendar, running, at('2026-11-19T10:00:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.CLOCK_NOT_PAUSED }));
    expect(() => restartClock(calendar, running, at('2026-11-19T10:00:00'), fiveDays)).toThrow(expect.objectContaining({ code: WorkingTimeErrors.CLOCK_NOT_PAUSED }));
    expect(() => extendClock(paused, at('2026-12-31T17:00:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.CLOCK_NOT_RUNNING }));
    expect(() => resumeClock(calendar, paused, at('2026-11-18T09:59:00'))).toThrow(expect.objectContaining({ code: WorkingTimeErrors.TIME_BEFORE_PAUSE }));
  });
});
