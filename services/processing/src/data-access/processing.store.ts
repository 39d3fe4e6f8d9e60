/** Processing's collections, and the adapters from the storage unit of work and the durable timers to its transaction port. */
import { bindPorts, cancelTimer, domainTransaction, setTimer } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { OverdueTimers, ProcessingTransaction, RunProcessingTransaction, WorkItemQuery, WorkItemRepository } from '../domain/processing.ports';
import { openStates, type WorkItem } from '../domain/work-item.entity';

export const workItemsCollection: CollectionSpec = {
  name: 'work_items',
  indexes: [
    { fields: ['dossierId'], unique: true },
    // The centre's queue, in appointment order.
    { fields: ['centreId', 'state', 'appointmentAt'] },
    // A specialist's load, counted at every assignment.
    { fields: ['assigneeId', 'state'] },
    { fields: ['appointmentAt'] },
  ],
};

export const processingCollections = [workItemsCollection];

export const OVERDUE_TIMER_KIND = 'overdue';

export const overdueTimerId = (workItemId: string): string => `overdue:${workItemId}`;

function workItems(tx: Pick<Tx, 'collection'>): WorkItemRepository {
  const items = tx.collection<WorkItem>(workItemsCollection);
  return {
    get: (id) => items.get(id),
    findByDossier: (dossierId) => items.findOne({ dossierId }),
    insert: (item) => items.insert(item),
    save: (item) => items.replace(item),
    countOpenAssignedTo: (officerId) => items.count({ assigneeId: officerId, state: [...openStates] }),
  };
}

function overdueTimers(tx: Pick<Tx, 'collection'>): OverdueTimers {
  return {
    schedule: (item) => setTimer(tx, { id: overdueTimerId(item.id), kind: OVERDUE_TIMER_KIND, dueAt: item.appointmentAt, payload: { workItemId: item.id } }),
    cancel: (item) => cancelTimer(tx, overdueTimerId(item.id)),
  };
}

const ports = (tx: Tx): Omit<ProcessingTransaction, 'emit'> => ({ workItems: workItems(tx), overdueTimers: overdueTimers(tx) });

export function processingTransaction(store: ServiceStore): RunProcessingTransaction {
  return domainTransaction(store, ports);
}

/** The transaction port over a consumer's or a timer's open transaction. */
export function processingPorts(tx: Tx): ProcessingTransaction {
  return bindPorts(tx, ports);
}

export function getWorkItem(store: ServiceStore, id: string): Promise<WorkItem | undefined> {
  return store.read((tx) => tx.collection<WorkItem>(workItemsCollection).get(id));
}

/** One page of the queue, earliest appointment first, and how many items match in all. */
export function findWorkItems(store: ServiceStore, query: WorkItemQuery): Promise<{ items: WorkItem[]; total: number }> {
  const filter: Filter = {};
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.assigneeId) filter['assigneeId'] = query.assigneeId;
  if (query.state) filter['state'] = query.state;
  if (query.overdue !== undefined) filter['overdue'] = query.overdue;
  return store.read(async (tx) => {
    const collection = tx.collection<WorkItem>(workItemsCollection);
    const items = await collection.find(filter, {
      limit: query.limit,
      offset: query.offset,
      sort: [
        { field: 'appointmentAt', direction: 'asc' },
        // Same appointment: first received first (dossier codes count up through a centre's day).
        { field: 'receivedAt', direction: 'asc' },
        { field: 'dossierCode', direction: 'asc' },
      ],
    });
    return { items, total: await collection.count(filter) };
  });
}
