/**
 * The storage port every service uses, whatever the database: collections of JSON
 * documents with declared indexes, and a unit of work that commits a service's
 * state changes, its outbox rows and its inbox marks atomically.
 *
 * Why one generic document port instead of a mongo/ and sqlite/ repository per
 * service (STYLE.md's layout): the two implementations would be near-copies in all
 * six services. Services keep their repositories in data-access/, written once
 * against this port; the database specifics live here, proven by one contract suite.
 */
import type { EventEnvelope } from '@motcua/contracts';

export interface Doc {
  id: string;
}

export interface IndexSpec {
  /** Dotted paths into the document, e.g. ['centreId', 'status']. */
  fields: string[];
  unique?: boolean;
}

export interface CollectionSpec {
  /** Lower-case, [a-z0-9_]; unique within a service. */
  name: string;
  indexes?: IndexSpec[];
}

/** A range on one field; bounds compare numbers as numbers and strings (ISO times) as strings. */
export interface RangeCondition {
  lt?: string | number;
  lte?: string | number;
  gt?: string | number;
  gte?: string | number;
}

/**
 * Conditions on dotted paths, all of which must hold: a value means equality, an
 * array "one of", and a RangeCondition a range (due timers, appointments before a time).
 */
export type Filter = Record<string, string | number | boolean | null | (string | number)[] | RangeCondition>;

export function isRangeCondition(value: Filter[string]): value is RangeCondition {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface FindOptions {
  limit?: number;
  offset?: number;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
}

export interface GroupCount {
  /** The values at the grouped fields, in the order the fields were given. */
  values: (string | number | null)[];
  count: number;
}

export interface Collection<T extends Doc> {
  get(id: string): Promise<T | undefined>;
  findOne(filter: Filter): Promise<T | undefined>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /**
   * How many documents matching `filter` share each combination of values at `fields`
   * (strings or numbers; a missing field groups as null): one query, for figures such
   * as dossiers per centre and status. Ordered by the values.
   */
  countBy(fields: string[], filter?: Filter): Promise<GroupCount[]>;
  /** Throws AppError STORAGE.DUPLICATE_KEY (conflict) when the id or a unique index is taken. */
  insert(doc: T): Promise<void>;
  /** Replaces the stored document with the same id; throws REQUEST.NOT_FOUND-style AppError `STORAGE.NOT_FOUND` when absent. */
  replace(doc: T): Promise<void>;
  /** Inserts or replaces. */
  upsert(doc: T): Promise<void>;
  delete(id: string): Promise<boolean>;
}

/** What a unit of work sees: the service's collections plus its outbox and inbox. */
export interface Tx {
  collection<T extends Doc>(spec: CollectionSpec): Collection<T>;
  /**
   * Queues an event for publication; it commits with the state and the outbox relay
   * publishes it afterwards. If the envelope has no traceparent, the active trace
   * context is recorded so the consumer continues the same trace.
   */
  publish(topic: string, envelope: EventEnvelope): Promise<void>;
  /**
   * Records that `consumerGroup` handled `eventId`. Returns false if it already had:
   * the caller then skips the state change, which makes a redelivery harmless.
   */
  markHandled(consumerGroup: string, eventId: string): Promise<boolean>;
  /** Atomic per-name counter starting at 1 (dossier codes: per centre and day). */
  nextSequence(name: string): Promise<number>;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. Everything it wrote, queued or marked commits
   * together or not at all. A thrown error rolls back and is rethrown.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface OutboxRecord {
  /** Monotonic per service: the relay publishes in this order. */
  id: string;
  topic: string;
  envelope: EventEnvelope;
  createdAt: string;
}

/** The relay's view of a service's outbox. */
export interface OutboxStore {
  /** Unsent rows, oldest first. */
  pending(limit: number): Promise<OutboxRecord[]>;
  /** Marks rows sent; called only after the bus acknowledged them. */
  markSent(ids: string[]): Promise<void>;
  backlog(): Promise<number>;
  /** In-process wake-up: called after a unit of work that queued events commits. Returns an unsubscribe. */
  onCommit(listener: () => void): () => void;
}

export interface ServiceStore {
  readonly service: string;
  unitOfWork: UnitOfWork;
  /** Reads outside a transaction (committed data only). */
  read<T>(work: (tx: Pick<Tx, 'collection'>) => Promise<T>): Promise<T>;
  outbox: OutboxStore;
  /** Creates collections/tables and indexes for the given specs (idempotent). */
  ensureCollections(specs: CollectionSpec[]): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  detail?: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  /** Each service gets its own namespace (table prefix / database) and its own outbox and inbox. */
  forService(service: string): ServiceStore;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
