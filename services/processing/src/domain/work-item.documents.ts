/**
 * The letters processing issues, as data (libs/documents types): the supplement
 * request (form 02, the latest one), the refusal of a dossier in processing (form 03)
 * and the apology with the new appointment (form 04, the latest extension). Names come
 * from the catalogue so a renamed centre prints its new name; the applicant is named
 * only by their full name.
 */
import { findCentre, findProcedure, findReceptionPoint, type Catalogue } from '@motcua/catalogue';
import type { ApologyLetter, DocumentHeader, RefusalLetter, SupplementRequestLetter } from '@motcua/documents';
import { AppError } from '@motcua/errors';
import { ProcessingErrors } from './processing.errors';
import type { OfficerRef, WorkItem } from './work-item.entity';

export const processingDocumentKinds = ['supplement-request', 'refusal', 'apology'] as const;
export type ProcessingDocumentKind = (typeof processingDocumentKinds)[number];
export type ProcessingDocument = SupplementRequestLetter | RefusalLetter | ApologyLetter;

function header(catalogue: Catalogue, item: WorkItem, issuedAt: string, officer: OfficerRef): DocumentHeader {
  const point = findReceptionPoint(catalogue, item.centreId, item.receptionPointId);
  return {
    centreName: findCentre(catalogue, item.centreId)?.name ?? item.centreId,
    ...(point ? { receptionPointName: point.name } : {}),
    dossierCode: item.dossierCode,
    procedure: { code: item.procedureCode, name: findProcedure(catalogue, item.procedureCode)?.name ?? item.procedureName },
    applicant: { fullName: item.applicantName },
    issuedAt,
    officer: { name: officer.name, role: officer.role },
  };
}

function notIssued(item: WorkItem, what: string): AppError {
  return new AppError(ProcessingErrors.DOCUMENT_NOT_FOUND, 'not_found', `work item ${item.id} has no ${what}`);
}

export function processingDocument(catalogue: Catalogue, item: WorkItem, kind: ProcessingDocumentKind): ProcessingDocument {
  switch (kind) {
    case 'supplement-request': {
      const request = item.supplementRequests.at(-1);
      if (!request) throw notIssued(item, 'supplement request');
      return {
        kind,
        ...header(catalogue, item, request.requestedAt, request.requestedBy),
        reason: request.reason,
        requestedDocuments: request.documents.map((document) => ({ name: document.name })),
      };
    }
    case 'refusal': {
      const rejection = item.rejection;
      if (!rejection) throw notIssued(item, 'rejection');
      return { kind, ...header(catalogue, item, rejection.rejectedAt, rejection.rejectedBy), stage: 'processing', reason: rejection.reason };
    }
    case 'apology': {
      const extension = item.extensions.at(-1);
      if (!extension) throw notIssued(item, 'extension');
      return {
        kind,
        ...header(catalogue, item, extension.issuedAt, extension.issuedBy),
        reason: extension.reason,
        previousAppointmentAt: extension.previousAppointmentAt,
        newAppointmentAt: extension.newAppointmentAt,
        receivedAt: item.receivedAt,
      };
    }
  }
}
