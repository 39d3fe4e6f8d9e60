/**
 * Who is calling intake, from the authenticated principal: an officer (token) or the
 * portal (an integrator's API key).
 */
import type { Response } from 'express';
import type { Principal } from '@motcua/auth';
import { officerFromToken, type Catalogue } from '@motcua/catalogue';
import { documentContentSecurityPolicy, renderDocumentHtml, type PrintableDocument } from '@motcua/documents';
import { integratorActor, officerActor, type IntakeActor } from '../../domain/intake.actor';

export function callerOf(catalogue: Catalogue, principal: Principal): IntakeActor {
  return principal.kind === 'officer' ? officerActor(officerFromToken(catalogue, principal)) : integratorActor(principal.integratorId, principal.centres);
}

/** A document as printable HTML (default) or its data (`?format=json`). */
export function sendDocument(res: Response, format: 'json' | 'html' | undefined, document: PrintableDocument): void {
  if (format === 'json') {
    res.json(document);
    return;
  }
  res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(document));
}
