/** Return's collections and the adapter from the storage unit of work to its transaction port. */
import { bindPorts, domainTransaction } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { ReturnTransaction, RunReturnTransaction } from '../domain/return.ports';
import type { Result } from '../domain/result.entity';

export const resultsCollection: CollectionSpec = {
  name: 'results',
  indexes: [{ fields: ['dossierId'], unique: true }, { fields: ['centreId', 'status'] }],
};
export const returnCollections = [resultsCollection];

const ports = (tx: Tx): Omit<ReturnTransaction, 'emit'> => {
  const results = tx.collection<Result>(resultsCollection);
  return {
    results: {
      get: (id) => results.get(id),
      findByDossier: (dossierId) => results.findOne({ dossierId }),
      insert: (result) => results.insert(result),
      save: (result) => results.replace(result),
    },
  };
};

export const returnTransaction = (store: ServiceStore): RunReturnTransaction => domainTransaction(store, ports);
export const returnPorts = (tx: Tx): ReturnTransaction => bindPorts(tx, ports);

export function findResults(store: ServiceStore, query: { dossierId?: string | undefined; centreId?: string | undefined; status?: Result['status'] | undefined; limit: number; offset: number }): Promise<Result[]> {
  const filter: Filter = {};
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.status) filter['status'] = query.status;
  return store.read((tx) => tx.collection<Result>(resultsCollection).find(filter, { limit: query.limit, offset: query.offset, sort: [{ field: 'readyAt', direction: 'asc' }] }));
}
