/** Printable HTML for every document kind: one complete A4 page, in Vietnamese, all data escaped. */
import type { PrintableDocument } from './documents.types';
import { renderApology } from './forms/apology.form';
import { renderReceipt } from './forms/receipt.form';
import { renderRefusal } from './forms/refusal.form';
import { renderSupplementRequest } from './forms/supplement-request.form';
import { renderTrackingSlip } from './forms/tracking-slip.form';

export { documentTitle } from './document.labels';

export function renderDocumentHtml(document: PrintableDocument): string {
  switch (document.kind) {
    case 'receipt':
      return renderReceipt(document);
    case 'supplement-request':
      return renderSupplementRequest(document);
    case 'refusal':
      return renderRefusal(document);
    case 'apology':
      return renderApology(document);
    case 'tracking-slip':
      return renderTrackingSlip(document);
  }
}
