/**
 * A dossier's deadline clock: started at receipt, paused while the citizen completes
 * the dossier (supplement request), then resumed or restarted according to the
 * procedure, and extended only to an explicitly given later appointment.
 *
 * The clock is plain immutable data — each action returns a new clock — so a service
 * stores it with the dossier and replays nothing. While paused it keeps the remaining
 * time in working minutes, not in calendar time, so that resuming after a weekend or
 * Tết gives back exactly the office time that was left.
 */
import type { WorkingCalendar, DeadlineRule } from './working-calendar';
import { WorkingTimeErrors, invalidInput, wrongClockState } from './working-time.errors';

export interface RunningClock {
  state: 'running';
  appointmentAt: Date;
}

export interface PausedClock {
  state: 'paused';
  pausedAt: Date;
  /** Office minutes left before the appointment when paused; 0 when it was already due. */
  remainingMinutes: number;
  /** The appointment in force when the clock was paused (shown on the supplement request). */
  appointmentAt: Date;
}

export type DeadlineClock = RunningClock | PausedClock;

/** Whether the appointment has passed. A paused clock is never overdue: the wait is the citizen's. */
export function isOverdue(clock: DeadlineClock, now: Date): boolean {
  return clock.state === 'running' && now.getTime() > clock.appointmentAt.getTime();
}

export function startClock(calendar: WorkingCalendar, receivedAt: Date, rule: DeadlineRule): RunningClock {
  return { state: 'running', appointmentAt: calendar.appointmentFor(receivedAt, rule) };
}

/** Stops the clock when a supplement is requested at `at`, keeping the office time left. */
export function pauseClock(calendar: WorkingCalendar, clock: DeadlineClock, at: Date): PausedClock {
  if (clock.state !== 'running') throw wrongClockState(WorkingTimeErrors.CLOCK_NOT_RUNNING, 'the clock is already paused');
  return { state: 'paused', pausedAt: at, remainingMinutes: calendar.workingMinutesBetween(at, clock.appointmentAt), appointmentAt: clock.appointmentAt };
}

/** `resume` rule: the time left when paused runs again from `at` (the supplement's arrival). */
export function resumeClock(calendar: WorkingCalendar, clock: DeadlineClock, at: Date): RunningClock {
  const paused = requirePaused(clock, at);
  return { state: 'running', appointmentAt: calendar.addWorkingMinutes(at, paused.remainingMinutes) };
}

/** `restart` rule: the deadline is computed afresh, as if the dossier were received at `at`. */
export function restartClock(calendar: WorkingCalendar, clock: DeadlineClock, at: Date, rule: DeadlineRule): RunningClock {
  requirePaused(clock, at);
  return { state: 'running', appointmentAt: calendar.appointmentFor(at, rule) };
}

/**
 * Moves the appointment to `newAppointmentAt`, given by the official in the apology
 * letter. It must be later than the current one: an extension never shortens the wait.
 */
export function extendClock(clock: DeadlineClock, newAppointmentAt: Date): RunningClock {
  if (clock.state !== 'running') throw wrongClockState(WorkingTimeErrors.CLOCK_NOT_RUNNING, 'a paused clock cannot be extended: resume it first');
  if (Number.isNaN(newAppointmentAt.getTime()) || newAppointmentAt.getTime() <= clock.appointmentAt.getTime()) {
    throw invalidInput(WorkingTimeErrors.EXTENSION_NOT_LATER, `the new appointment must be later than ${clock.appointmentAt.toISOString()}`);
  }
  return { state: 'running', appointmentAt: newAppointmentAt };
}

function requirePaused(clock: DeadlineClock, at: Date): PausedClock {
  if (clock.state !== 'paused') throw wrongClockState(WorkingTimeErrors.CLOCK_NOT_PAUSED, 'the clock is not paused');
  if (at.getTime() < clock.pausedAt.getTime()) throw invalidInput(WorkingTimeErrors.TIME_BEFORE_PAUSE, `cannot continue at ${at.toISOString()}, before the pause at ${clock.pausedAt.toISOString()}`);
  return clock;
}
