/** What processing's rules need from storage and the bus. */
import type { Emitter } from '@motcua/contracts';
import type { WorkItem, WorkItemStatus } from './work-item.entity';

export interface WorkItemRepository {
  get(id: string): Promise<WorkItem | undefined>;
  findByDossier(dossierId: string): Promise<WorkItem | undefined>;
  insert(item: WorkItem): Promise<void>;
  save(item: WorkItem): Promise<void>;
}

export interface WorkItemQuery {
  dossierId?: string | undefined;
  centreId?: string | undefined;
  status?: WorkItemStatus | undefined;
  limit: number;
  offset: number;
}

export interface ProcessingTransaction extends Emitter {
  workItems: WorkItemRepository;
}

export type RunProcessingTransaction = <T>(work: (tx: ProcessingTransaction) => Promise<T>) => Promise<T>;
