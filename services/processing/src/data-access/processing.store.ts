/** Processing's collections and the adapter from the storage unit of work to its transaction port. */
import { bindPorts, domainTransaction } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { ProcessingTransaction, RunProcessingTransaction, WorkItemQuery, WorkItemRepository } from '../domain/processing.ports';
import type { WorkItem } from '../domain/work-item.entity';

export const workItemsCollection: CollectionSpec = {
  name: 'work_items',
  indexes: [{ fields: ['dossierId'], unique: true }, { fields: ['centreId', 'status'] }, { fields: ['status'] }],
};

export const processingCollections = [workItemsCollection];

function workItems(tx: Pick<Tx, 'collection'>): WorkItemRepository {
  const items = tx.collection<WorkItem>(workItemsCollection);
  return {
    get: (id) => items.get(id),
    findByDossier: (dossierId) => items.findOne({ dossierId }),
    insert: (item) => items.insert(item),
    save: (item) => items.replace(item),
  };
}

const ports = (tx: Tx): Omit<ProcessingTransaction, 'emit'> => ({ workItems: workItems(tx) });

export function processingTransaction(store: ServiceStore): RunProcessingTransaction {
  return domainTransaction(store, ports);
}

/** The transaction port over a consumer's open transaction. */
export function processingPorts(tx: Tx): ProcessingTransaction {
  return bindPorts(tx, ports);
}

export function findWorkItems(store: ServiceStore, query: WorkItemQuery): Promise<WorkItem[]> {
  const filter: Filter = {};
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.status) filter['status'] = query.status;
  return store.read((tx) =>
    tx.collection<WorkItem>(workItemsCollection).find(filter, { limit: query.limit, offset: query.offset, sort: [{ field: 'createdAt', direction: 'asc' }] }),
  );
}
