/**
 * Processing's ports in memory, for unit tests of the use cases: work items, overdue
 * timers and emitted events in plain maps and arrays. A unit of work that throws
 * leaves everything as it was, as the real store does.
 */
import { loadCatalogue } from '@motcua/catalogue';
import type { EventEnvelope } from '@motcua/contracts';
import { loadCalendar } from '@motcua/working-time';
import type { ProcessingContext, ProcessingTransaction, RunProcessingTransaction } from '../../src/domain/processing.ports';
import { openStates, type WorkItem } from '../../src/domain/work-item.entity';

export const catalogue = loadCatalogue();
export const calendar = loadCalendar();

export interface InMemoryProcessing {
  items: Map<string, WorkItem>;
  /** Work item id → due time of its overdue timer. */
  timers: Map<string, string>;
  events: EventEnvelope[];
  warnings: string[];
  tx: ProcessingTransaction;
  run: RunProcessingTransaction;
  ctx: ProcessingContext;
  now: { value: Date };
  item(id: string): WorkItem;
  eventNames(): string[];
}

export function inMemoryProcessing(start: Date): InMemoryProcessing {
  const items = new Map<string, WorkItem>();
  const timers = new Map<string, string>();
  const events: EventEnvelope[] = [];
  const warnings: string[] = [];
  const now = { value: start };
  let sequence = 0;
  const tx: ProcessingTransaction = {
    workItems: {
      get: async (id) => items.get(id),
      findByDossier: async (dossierId) => [...items.values()].find((item) => item.dossierId === dossierId),
      insert: async (item) => {
        if (items.has(item.id)) throw new Error(`duplicate ${item.id}`);
        items.set(item.id, item);
      },
      save: async (item) => {
        items.set(item.id, item);
      },
      countOpenAssignedTo: async (officerId) => [...items.values()].filter((item) => item.assigneeId === officerId && openStates.includes(item.state)).length,
    },
    overdueTimers: {
      schedule: async (item) => {
        timers.set(item.id, item.appointmentAt);
      },
      cancel: async (item) => {
        timers.delete(item.id);
      },
    },
    emit: async (event) => {
      events.push(event);
    },
  };
  const run: RunProcessingTransaction = async (work) => {
    const saved = { items: new Map(items), timers: new Map(timers), events: events.length };
    try {
      return await work(tx);
    } catch (error) {
      items.clear();
      saved.items.forEach((value, key) => items.set(key, value));
      timers.clear();
      saved.timers.forEach((value, key) => timers.set(key, value));
      events.length = saved.events;
      throw error;
    }
  };
  const ctx: ProcessingContext = {
    catalogue,
    calendar,
    clock: () => now.value,
    newId: () => `w-${++sequence}`,
    log: { warn: (_details, message) => warnings.push(message) },
  };
  return {
    items,
    timers,
    events,
    warnings,
    tx,
    run,
    ctx,
    now,
    item: (id) => {
      const item = items.get(id);
      if (!item) throw new Error(`no work item ${id}`);
      return item;
    },
    eventNames: () => events.map((event) => event.type.split('.')[3] ?? event.type),
  };
}
