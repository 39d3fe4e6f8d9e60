/**
 * `motcua clock …`: moves the whole system's clock for demos, training and journeys
 * that must cross a cut-off, a transfer round or an appointment. Every process started
 * with the same MOTCUA_CLOCK_FILE follows the file; without it the system clock rules
 * and this command refuses to run, so production can never be shifted by accident.
 */
import { resolve } from 'node:path';
import { readClockFile, writeClockFile } from '@motcua/runtime';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** `2h`, `1d4h`, `90m`, `-30m`: a signed sum of days, hours, minutes and seconds. */
export function parseDuration(text: string): number {
  const match = /^([+-])?((?:\d+[dhms])+)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 2h, 1d4h, 90m or -30m`);
  let total = 0;
  for (const [, amount, unit] of (match[2] as string).matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return match[1] === '-' ? -total : total;
}

export interface ClockCommandResult {
  offsetMs: number;
  now: Date;
}

/** Applies `show | set <ISO time> | advance <duration> | reset` to the clock file; `realNow` is the machine's time. */
export function runClockCommand(file: string, args: string[], realNow: Date = new Date()): ClockCommandResult {
  const [action = 'show', value] = args;
  let offsetMs = readClockFile(file).offsetMs;
  switch (action) {
    case 'show':
      break;
    case 'reset':
      offsetMs = 0;
      break;
    case 'set': {
      const target = new Date(value ?? '');
      if (!value || Number.isNaN(target.getTime())) throw new Error('usage: motcua clock set <ISO time with offset, e.g. 2026-11-25T14:59:00+07:00>');
      offsetMs = target.getTime() - realNow.getTime();
      break;
    }
    case 'advance':
      if (!value) throw new Error('usage: motcua clock advance <duration, e.g. 2h>');
      offsetMs += parseDuration(value);
      break;
    default:
      throw new Error(`unknown clock action "${action}" (show, set, advance, reset)`);
  }
  if (action !== 'show') writeClockFile(file, { offsetMs });
  return { offsetMs, now: new Date(realNow.getTime() + offsetMs) };
}

export function clockCommand(args: string[], env: Record<string, string | undefined> = process.env): void {
  const file = env['MOTCUA_CLOCK_FILE'];
  if (!file) {
    process.stderr.write('motcua clock: MOTCUA_CLOCK_FILE is not set; the services use the system clock.\n');
    process.exitCode = 2;
    return;
  }
  try {
    const { offsetMs, now } = runClockCommand(resolve(file), args);
    const local = now.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
    process.stdout.write(`motcua time: ${now.toISOString()} (${local} giờ Việt Nam), offset ${offsetMs} ms\n`);
  } catch (error) {
    process.stderr.write(`motcua clock: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
