/**
 * A refusal at intake (từ chối tiếp nhận): the officer looked at the papers and did not
 * take the dossier in. No dossier exists, no code is used; the citizen gets form 03
 * saying why, and the centre keeps this record of it.
 */
import type { Actor, Applicant, DocumentRef } from '@motcua/contracts';

export interface Refusal {
  id: string;
  centreId: string;
  receptionPointId: string;
  procedureCode: string;
  applicant: Applicant;
  /** What the citizen handed in (and took back). */
  documents: DocumentRef[];
  reason: string;
  refusedAt: string;
  refusedBy: Actor;
}
