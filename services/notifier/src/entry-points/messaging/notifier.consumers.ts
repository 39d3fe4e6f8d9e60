/** The notifier listens to every business topic for citizen-facing events. */
import { randomUUID } from 'node:crypto';
import type { Catalogue } from '@motcua/catalogue';
import { Topics } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { notifierPorts } from '../../data-access/notifier.store';
import type { Notification } from '../../domain/notification.entity';
import type { TemplateSwitches } from '../../domain/template-switches.rules';
import { queueNotifications } from '../../domain/notify.use-cases';
import { postalPorts } from '../../data-access/postal/postal-pickup.store';
import type { PostalPickup } from '../../domain/postal-pickup.entity';
import { pickupsWaitingForContact, requestPickup, type BookingPolicy, type PostalContext } from '../../domain/postal-pickup.use-cases';

export const NOTIFIER_GROUP = 'notifier';

export interface NotifierConsumerDeps {
  clock: () => Date;
  lookupUrl: (code: string) => string;
  catalogue: Catalogue;
  switches: TemplateSwitches;
  /** Submits a queued notification after its row is committed (see send-notification.use-cases.ts). */
  dispatch: (notificationId: string) => Promise<unknown>;
  postal: { ctx: PostalContext; policy: BookingPolicy; book: (pickupId: string) => Promise<unknown> };
}

export function notifierConsumers(store: ServiceStore, deps: NotifierConsumerDeps): ConsumerSpec[] {
  const { clock, lookupUrl, catalogue, switches } = deps;
  return [
    {
      groupId: NOTIFIER_GROUP,
      topics: [Topics.intake, Topics.processing, Topics.signing, Topics.return],
      handle: async (event) => {
        let queued: Notification[] = [];
        let pickups: PostalPickup[] = [];
        await handleOnce(store, NOTIFIER_GROUP, event, async (tx) => {
          queued = await queueNotifications(notifierPorts(tx), event.envelope, { newId: randomUUID, now: clock(), lookupUrl, catalogue, switches });
          const postal = postalPorts(tx);
          const pickup = await requestPickup(postal, event.envelope, deps.postal.ctx, deps.postal.policy);
          pickups = pickup ? [pickup] : await pickupsWaitingForContact(postal, event.envelope);
        });
        // If this fails the row stays `created` and the sweep dispatches it: the event itself is handled.
        for (const notification of queued) await deps.dispatch(notification.id);
        // Likewise the pickup's booking timer books it if this is lost.
        for (const pickup of pickups) await deps.postal.book(pickup.id);
      },
    },
  ];
}
