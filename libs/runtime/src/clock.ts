/**
 * The services' clock. In production it is the system clock. For demos, training and
 * end-to-end journeys that must cross a 15:00 cut-off, a transfer round or an
 * appointment, `MOTCUA_CLOCK_FILE` names a small JSON file `{ "offsetMs": n }` that
 * every process reads: `motcua clock advance 2h` moves the whole system forward
 * together, without sleeping and without touching the machine's time.
 */
import { readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { AppError, ErrorCodes } from '@motcua/errors';

/** What services ask for the time; injected so tests and demos can move it. */
export type Clock = () => Date;

export interface ClockFile {
  offsetMs: number;
}

export function readClockFile(path: string): ClockFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { offsetMs: 0 };
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<ClockFile>;
  if (typeof parsed.offsetMs !== 'number' || !Number.isFinite(parsed.offsetMs)) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `${path}: "offsetMs" must be a finite number of milliseconds`);
  }
  return { offsetMs: parsed.offsetMs };
}

/** Writes atomically (rename), so a process never reads half a file. */
export function writeClockFile(path: string, clock: ClockFile): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(clock)}\n`);
  renameSync(temporary, path);
}

/**
 * The system clock shifted by the offset in `path`. The file is looked at on every
 * call (one stat, microseconds): a journey that moves the clock and at once sends a
 * request must find every process already on the new time.
 */
export function fileClock(path: string): Clock {
  let offsetMs = readClockFile(path).offsetMs;
  let modified = modifiedAt(path);
  return () => {
    const current = modifiedAt(path);
    if (current !== modified) {
      modified = current;
      try {
        offsetMs = readClockFile(path).offsetMs;
      } catch {
        // A file being rewritten by hand: keep the last good offset.
      }
    }
    return new Date(Date.now() + offsetMs);
  };
}

function modifiedAt(path: string): number {
  try {
    const stat = statSync(path);
    return stat.mtimeMs * 1000 + stat.size + stat.ino;
  } catch {
    return -1;
  }
}

export function systemClock(): Date {
  return new Date();
}
