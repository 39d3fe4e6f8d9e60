/** Events processing reacts to: dossiers received, moved and completed at intake; decisions taken at signing. */
import { Topics, isEvent } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore, Tx } from '@motcua/storage';
import { processingPorts } from '../../data-access/processing.store';
import { dossierArrived, dossierInTransit, dossierWithdrawn, openWorkItem, supplementProvided } from '../../domain/intake-facts.use-cases';
import type { ProcessingContext, ProcessingTransaction } from '../../domain/processing.ports';
import { documentSigned, signatureDeclined } from '../../domain/signing-facts.use-cases';

export const PROCESSING_GROUP = 'processing';

export function processingConsumers(store: ServiceStore, ctx: ProcessingContext): ConsumerSpec[] {
  return [
    {
      groupId: PROCESSING_GROUP,
      topics: [Topics.intake, Topics.signing],
      handle: async (event) => {
        const envelope = event.envelope;
        const once = (work: (tx: ProcessingTransaction) => Promise<void>) => handleOnce(store, PROCESSING_GROUP, event, (tx: Tx) => work(processingPorts(tx)));
        if (isEvent(envelope, 'DossierReceived')) await once((tx) => openWorkItem(tx, ctx, envelope));
        else if (isEvent(envelope, 'DossierInTransit')) await once((tx) => dossierInTransit(tx, ctx, envelope));
        else if (isEvent(envelope, 'DossierArrived')) await once((tx) => dossierArrived(tx, ctx, envelope));
        else if (isEvent(envelope, 'SupplementProvided')) await once((tx) => supplementProvided(tx, ctx, envelope));
        else if (isEvent(envelope, 'DossierWithdrawn')) await once((tx) => dossierWithdrawn(tx, ctx, envelope));
        else if (isEvent(envelope, 'DocumentSigned')) await once((tx) => documentSigned(tx, ctx, envelope));
        else if (isEvent(envelope, 'SignatureDeclined')) await once((tx) => signatureDeclined(tx, ctx, envelope));
      },
    },
  ];
}
