/** The tracking read model's collection. */
import type { CollectionSpec, FindOptions, ServiceStore, Tx } from '@motcua/storage';
import type { DossierView } from '../domain/dossier-view.entity';
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
    const [items, total] = await Promise.all([views.find(filter, { sort: byAppointment, offset: query.offset, limit: query.limit }), views.count(filter)]);
    return { items, total };
  });
}
