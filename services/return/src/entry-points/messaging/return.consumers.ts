/** Events return reacts to: signed results and rejections. */
import { randomUUID } from 'node:crypto';
import { Topics, isEvent } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { returnPorts } from '../../data-access/return.store';
import { prepareResult } from '../../domain/return.use-cases';

export const RETURN_GROUP = 'return';

export function returnConsumers(store: ServiceStore, clock: () => Date): ConsumerSpec[] {
  return [
    {
      groupId: RETURN_GROUP,
      topics: [Topics.signing, Topics.processing],
      handle: async (event) => {
        const envelope = event.envelope;
        if (isEvent(envelope, 'DocumentSigned')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => prepareResult(returnPorts(tx), { event: envelope, kind: 'result' }, randomUUID, clock()));
        } else if (isEvent(envelope, 'DossierRejected')) {
          await handleOnce(store, RETURN_GROUP, event, (tx) => prepareResult(returnPorts(tx), { event: envelope, kind: 'rejection' }, randomUUID, clock()));
        }
      },
    },
  ];
}
