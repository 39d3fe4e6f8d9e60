/** Events signing reacts to: result drafts from processing; receptions (the applicant's name on the result) and withdrawals from intake. */
import { randomUUID } from 'node:crypto';
import { Topics, isEvent } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { signingPorts } from '../../data-access/signing.store';
import { closeForWithdrawal, rememberApplicant, requestSignature } from '../../domain/signing.use-cases';

export const SIGNING_GROUP = 'signing';

export function signingConsumers(store: ServiceStore, clock: () => Date): ConsumerSpec[] {
  return [
    {
      groupId: SIGNING_GROUP,
      topics: [Topics.processing, Topics.intake],
      handle: async (event) => {
        const envelope = event.envelope;
        if (isEvent(envelope, 'ResultDrafted')) {
          await handleOnce(store, SIGNING_GROUP, event, (tx) => requestSignature(signingPorts(tx), envelope, randomUUID, clock()));
        } else if (isEvent(envelope, 'DossierReceived')) {
          await handleOnce(store, SIGNING_GROUP, event, (tx) => rememberApplicant(signingPorts(tx), envelope));
        } else if (isEvent(envelope, 'DossierWithdrawn')) {
          await handleOnce(store, SIGNING_GROUP, event, (tx) => closeForWithdrawal(signingPorts(tx), envelope));
        }
      },
    },
  ];
}
