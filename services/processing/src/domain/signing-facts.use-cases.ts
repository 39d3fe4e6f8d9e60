/**
 * What signing tells processing: the leader signed the result (the item leaves
 * processing for good) or declined it (back to the specialist, clock still running).
 * Signing is the leader's action, performed at signing; processing records it as a fact.
 */
import type { DocumentSigned, EventEnvelope, TypedEnvelope } from '@motcua/contracts';
import { applyFact } from './fact.projection';
import type { ProcessingContext, ProcessingTransaction } from './processing.ports';

export async function documentSigned(tx: ProcessingTransaction, ctx: ProcessingContext, event: EventEnvelope<DocumentSigned>): Promise<void> {
  const item = await tx.workItems.findByDossier(event.data.dossierId);
  if (!item) {
    ctx.log.warn({ dossierId: event.data.dossierId, eventId: event.id }, 'DocumentSigned for a dossier with no work item: skipped');
    return;
  }
  const signer = event.data.actor?.role === 'leader' ? event.data.actor : { role: 'leader' as const, id: event.data.signer.id };
  const signed = applyFact(item, 'sign', signer, ctx.clock(), ctx.log);
  if (!signed) return;
  await tx.workItems.save(signed);
  await tx.overdueTimers.cancel(signed);
}

export async function signatureDeclined(tx: ProcessingTransaction, ctx: ProcessingContext, event: TypedEnvelope<'SignatureDeclined'>): Promise<void> {
  const item = await tx.workItems.findByDossier(event.data.dossierId);
  if (!item) {
    ctx.log.warn({ dossierId: event.data.dossierId, eventId: event.id }, 'SignatureDeclined for a dossier with no work item: skipped');
    return;
  }
  const declined = applyFact(item, 'declineSignature', event.data.actor, ctx.clock(), ctx.log, event.data.reason);
  if (!declined) return;
  await tx.workItems.save(declined);
  // Usually already set (the clock kept running while awaiting signature); setting it again is harmless and heals a lost one.
  await tx.overdueTimers.schedule(declined);
}
