import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@motcua/testing';
import { fileClock, readClockFile } from '@motcua/runtime';
import { parseDuration, runClockCommand } from '../src/clock-command';

describe('the demo clock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-clock-'));
    file = join(dir, 'clock.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when durations are given as days, hours, minutes and seconds, then they add up, signed', () => {
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d4h30m15s')).toBe(86_400_000 + 4 * 3_600_000 + 30 * 60_000 + 15_000);
    expect(parseDuration('-30m')).toBe(-1_800_000);
    expect(() => parseDuration('2 hours')).toThrow('not a duration');
  });

  it('when the clock is set, advanced and reset, then the file holds the offset from the real time', () => {
    const real = new Date('2026-11-25T01:00:00.000Z');
    expect(runClockCommand(file, ['show'], real)).toEqual({ offsetMs: 0, now: real });
    expect(runClockCommand(file, ['set', '2026-11-25T14:59:00+07:00'], real).now.toISOString()).toBe('2026-11-25T07:59:00.000Z');
    expect(runClockCommand(file, ['advance', '2m'], real).now.toISOString()).toBe('2026-11-25T08:01:00.000Z');
    expect(readClockFile(file).offsetMs).toBe(7 * 3_600_000 + 60_000);
    expect(runClockCommand(file, ['reset'], real).offsetMs).toBe(0);
    expect(() => runClockCommand(file, ['set', 'tomorrow'], real)).toThrow('usage');
  });

  it('when another process moves the file, then a running clock follows it without a restart', async () => {
    const clock = fileClock(file);
    expect(Math.abs(clock().getTime() - Date.now())).toBeLessThan(1000);
    runClockCommand(file, ['advance', '3h']);
    await waitFor(() => clock().getTime() - Date.now() > 3 * 3_600_000 - 1000, { timeoutMs: 5000, what: 'clock follows the file' });
  });
});
