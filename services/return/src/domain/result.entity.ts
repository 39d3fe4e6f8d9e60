/**
 * A result (or a rejection letter) on its way back to the citizen through the
 * channel chosen at intake: counter, postal point, postal home delivery or download.
 */
import type { ReturnChannel } from '@motcua/contracts';

export type ResultStatus = 'READY' | 'RETURNED';

export interface Result {
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  kind: 'result' | 'rejection';
  returnChannel: ReturnChannel;
  documentId?: string;
  status: ResultStatus;
  readyAt: string;
  returnedAt?: string;
  /** Name only: of the id number shown at handover, only the last four digits go into ResultReturned. */
  receivedByName?: string;
  traceparent?: string;
}

export const ReturnErrors = {
  RESULT_NOT_FOUND: 'RETURN.RESULT_NOT_FOUND',
  ALREADY_RETURNED: 'RETURN.ALREADY_RETURNED',
} as const;
