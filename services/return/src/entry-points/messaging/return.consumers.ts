/** Events return reacts to: the applicant and withdrawals at intake, signed results and rejections, results arriving at satellite points, postal outcomes. */
import { Topics, isEvent } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { returnPorts } from '../../data-access/return.store';
import type { ReturnContext } from '../../domain/return.ports';
import { dossierWithdrawn, prepareResult, rememberApplicant, resultTransferred } from '../../domain/result-facts.use-cases';
import { postalFailed, postalHandedOver } from '../../domain/postal-outcome.use-cases';

export const RETURN_GROUP = 'return';

export function returnConsumers(store: ServiceStore, ctx: ReturnContext): ConsumerSpec[] {
  return [
    {
      groupId: RETURN_GROUP,
      topics: [Topics.intake, Topics.processing, Topics.signing, Topics.notifier],
      handle: async (event) => {
        const envelope = event.envelope;
        if (isEvent(envelope, 'DossierReceived')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => rememberApplicant(returnPorts(tx), envelope));
        } else if (isEvent(envelope, 'DossierWithdrawn')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => dossierWithdrawn(returnPorts(tx), envelope));
        } else if (isEvent(envelope, 'ResultTransferred')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => resultTransferred(returnPorts(tx), ctx, envelope));
        } else if (isEvent(envelope, 'DocumentSigned')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => prepareResult(returnPorts(tx), ctx, { event: envelope, kind: 'result' }));
        } else if (isEvent(envelope, 'DossierRejected')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => prepareResult(returnPorts(tx), ctx, { event: envelope, kind: 'rejection' }));
        } else if (isEvent(envelope, 'PostalPickupCollected') || isEvent(envelope, 'PostalDelivered')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => postalHandedOver(returnPorts(tx), ctx, envelope).then(() => undefined));
        } else if (isEvent(envelope, 'PostalPickupFailed')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => postalFailed(returnPorts(tx), ctx, envelope).then(() => undefined));
        }
      },
    },
  ];
}
