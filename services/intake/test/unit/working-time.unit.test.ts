import { computeAppointment, localDateStamp } from '../../src/domain/working-time';

// Instants are written in Vietnam time (+07:00); the rule must not depend on the machine's zone.
const at = (local: string) => new Date(`${local}+07:00`);
const sameDay = { kind: 'sameDay', cutoff: '15:00' } as const;

describe('appointment in working time (Asia/Ho_Chi_Minh)', () => {
  it('when a same-day dossier arrives before 15:00 on a working day, then it is due that day at 17:00', () => {
    expect(computeAppointment(at('2026-11-25T09:10:00'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
  });

  it('when a same-day dossier arrives after 15:00, then it is due the next working day', () => {
    expect(computeAppointment(at('2026-11-25T15:01:00'), sameDay)).toEqual(at('2026-11-26T17:00:00'));
  });

  it('when a same-day dossier arrives after 15:00 on a Friday, then it is due on Monday', () => {
    expect(computeAppointment(at('2026-11-27T16:30:00'), sameDay)).toEqual(at('2026-11-30T17:00:00'));
  });

  it('when a dossier arrives on a Saturday, then the clock starts on Monday', () => {
    expect(computeAppointment(at('2026-11-28T10:00:00'), sameDay)).toEqual(at('2026-11-30T17:00:00'));
    expect(computeAppointment(at('2026-11-28T10:00:00'), { kind: 'workingDays', days: 3 })).toEqual(at('2026-12-03T17:00:00'));
  });

  it('when a procedure takes 3 working days, then weekends are skipped', () => {
    expect(computeAppointment(at('2026-11-26T08:00:00'), { kind: 'workingDays', days: 3 })).toEqual(at('2026-12-01T17:00:00'));
  });

  it('when it is already the next day in Vietnam but not in UTC, then the local date is used', () => {
    // 23:30 UTC on the 24th is 06:30 on Wednesday the 25th in Huế.
    expect(computeAppointment(new Date('2026-11-24T23:30:00Z'), sameDay)).toEqual(at('2026-11-25T17:00:00'));
    expect(localDateStamp(new Date('2026-11-24T23:30:00Z'))).toBe('261125');
  });
});
