/** What processing's rules need from storage, the bus, the durable timers and the reference data. */
import type { Emitter, DossierState } from '@motcua/contracts';
import type { Catalogue } from '@motcua/catalogue';
import type { WorkingCalendar } from '@motcua/working-time';
import type { WorkItem } from './work-item.entity';

export interface WorkItemRepository {
  get(id: string): Promise<WorkItem | undefined>;
  findByDossier(dossierId: string): Promise<WorkItem | undefined>;
  insert(item: WorkItem): Promise<void>;
  save(item: WorkItem): Promise<void>;
  /** Items assigned to the officer that are still being worked on (the officer's load). */
  countOpenAssignedTo(officerId: string): Promise<number>;
}

/** The durable overdue timer of each work item (one per item, moved with its appointment). */
export interface OverdueTimers {
  schedule(item: WorkItem): Promise<void>;
  cancel(item: WorkItem): Promise<void>;
}

export interface WorkItemQuery {
  dossierId?: string | undefined;
  centreId?: string | undefined;
  assigneeId?: string | undefined;
  state?: DossierState | undefined;
  overdue?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface ProcessingTransaction extends Emitter {
  workItems: WorkItemRepository;
  overdueTimers: OverdueTimers;
}

export type RunProcessingTransaction = <T>(work: (tx: ProcessingTransaction) => Promise<T>) => Promise<T>;

export interface ProcessingLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Everything a use case needs besides its transaction. */
export interface ProcessingContext {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  clock: () => Date;
  newId: () => string;
  log: ProcessingLog;
}
