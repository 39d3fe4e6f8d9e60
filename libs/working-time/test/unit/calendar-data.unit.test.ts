/**
 * Cross-checks the shipped calendar files against a lunar calendar computed
 * independently, so a wrong Tết or Giỗ Tổ date cannot slip in by hand.
 *
 * lunar-typescript computes the Chinese calendar (meridian UTC+8); the Vietnamese one
 * uses UTC+7, and the two differ in the rare months whose new moon falls between
 * 23:00 and 24:00 Vietnam time. For 2025–2027 they agree on every date checked here
 * (checked once against Hồ Ngọc Đức's Vietnamese algorithm when the files were
 * written). If a year added later fails only this test, check that year against a
 * Vietnamese lunar calendar before changing the data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lunar, Solar } from 'lunar-typescript';
import { defaultCalendarDir, loadCalendar, type CalendarYear } from '@motcua/working-time';

const files = readdirSync(defaultCalendarDir).filter((name) => name.endsWith('.json'));
const years = files.map((name) => JSON.parse(readFileSync(join(defaultCalendarDir, name), 'utf8')) as CalendarYear);

function lunarOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const lunar = Solar.fromYmd(y ?? 0, m ?? 0, d ?? 0).getLunar();
  // A leap month comes back negative, so it never matches a plain month.
  return `${lunar.getDay()}/${lunar.getMonth()}`;
}

function solarOf(lunarYear: number, month: number, day: number): string {
  return Lunar.fromYmd(lunarYear, month, day).getSolar().toYmd();
}

describe('shipped calendar data', () => {
  it('loads and covers 2025 to 2027', () => {
    expect(loadCalendar().years).toEqual(expect.arrayContaining([2025, 2026, 2027]));
  });

  it.each(years.map((c) => [c.year, c] as const))('%i: every lunar date written in the file matches the computed lunar calendar', (_year, calendar) => {
    const withLunar = calendar.holidays.filter((h) => h.lunar);
    expect(withLunar.length).toBeGreaterThan(0);
    for (const holiday of withLunar) expect(`${holiday.date} ${lunarOf(holiday.date)}`).toBe(`${holiday.date} ${holiday.lunar}`);
  });

  it.each(years.map((c) => [c.year, c] as const))('%i: lists the statutory holidays — Tết Dương lịch, Tết with its eve, Giỗ Tổ, 30/4, 1/5, 2/9 and its adjacent day', (year, calendar) => {
    const off = new Set(calendar.holidays.filter((h) => h.kind === 'holiday').map((h) => h.date));
    const tet = solarOf(year, 1, 1);
    const eve = new Date(Date.parse(`${tet}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    for (const date of [`${year}-01-01`, tet, eve, solarOf(year, 3, 10), `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]) expect(off).toContain(date);
    expect(off.has(`${year}-09-01`) || off.has(`${year}-09-03`)).toBe(true);
  });

  it.each(years.map((c) => [c.year, c] as const))('%i: says where its dates come from, and what is uncertain when not verified', (_year, calendar) => {
    expect(calendar.source.length).toBeGreaterThan(20);
    if (!calendar.verified) expect(calendar.note?.length ?? 0).toBeGreaterThan(20);
  });
});
