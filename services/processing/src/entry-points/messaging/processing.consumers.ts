/** Events processing reacts to: dossiers received at intake, decisions taken at signing. */
import { randomUUID } from 'node:crypto';
import { Topics, isEvent } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { processingPorts } from '../../data-access/processing.store';
import { followSignature, openWorkItem } from '../../domain/work-item.use-cases';

export const PROCESSING_GROUP = 'processing';

export function processingConsumers(store: ServiceStore, clock: () => Date): ConsumerSpec[] {
  return [
    {
      groupId: PROCESSING_GROUP,
      topics: [Topics.intake, Topics.signing],
      handle: async (event) => {
        const envelope = event.envelope;
        if (isEvent(envelope, 'DossierReceived')) {
          await handleOnce(store, PROCESSING_GROUP, event, (tx) => openWorkItem(processingPorts(tx), envelope, randomUUID, clock()));
        } else if (isEvent(envelope, 'DocumentSigned')) {
          await handleOnce(store, PROCESSING_GROUP, event, (tx) => followSignature(processingPorts(tx), envelope.data.dossierId, 'signed', clock()));
        } else if (isEvent(envelope, 'SignatureDeclined')) {
          await handleOnce(store, PROCESSING_GROUP, event, (tx) => followSignature(processingPorts(tx), envelope.data.dossierId, 'signatureDeclined', clock()));
        }
      },
    },
  ];
}
