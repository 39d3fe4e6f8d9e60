/**
 * Who may take a result at the counter: the applicant (the id number shown matches
 * the one given at intake) or a person holding an authorisation (giấy ủy quyền),
 * which is recorded. Pure rules plus the one hash both sides of the check use.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApplicantIdentity, Authorisation, Receipt } from './result.entity';

/**
 * SHA-256 of the id number salted with the dossier id: equal for the same person on
 * the same dossier, and no table of precomputed hashes fits every dossier. Twelve
 * digits can still be searched by brute force: this keeps the number out of the
 * store and its backups, it is not a secret-keyed hash.
 */
export function hashIdNumber(dossierId: string, idNumber: string): string {
  return createHash('sha256').update(`${dossierId}:${idNumber}`, 'utf8').digest('hex');
}

export interface Recipient {
  receivedBy: { fullName: string; idNumber: string };
  authorisation?: Authorisation | undefined;
}

/** The receipt to record, or undefined when the person may not take it. */
export function checkRecipient(applicant: ApplicantIdentity, recipient: Recipient): Receipt | undefined {
  const shown = Buffer.from(hashIdNumber(applicant.id, recipient.receivedBy.idNumber), 'hex');
  const expected = Buffer.from(applicant.idNumberSha256, 'hex');
  const idNumberLast4 = recipient.receivedBy.idNumber.slice(-4);
  if (shown.length === expected.length && timingSafeEqual(shown, expected)) {
    return { fullName: recipient.receivedBy.fullName, idNumberLast4, as: 'applicant' };
  }
  if (recipient.authorisation) {
    return { fullName: recipient.receivedBy.fullName, idNumberLast4, as: 'authorised', authorisation: recipient.authorisation };
  }
  return undefined;
}
