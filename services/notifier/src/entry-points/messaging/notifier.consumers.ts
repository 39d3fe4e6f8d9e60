/** The notifier listens to every business topic for citizen-facing events. */
import { randomUUID } from 'node:crypto';
import { Topics } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { notifierPorts, notifierTransaction } from '../../data-access/notifier.store';
import type { Notification } from '../../domain/notification.entity';
import type { SmsSender } from '../../domain/notifier.ports';
import { deliver, queueNotification } from '../../domain/notify.use-cases';

export const NOTIFIER_GROUP = 'notifier';

export function notifierConsumers(store: ServiceStore, sender: SmsSender, clock: () => Date, lookupUrl: (code: string) => string): ConsumerSpec[] {
  const run = notifierTransaction(store);
  return [
    {
      groupId: NOTIFIER_GROUP,
      topics: [Topics.intake, Topics.processing, Topics.signing, Topics.return],
      handle: async (event) => {
        let queued: Notification | undefined;
        await handleOnce(store, NOTIFIER_GROUP, event, async (tx) => {
          queued = await queueNotification(notifierPorts(tx), event.envelope, { newId: randomUUID, now: clock(), lookupUrl });
        });
        if (queued) await deliver(run, sender, queued, clock);
      },
    },
  ];
}
