/**
 * Duplicate submissions: the same applicant handing in the same papers for the same
 * procedure at the same centre within a few days is usually a retry or a second visit,
 * not a second case. The new dossier is still received (a person may have a real reason)
 * but flagged for an officer, never merged or dropped.
 *
 * Dossiers are matched on a fingerprint, so the store indexes a hash instead of the
 * citizen's id number.
 */
import { createHash } from 'node:crypto';

const HOUR_MS = 3_600_000;

/** At most this many earlier dossiers are named (the event's limit). */
export const MAX_DUPLICATES_NAMED = 20;

/**
 * SHA-256 (hex) of the id number, the procedure code and the sorted, de-duplicated
 * document codes: the order papers were listed in and a paper listed twice do not matter.
 */
export function submissionFingerprint(parts: { idNumber: string; procedureCode: string; documentCodes: readonly string[] }): string {
  const codes = [...new Set(parts.documentCodes.map((code) => code.trim()))].sort();
  return createHash('sha256').update(JSON.stringify([parts.idNumber.trim(), parts.procedureCode, codes])).digest('hex');
}

/** The earliest receipt time that still counts as "within the window" of `receivedAt`. */
export function duplicateWindowStart(receivedAt: Date, windowHours: number): string {
  return new Date(receivedAt.getTime() - windowHours * HOUR_MS).toISOString();
}
