/** Tracking projects every business topic into the read model. */
import { businessTopics } from '@motcua/contracts';
import { traceIdOf } from '@motcua/observability';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { viewsIn } from '../../data-access/tracking.store';
import { project } from '../../domain/dossier-view.entity';

export const TRACKING_GROUP = 'tracking';

export function trackingConsumers(store: ServiceStore): ConsumerSpec[] {
  return [
    {
      groupId: TRACKING_GROUP,
      topics: [...businessTopics],
      handle: async (event) => {
        await handleOnce(store, TRACKING_GROUP, event, async (tx) => {
          const views = viewsIn(tx);
          const current = await views.get(event.envelope.subject);
          const next = project(current, event.envelope, traceIdOf(event.envelope.traceparent));
          if (next && next !== current) await views.upsert(next);
        });
      },
    },
  ];
}
