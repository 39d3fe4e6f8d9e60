/**
 * The papers intake hands the citizen, as data: the receipt-and-appointment slip
 * (form 01) for a received dossier and the refusal slip (form 03) for a dossier not
 * taken in. Printing is @motcua/documents' job; the id number travels as its last four
 * digits only.
 */
import { findCentre, findOfficer, findProcedure, findReceptionPoint, type Catalogue } from '@motcua/catalogue';
import type { Actor, Applicant, DocumentRef } from '@motcua/contracts';
import { returnChannelLabel, type DocumentApplicant, type DocumentHeader, type ReceiptSlip, type RefusalLetter } from '@motcua/documents';
import type { Dossier } from './dossier.entity';
import type { Refusal } from './refusal.entity';

function applicantOf(applicant: Applicant): DocumentApplicant {
  return {
    fullName: applicant.fullName,
    idNumberLast4: applicant.idNumber.slice(-4),
    phone: applicant.phone,
    ...(applicant.address ? { address: applicant.address } : {}),
  };
}

function officerOf(catalogue: Catalogue, actor: Actor): DocumentHeader['officer'] {
  const officer = actor.id ? findOfficer(catalogue, actor.id) : undefined;
  return { role: actor.role, ...(officer ? { name: officer.name } : {}) };
}

function header(catalogue: Catalogue, at: { centreId: string; receptionPointId: string; procedureCode: string }): Pick<DocumentHeader, 'centreName' | 'receptionPointName' | 'procedure'> {
  const centre = findCentre(catalogue, at.centreId);
  const point = findReceptionPoint(catalogue, at.centreId, at.receptionPointId);
  const procedure = findProcedure(catalogue, at.procedureCode);
  return {
    centreName: centre?.name ?? at.centreId,
    ...(point ? { receptionPointName: point.name } : {}),
    procedure: { code: at.procedureCode, name: procedure?.name ?? at.procedureCode },
  };
}

/** Where the result is collected, naming the reception point for a counter return (a satellite point is not the main counter). */
function returnChannelText(catalogue: Catalogue, dossier: Dossier): string {
  const channel = dossier.returnChannel;
  const point = channel.type === 'counter' && channel.receptionPointId ? findReceptionPoint(catalogue, dossier.centreId, channel.receptionPointId) : undefined;
  return point ? `${returnChannelLabel('counter')} – ${point.name}` : channel.type;
}

const papers = (documents: DocumentRef[]) => documents.map((d) => ({ name: d.name, ...(d.copies ? { copies: d.copies } : {}) }));

export function receiptSlipOf(catalogue: Catalogue, dossier: Dossier, lookupUrl: string): ReceiptSlip {
  return {
    kind: 'receipt',
    ...header(catalogue, dossier),
    dossierCode: dossier.code,
    applicant: applicantOf(dossier.applicant),
    issuedAt: dossier.receivedAt,
    officer: officerOf(catalogue, dossier.receivedBy),
    documents: papers(dossier.documents),
    receivedAt: dossier.receivedAt,
    appointmentAt: dossier.appointmentAt,
    feeVnd: findProcedure(catalogue, dossier.procedureCode)?.feeVnd ?? 0,
    returnChannel: returnChannelText(catalogue, dossier),
    lookupUrl,
  };
}

export function refusalSlipOf(catalogue: Catalogue, refusal: Refusal): RefusalLetter {
  return {
    kind: 'refusal',
    stage: 'intake',
    ...header(catalogue, refusal),
    applicant: applicantOf(refusal.applicant),
    issuedAt: refusal.refusedAt,
    officer: officerOf(catalogue, refusal.refusedBy),
    reason: refusal.reason,
  };
}
