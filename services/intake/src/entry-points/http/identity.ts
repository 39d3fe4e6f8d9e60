/**
 * Who is calling, until authentication lands (issue 7): an officer names themselves in
 * `x-officer-id` (role and centre from the catalogue); a call without it is the portal,
 * acting as an integrator.
 */
import type { Request, Response } from 'express';
import { officerFromHeader, OFFICER_HEADER, type Catalogue } from '@motcua/catalogue';
import { documentContentSecurityPolicy, renderDocumentHtml, type PrintableDocument } from '@motcua/documents';
import { integratorActor, officerActor, type IntakeActor } from '../../domain/intake.actor';

/** The officer named by the header, or the integrator when there is none. */
export function callerOf(catalogue: Catalogue, req: Request): IntakeActor {
  const header = req.header(OFFICER_HEADER);
  return header === undefined ? integratorActor : officerActor(officerFromHeader(catalogue, header));
}

/** The officer named by the header; 401 AUTH.UNKNOWN_OFFICER without one (courier steps are officers' only). */
export function officerCallerOf(catalogue: Catalogue, req: Request): IntakeActor {
  return officerActor(officerFromHeader(catalogue, req.header(OFFICER_HEADER)));
}

/** A document as printable HTML (default) or its data (`?format=json`). */
export function sendDocument(res: Response, format: 'json' | 'html' | undefined, document: PrintableDocument): void {
  if (format === 'json') {
    res.json(document);
    return;
  }
  res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(document));
}
