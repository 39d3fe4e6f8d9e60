import { localDateStamp } from '../../src/domain/working-time';

// Appointment rules are tested with the working calendar in libs/working-time; here only the code's date stamp.
describe('date stamp of dossier codes (Asia/Ho_Chi_Minh)', () => {
  it('when a dossier is received during the day in Huế, then its code carries that day as yymmdd', () => {
    expect(localDateStamp(new Date('2026-11-25T09:10:00+07:00'))).toBe('261125');
  });

  it('when it is already the next day in Vietnam but not in UTC, then the Vietnam day is used', () => {
    // 23:30 UTC on the 24th is 06:30 on Wednesday the 25th in Huế.
    expect(localDateStamp(new Date('2026-11-24T23:30:00Z'))).toBe('261125');
  });

  it('when it is just before midnight in Huế on New Year’s Eve, then the old year is kept', () => {
    expect(localDateStamp(new Date('2026-12-31T23:59:59+07:00'))).toBe('261231');
    expect(localDateStamp(new Date('2027-01-01T00:00:00+07:00'))).toBe('270101');
  });
});
