/**
 * Creates a file unless it already exists, atomically: the bytes go to a private
 * temporary file that is then hard-linked into place, so a reader never sees half a
 * file and, when processes race, the first one's file wins and the others keep it.
 * Used for generated secrets, keys and content-addressed documents.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Returns true when this call created the file, false when it was already there. */
export function writeFileOnce(file: string, bytes: Buffer | string, mode: number): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, bytes, { mode });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}
