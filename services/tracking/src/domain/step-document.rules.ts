/**
 * What a timeline step issued and why: the document a step produced, linked at the
 * route of the service that owns it (tracking only points there, it does not keep
 * the documents), and the reason a step gives. Reasons are the officers' or the
 * citizen's words about the dossier; personal data never travels in them.
 */
import type { EventName } from '@motcua/contracts';
import { documentTitle, type DocumentKind } from '@motcua/documents';

export interface TimelineDocument {
  /** A printable form, or `result`: the signed result itself. */
  kind: DocumentKind | 'result';
  title: string;
  /** The service that serves it; `path` is on that service. */
  service: 'intake' | 'processing' | 'signing';
  path: string;
}

export const RESULT_DOCUMENT_TITLE = 'Kết quả giải quyết thủ tục hành chính (bản ký số)';

const withReason: readonly EventName[] = ['SupplementRequested', 'DossierRejected', 'DossierExtended', 'SignatureDeclined', 'DossierWithdrawn'];

export function reasonOf(name: EventName, data: unknown): string | undefined {
  return withReason.includes(name) ? (data as { reason?: string }).reason : undefined;
}

const segment = (id: string) => encodeURIComponent(id);

/** Processing serves its letters per work item (form 04 is the latest extension's). */
function processingLetter(kind: 'supplement-request' | 'refusal' | 'apology', workItemId: string): TimelineDocument {
  return { kind, title: documentTitle(kind), service: 'processing', path: `/v1/work-items/${segment(workItemId)}/documents/${kind}` };
}

export function documentOf(name: EventName, data: unknown): TimelineDocument | undefined {
  const facts = data as { dossierId: string; workItemId?: string; documentId?: string };
  switch (name) {
    case 'DossierReceived':
      return { kind: 'receipt', title: documentTitle('receipt'), service: 'intake', path: `/v1/dossiers/${segment(facts.dossierId)}/receipt` };
    case 'SupplementRequested':
      return facts.workItemId ? processingLetter('supplement-request', facts.workItemId) : undefined;
    case 'DossierRejected':
      return facts.workItemId ? processingLetter('refusal', facts.workItemId) : undefined;
    case 'DossierExtended':
      return facts.workItemId ? processingLetter('apology', facts.workItemId) : undefined;
    case 'DocumentSigned':
      return facts.documentId ? { kind: 'result', title: RESULT_DOCUMENT_TITLE, service: 'signing', path: `/v1/documents/${segment(facts.documentId)}` } : undefined;
    default:
      return undefined;
  }
}
