/** The tracking read model's collection. */
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import type { DossierView } from '../domain/dossier-view.entity';

export const dossierViewsCollection: CollectionSpec = {
  name: 'dossier_views',
  indexes: [{ fields: ['code'] }, { fields: ['centreId', 'status'] }],
};
export const trackingCollections = [dossierViewsCollection];

export const viewsIn = (tx: Pick<Tx, 'collection'>) => tx.collection<DossierView>(dossierViewsCollection);

export function findViewByCode(store: ServiceStore, code: string): Promise<DossierView | undefined> {
  return store.read((tx) => viewsIn(tx).findOne({ code }));
}
