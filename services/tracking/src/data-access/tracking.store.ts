/** The tracking read model's collection. */
import type { CollectionSpec, FindOptions, ServiceStore, Tx } from '@motcua/storage';
import type { DossierView } from '../domain/dossier-view.entity';
import { firstPositionWhere, viewFilterFor, type DossierListQuery } from './dossier-list.query';

export const dossierViewsCollection: CollectionSpec = {
  name: 'dossier_views',
  // The list is sorted by appointment, so each equality filter it offers is indexed with
  // appointmentAt last: pages and the dueBefore search walk the index in order, no sort step.
  indexes: [
    { fields: ['code'] },
    { fields: ['centreId', 'status', 'appointmentAt'] },
    { fields: ['centreId', 'appointmentAt'] },
    { fields: ['flags.overdue', 'appointmentAt'] },
    { fields: ['appointmentAt'] },
  ],
};
export const trackingCollections = [dossierViewsCollection];

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
    const page = (offset: number, limit: number) => views.find(filter, { sort: byAppointment, offset, limit });
    if (query.dueBefore === undefined) {
      const [items, total] = await Promise.all([page(query.offset, query.limit), views.count(filter)]);
      return { items, total };
    }
    const due = Date.parse(query.dueBefore);
    // Ascending, views with no appointment yet (projected before their DossierReceived)
    // sort first in both stores, as null is lowest; those due before `due` follow as one run.
    const [undated, all] = await Promise.all([views.count({ ...filter, appointmentAt: null }), views.count(filter)]);
    const end = await firstPositionWhere(undated, all, async (position) => {
      const [view] = await page(position, 1);
      return view === undefined || Date.parse(view.appointmentAt ?? '') >= due;
    });
    const total = end - undated;
    const limit = Math.min(query.limit, Math.max(0, total - query.offset));
    const items = limit > 0 ? await page(undated + query.offset, limit) : [];
    return { items, total };
  });
}
