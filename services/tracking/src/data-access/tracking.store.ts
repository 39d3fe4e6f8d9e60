/** The tracking read model's collection, and the copy a rebuild projects into before it replaces it. */
import { isDeepStrictEqual } from 'node:util';
import type { CollectionSpec, Filter, FindOptions, ServiceStore, Tx } from '@motcua/storage';
import { dossierStatuses, mergeViews, type DossierStatus, type DossierView } from '../domain/dossier-view.entity';
import { viewFilterFor, type DossierListQuery } from './dossier-list.query';

export const dossierViewsCollection: CollectionSpec = {
  name: 'dossier_views',
  // The list is sorted by appointment, so each equality filter it offers is indexed with
  // appointmentAt last: pages and the dueBefore range walk the index in order, no sort step.
  indexes: [
    { fields: ['code'] },
    { fields: ['centreId', 'status', 'appointmentAt'] },
    { fields: ['centreId', 'appointmentAt'] },
    { fields: ['flags.overdue', 'appointmentAt'] },
    { fields: ['appointmentAt'] },
    // The briefing of a past day reads the dossiers that changed since it began.
    { fields: ['updatedAt'] },
  ],
};

/**
 * Where `motcua tracking rebuild` projects the topics before the result replaces
 * `dossier_views`: same shape, same indexes, empty between rebuilds.
 */
export const rebuiltViewsCollection: CollectionSpec = { name: 'dossier_views_rebuild', indexes: [] };

export const trackingCollections = [dossierViewsCollection, rebuiltViewsCollection];

export const viewsIn = (tx: Pick<Tx, 'collection'>) => tx.collection<DossierView>(dossierViewsCollection);

export function findViewByCode(store: ServiceStore, code: string): Promise<DossierView | undefined> {
  return store.read((tx) => viewsIn(tx).findOne({ code }));
}

export interface ViewPage {
  items: DossierView[];
  total: number;
}

const byAppointment: FindOptions['sort'] = [{ field: 'appointmentAt', direction: 'asc' }];

/** Views matching the query, by appointment ascending (the store breaks ties by id, so pages are stable). */
export function listViews(store: ServiceStore, query: DossierListQuery): Promise<ViewPage> {
  const filter = viewFilterFor(query);
  return store.read(async (tx) => {
    const views = viewsIn(tx);
    const [items, total] = await Promise.all([views.find(filter, { sort: byAppointment, offset: query.offset, limit: query.limit }), views.count(filter)]);
    return { items, total };
  });
}

const closedStatuses: readonly DossierStatus[] = ['RETURNED', 'WITHDRAWN'];
const openStatuses = dossierStatuses.filter((status) => !closedStatuses.includes(status));

/**
 * Every view the briefing of a day starting at `dayStart` can count: dossiers still
 * open, and those that changed since the day began (received, returned or closed on
 * or after it). A dossier closed, and quiet, before the day counts for nothing.
 */
export function viewsForBriefing(store: ServiceStore, dayStart: string, centreId?: string): Promise<DossierView[]> {
  const centre: Filter = centreId === undefined ? {} : { centreId };
  return store.read(async (tx) => {
    const views = viewsIn(tx);
    const [open, recent] = await Promise.all([views.find({ ...centre, status: [...openStatuses] }), views.find({ ...centre, updatedAt: { gte: dayStart } })]);
    const byId = new Map(open.map((view) => [view.id, view]));
    for (const view of recent) byId.set(view.id, view);
    return [...byId.values()];
  });
}

export const rebuiltViewsIn = (tx: Pick<Tx, 'collection'>) => tx.collection<DossierView>(rebuiltViewsCollection);

/** Empties the rebuild collection (what a crashed rebuild left behind, or the last swap's copy). */
export async function clearRebuiltViews(store: ServiceStore): Promise<void> {
  await store.unitOfWork.run(async (tx) => {
    const rebuilt = rebuiltViewsIn(tx);
    for (const view of await rebuilt.find({})) await rebuilt.delete(view.id);
  });
}

/** The id of every event the live read model has projected. */
export async function projectedEventIds(store: ServiceStore): Promise<Set<string>> {
  const views = await store.read((tx) => viewsIn(tx).find({}));
  return new Set(views.flatMap((view) => view.timeline.map((entry) => entry.eventId)));
}

export interface SwapCounts {
  /** Views in the read model before and after. */
  before: number;
  after: number;
  /** Views the rebuild changed, added or removed; the rest were already identical. */
  changed: number;
  added: number;
  removed: number;
  /** Steps the live projection took in while the rebuild ran, carried over. */
  lateSteps: number;
}

/**
 * Replaces the read model with the rebuilt views in one unit of work, so a reader sees
 * the old read model or the new one, never a mix. The Store port has no rename, so
 * the "swap" writes the differences into `dossier_views` inside that transaction.
 * Steps the live projection saw that were not in the read model when the rebuild
 * began (`before`) and that the rebuild did not reach are carried over.
 */
export async function swapInRebuiltViews(store: ServiceStore, before: ReadonlySet<string>): Promise<SwapCounts> {
  return store.unitOfWork.run(async (tx) => {
    const live = viewsIn(tx);
    const rebuiltViews = rebuiltViewsIn(tx);
    const current = await live.find({});
    const rebuilt = await rebuiltViews.find({});
    const next = new Map(rebuilt.map((view) => [view.id, view]));
    let lateSteps = 0;
    for (const view of current) {
      const base = next.get(view.id);
      const merged = mergeViews(base, view, (entry) => !before.has(entry.eventId));
      if (merged && merged !== base) {
        lateSteps += merged.timeline.length - (base?.timeline.length ?? 0);
        next.set(view.id, merged);
      }
    }
    const currentById = new Map(current.map((view) => [view.id, view]));
    let changed = 0;
    let added = 0;
    let removed = 0;
    for (const view of current) {
      if (next.has(view.id)) continue;
      await live.delete(view.id);
      removed += 1;
    }
    for (const view of next.values()) {
      const old = currentById.get(view.id);
      if (old && isDeepStrictEqual(old, view)) continue;
      await live.upsert(view);
      if (old) changed += 1;
      else added += 1;
    }
    for (const view of rebuilt) await rebuiltViews.delete(view.id);
    return { before: current.length, after: next.size, changed, added, removed, lateSteps };
  });
}
