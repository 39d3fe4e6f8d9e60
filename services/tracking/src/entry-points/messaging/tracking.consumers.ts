/** Tracking projects every business topic into the read model; a status change also records its webhooks. */
import { businessTopics, eventNameOf, type EventName } from '@motcua/contracts';
import { traceIdOf } from '@motcua/observability';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { ServiceStore, Tx } from '@motcua/storage';
import { viewsIn } from '../../data-access/tracking.store';
import { project } from '../../domain/dossier-view.entity';
import { statusChangeOf, type StatusChange } from '../../domain/status-webhook.entity';

/** Runs inside the projection's unit of work; what it returns runs once that has committed. */
export type StatusChangeHook = (tx: Tx, change: StatusChange) => Promise<() => void>;

export const TRACKING_GROUP = 'tracking';

export function trackingConsumers(store: ServiceStore, onStatusChange?: StatusChangeHook): ConsumerSpec[] {
  return [
    {
      groupId: TRACKING_GROUP,
      topics: [...businessTopics],
      handle: async (event) => {
        let afterCommit: (() => void) | undefined;
        await handleOnce(store, TRACKING_GROUP, event, async (tx) => {
          const views = viewsIn(tx);
          const current = await views.get(event.envelope.subject);
          const next = project(current, event.envelope, traceIdOf(event.envelope.traceparent));
          if (!next || next === current) return;
          await views.upsert(next);
          const { id, time } = event.envelope;
          // project() returned a new view, so the event has a name.
          const change = statusChangeOf(current, next, { id, time, name: eventNameOf(event.envelope.type) as EventName });
          if (change && onStatusChange) afterCommit = await onStatusChange(tx, change);
        });
        afterCommit?.();
      },
    },
  ];
}
