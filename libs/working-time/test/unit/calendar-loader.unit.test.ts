import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '@motcua/errors';
import { loadCalendar } from '@motcua/working-time';

type Entry = Record<string, unknown>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'calendar-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes a year file with one entry per line, as the shipped files are, and returns the
 * line of each entry so tests can check the line an error names.
 */
function writeYear(name: string, year: number, holidays: Entry[], workingDays: Entry[] = [], header: Entry = { source: 'test', verified: true }) {
  const head = [`{`, `  "year": ${year},`, ...Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`), `  "holidays": [`];
  const holidayLines = holidays.map((h, i) => `    ${JSON.stringify(h)}${i < holidays.length - 1 ? ',' : ''}`);
  const middle = [`  ],`, `  "workingDays": [`];
  const workingLines = workingDays.map((w, i) => `    ${JSON.stringify(w)}${i < workingDays.length - 1 ? ',' : ''}`);
  const lines = [...head, ...holidayLines, ...middle, ...workingLines, `  ]`, `}`];
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n'));
  const firstHoliday = head.length + 1;
  const firstWorkingDay = firstHoliday + holidays.length + middle.length;
  return { file, holidayLine: (i: number) => firstHoliday + i, workingDayLine: (i: number) => firstWorkingDay + i };
}

function loadError(): { code: string; message: string } {
  try {
    loadCalendar(dir);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected loadCalendar to fail');
}

const tet = { date: '2026-02-17', name: 'Tết Nguyên đán — mùng 1', kind: 'holiday' };

describe('loading the calendar folder', () => {
  it('when the folder has one file per year, then every year is loaded and an added file adds its year without code changes', () => {
    writeYear('2026.json', 2026, [tet], [{ date: '2026-01-10', name: 'Làm bù' }]);
    expect(loadCalendar(dir).years).toEqual([2026]);
    writeYear('2028.json', 2028, [{ date: '2028-01-01', name: 'Tết Dương lịch', kind: 'holiday' }]);
    const calendar = loadCalendar(dir);
    expect(calendar.years).toEqual([2026, 2028]);
    expect(calendar.isWorkingDay('2028-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
  });

  it('when an entry has an impossible date, then start-up fails naming the file and the line of that entry', () => {
    const { file, holidayLine } = writeYear('2026.json', 2026, [tet, { date: '2026-02-30', name: 'Ngày sai', kind: 'holiday' }]);
    const error = loadError();
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.message).toContain(`${file}:${holidayLine(1)}: holidays[1].date 2026-02-30 is not a real date`);
  });

  it('when an entry misses a field or has an unknown kind, then the error points at that entry', () => {
    const { file, holidayLine } = writeYear('2026.json', 2026, [tet, { date: '2026-04-30', kind: 'holiday' }, { date: '2026-05-01', name: '1/5', kind: 'festival' }]);
    const error = loadError();
    expect(error.message).toContain(`${file}:${holidayLine(1)}: holidays[1] must have required property 'name'`);
    expect(error.message).toContain(`${file}:${holidayLine(2)}: holidays[2].kind`);
  });

  it('when a date is listed twice, then the second listing is reported', () => {
    const { file, workingDayLine } = writeYear('2026.json', 2026, [tet], [{ date: '2026-02-17', name: 'Làm bù' }]);
    expect(loadError().message).toContain(`${file}:${workingDayLine(0)}: workingDays[0].date 2026-02-17 is listed twice (also at holidays[0])`);
  });

  it("when a date is outside the file's year, then it is reported", () => {
    const { file, holidayLine } = writeYear('2026.json', 2026, [tet, { date: '2027-01-01', name: 'Tết Dương lịch', kind: 'holiday' }]);
    expect(loadError().message).toContain(`${file}:${holidayLine(1)}: holidays[1].date 2027-01-01 is outside the file's year 2026`);
  });

  it('when a compensatory working day is not a weekend, then it is reported with its weekday', () => {
    const { file, workingDayLine } = writeYear('2026.json', 2026, [tet], [{ date: '2026-01-10', name: 'Làm bù' }, { date: '2026-01-14', name: 'Làm bù' }]);
    expect(loadError().message).toContain(`${file}:${workingDayLine(1)}: workingDays[1].date 2026-01-14 is a Wednesday: a compensatory working day must be a Saturday or Sunday`);
  });

  it('when a compensatory day off falls on a weekend, then it is reported', () => {
    const { file, holidayLine } = writeYear('2026.json', 2026, [tet, { date: '2026-02-21', name: 'Nghỉ bù', kind: 'compensatory-off' }]);
    expect(loadError().message).toContain(`${file}:${holidayLine(1)}: holidays[1].date 2026-02-21 is a Saturday`);
  });

  it('when a file is not marked verified, then it must say in a note what is uncertain', () => {
    const { file } = writeYear('2026.json', 2026, [tet], [], { source: 'test', verified: false });
    expect(loadError().message).toContain(`${file}:4: verified is false: add a note`);
  });

  it('when a file is not valid JSON, then the error names the line of the syntax error', () => {
    const file = join(dir, '2026.json');
    writeFileSync(file, ['{', '  "year": 2026,', '  "holidays": [', '    { "date": "2026-01-01" "name": "x" }', '  ]', '}'].join('\n'));
    expect(loadError().message).toBe(`${file}:4: not valid JSON (CommaExpected)`);
  });

  it('when two files give the same year, or a file name and its year disagree, then start-up fails', () => {
    writeYear('2026.json', 2026, [tet]);
    const copy = writeYear('spare.json', 2026, [tet]);
    expect(loadError().message).toBe(`${copy.file}:2: year 2026 is already given by ${join(dir, '2026.json')}`);
    rmSync(copy.file);
    const misnamed = writeYear('2027.json', 2026, [tet]);
    expect(loadError().message).toBe(`${misnamed.file}:2: year 2026 does not match the file name 2027.json`);
  });

  it('when the folder has no calendar file, then start-up fails rather than counting weekends only', () => {
    expect(loadError().message).toBe(`${dir}: no calendar files (*.json) found`);
  });
});
