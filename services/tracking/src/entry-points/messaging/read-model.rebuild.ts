/**
 * `motcua tracking rebuild`: the read model projected again from every business
 * topic, from the first message, into an empty copy that then replaces it.
 *
 * The topics are read through the EventBus port as a new consumer group: on both
 * buses a group with no committed offsets starts at the beginning (the embedded log
 * at offset 0, Kafka with `fromBeginning`). The port tells no end offsets, so the
 * rebuild knows it is done when every event the live read model had projected when
 * it began has come through, and then nothing more for a quiet period. The live
 * projection may keep running meanwhile: steps it takes in after the rebuild began
 * are carried over at the swap (see swapInRebuiltViews).
 */
import { businessTopics } from '@motcua/contracts';
import type { EventBus, RetryPolicy } from '@motcua/messaging';
import { traceIdOf } from '@motcua/observability';
import type { ServiceStore } from '@motcua/storage';
import { clearRebuiltViews, projectedEventIds, rebuiltViewsIn, swapInRebuiltViews, trackingCollections, type SwapCounts } from '../../data-access/tracking.store';
import { project } from '../../domain/dossier-view.entity';

export const REBUILD_GROUP_PREFIX = 'tracking-rebuild-';

export interface RebuildOptions {
  /** tracking's store. */
  store: ServiceStore;
  bus: EventBus;
  /** A group that has never consumed; default `tracking-rebuild-<epoch ms>`. */
  groupId?: string;
  /** Nothing delivered for this long (after every known event came) means the topics are read to the end. */
  quietMs?: number;
  /** Gives up (and changes nothing) when the topics are not read by then. */
  timeoutMs?: number;
  /** Replace the read model even if some events it holds never came from the topics (e.g. past the topics' retention). */
  force?: boolean;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
}

export interface RebuildReport extends SwapCounts {
  groupId: string;
  /** Messages delivered from the topics, and how many of them changed a view. */
  eventsRead: number;
  eventsProjected: number;
  /** Events the read model held that the topics did not give back (only with `force`). */
  missing: number;
  durationMs: number;
}

export const RebuildErrors = { INCOMPLETE: 'TRACKING.REBUILD_INCOMPLETE' } as const;

/** Default quiet period: a Kafka group takes seconds to join and rebalance, the embedded log none. */
export function defaultQuietMs(bus: Pick<EventBus, 'kind'>): number {
  return bus.kind === 'kafka' ? 10_000 : 1_000;
}

export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  const { store, bus } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const groupId = options.groupId ?? `${REBUILD_GROUP_PREFIX}${started}`;
  const quietMs = options.quietMs ?? defaultQuietMs(bus);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;

  await store.ensureCollections(trackingCollections);
  await clearRebuiltViews(store);
  const before = await projectedEventIds(store);
  const awaited = new Set(before);
  let lastActivity = now();
  let eventsRead = 0;
  let eventsProjected = 0;

  const subscription = await bus.subscribe({ groupId, topics: [...businessTopics], ...(options.retry ? { retry: options.retry } : {}) }, async (event) => {
    // No inbox: projecting an event twice changes nothing, and this group is thrown away.
    const changed = await store.unitOfWork.run(async (tx) => {
      const views = rebuiltViewsIn(tx);
      const current = await views.get(event.envelope.subject);
      const next = project(current, event.envelope, traceIdOf(event.envelope.traceparent));
      if (!next || next === current) return false;
      await views.upsert(next);
      return true;
    });
    eventsRead += 1;
    if (changed) eventsProjected += 1;
    awaited.delete(event.envelope.id);
    lastActivity = now();
  });

  try {
    for (;;) {
      const caughtUp = awaited.size === 0 && now() - lastActivity >= quietMs;
      if (caughtUp) break;
      if (now() - started >= timeoutMs) {
        if (options.force) break;
        throw Object.assign(
          new Error(
            `${awaited.size} event(s) of the read model did not come back from the topics within ${timeoutMs} ms (group ${groupId}); ` +
              'the read model is unchanged. Use --force to replace it anyway.',
          ),
          { code: RebuildErrors.INCOMPLETE },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await subscription.stop();
  }

  // With force, the steps that did not come back are dropped: they are in `before`, so not carried over.
  const counts = await swapInRebuiltViews(store, before);
  return { groupId, eventsRead, eventsProjected, missing: awaited.size, durationMs: now() - started, ...counts };
}
