/**
 * The cluster edition's store: MongoDB (a replica set) through one mongoose
 * connection, each service in its own database `<dbPrefix><service>`.
 *
 * A unit of work is a multi-document transaction (`withTransaction`): documents,
 * outbox rows and inbox marks commit together. The driver re-runs the work when
 * the transaction hits a transient error (typically a write conflict with a
 * concurrent unit of work), which is how two replicas updating one dossier both
 * end up applied, one after the other; so a unit of work may run more than once
 * and must not have side effects outside the store.
 *
 * Documents go through the native driver under mongoose's connection, not through
 * mongoose models: the documents are schemaless JSON, and model casting would make
 * them differ from what SQLite returns.
 */
import mongoose, { type mongo } from 'mongoose';
import type { EventEnvelope } from '@motcua/contracts';
import { isAppError } from '@motcua/errors';
import type {
  Collection,
  CollectionSpec,
  Doc,
  OutboxRecord,
  OutboxStore,
  ServiceStore,
  Store,
  StoreHealth,
  Tx,
  UnitOfWork,
} from '../store.port';
import { invalidSpecError, storeMisconfiguredError, storeUnavailableError, unitOfWorkEndedError } from '../store.errors';
import { assertCollectionSpec, assertServiceName } from '../store.validation';
import { CommitListeners, TransactionScope, withTraceContext } from '../store.shared';
import { MongoCollection, indexDefinition, isDuplicateKeyError } from './mongo-collection';

export interface MongoStoreOptions {
  /** A replica-set (or mongos) URL: units of work are multi-document transactions. */
  url: string;
  /** Each service's database is `<dbPrefix><service>`. */
  dbPrefix?: string;
  serverSelectionTimeoutMs?: number;
}

const TRANSACTION_OPTIONS: mongo.TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** The service's own bookkeeping collections; store.validation.ts keeps collection specs off these names. */
const OUTBOX = 'outbox';
const OUTBOX_SEQUENCE = 'outbox_sequence';
const INBOX = 'inbox';
const SEQUENCES = 'sequences';
const NAMESPACE_EXISTS = 48;

interface OutboxDoc {
  _id: number;
  topic: string;
  envelope: EventEnvelope;
  createdAt: Date;
  sentAt: Date | null;
}
interface InboxDoc {
  group: string;
  eventId: string;
  handledAt: Date;
}
interface CounterDoc {
  _id: string;
  value: number;
}

export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { url, dbPrefix = 'motcua_' } = options;
  if (!/^[A-Za-z0-9_]{0,24}$/.test(dbPrefix)) throw invalidSpecError(`invalid MongoDB database prefix "${dbPrefix}": letters, digits, underscore, at most 24`);
  const where = redact(url);
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await connection.asPromise();
    await assertTransactionsSupported(connection, where);
  } catch (error) {
    await connection.close().catch(() => undefined);
    if (isAppError(error)) throw error;
    throw storeUnavailableError(`MongoDB at ${where} is unreachable: ${(error as Error).message}`, error);
  }
  return new MongoStore(connection, dbPrefix, where);
}

/** Transactions need a replica set or mongos; a standalone server would fail every unit of work, so it fails here, once, saying why. */
async function assertTransactionsSupported(connection: mongoose.Connection, where: string): Promise<void> {
  const admin = adminDb(connection);
  // `hello` exists since MongoDB 4.4.2; older servers answer `isMaster`.
  const hello = (await admin.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 }))) as { setName?: string; msg?: string };
  if (hello.setName || hello.msg === 'isdbgrid') return;
  throw storeMisconfiguredError(
    `MongoDB at ${where} is a standalone server, but units of work need multi-document transactions, which need a replica set: ` +
      'start mongod with --replSet rs0 and run rs.initiate() once (a one-node replica set is enough), or point MONGO_URL at a replica set',
  );
}

function adminDb(connection: mongoose.Connection): mongo.Admin {
  if (!connection.db) throw storeUnavailableError('MongoDB connection is not open');
  return connection.db.admin();
}

/** Credentials stay out of errors and logs. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Outside a transaction, driver errors become the port's codes. Inside one they
 * must pass through untouched: withTransaction decides on a retry from their labels.
 */
function translateMongoError(error: unknown, where: string): unknown {
  if (isAppError(error)) return error;
  const { name, code, message } = error as { name?: string; code?: unknown; message?: string };
  if (code === 20 && /Transaction numbers/.test(message ?? '')) {
    return storeMisconfiguredError(`MongoDB at ${where} does not support transactions (not a replica set): ${message}`, error);
  }
  const labels = error as { hasErrorLabel?: (label: string) => boolean };
  const transient = labels.hasErrorLabel?.('TransientTransactionError') || labels.hasErrorLabel?.('RetryableWriteError');
  if (transient || /^Mongo(Network|NetworkTimeout|ServerSelection|TopologyClosed|NotConnected|ClientClosed)Error$/.test(name ?? '')) {
    return storeUnavailableError(`MongoDB at ${where}: ${message}`, error);
  }
  return error;
}

class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  private readonly services = new Map<string, MongoServiceStore>();
  /** One scope for all services: a unit of work of one service inside another's would not be atomic with it. */
  private readonly scope = new TransactionScope();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly dbPrefix: string,
    private readonly where: string,
  ) {}

  forService(service: string): ServiceStore {
    assertServiceName(service);
    let store = this.services.get(service);
    if (!store) {
      const db = this.connection.useDb(`${this.dbPrefix}${service}`, { useCache: true }).db;
      if (!db) throw storeUnavailableError(`MongoDB at ${this.where}: connection is not open`);
      store = new MongoServiceStore(service, db, this.connection.getClient(), this.scope, this);
      this.services.set(service, store);
    }
    return store;
  }

  async health(): Promise<StoreHealth> {
    try {
      this.assertOpen();
      await adminDb(this.connection).command({ ping: 1 });
      return { ok: true, detail: `mongo ${this.where}` };
    } catch (error) {
      return { ok: false, detail: `mongo ${this.where}: ${(error as Error).message}` };
    }
  }

  /** Lets the units of work in progress finish, then closes the connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.connection.close();
    })();
    return this.closing;
  }

  assertOpen(): void {
    if (this.closing) throw storeUnavailableError(`MongoDB store ${this.where} is closed`);
  }

  /** Runs `operation`, translating driver errors and keeping close() waiting for it. */
  async guard<T>(operation: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const running = operation();
    this.inFlight.add(running);
    try {
      return await running;
    } catch (error) {
      throw translateMongoError(error, this.where);
    } finally {
      this.inFlight.delete(running);
    }
  }
}

class MongoServiceStore implements ServiceStore {
  readonly unitOfWork: UnitOfWork;
  readonly outbox: OutboxStore;
  private readonly listeners = new CommitListeners();
  /** Collection name → its creation (collection + indexes), started once. */
  private readonly ensured = new Map<string, Promise<void>>();
  private bookkeeping: Promise<void> | undefined;

  constructor(
    readonly service: string,
    private readonly db: mongo.Db,
    private readonly client: mongo.MongoClient,
    private readonly scope: TransactionScope,
    private readonly store: MongoStore,
  ) {
    this.unitOfWork = { run: (work) => this.run(work) };
    this.outbox = {
      pending: (limit) => this.store.guard(() => this.pending(limit)),
      markSent: (ids) => this.store.guard(() => this.markSent(ids)),
      backlog: () => this.store.guard(() => this.backlog()),
      onCommit: (listener) => this.listeners.add(listener),
    };
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    specs.forEach(assertCollectionSpec);
    await this.store.guard(async () => {
      await this.ensureBookkeeping();
      // Always re-applied (createIndexes is idempotent): a spec may have gained an index since first use.
      await Promise.all(specs.map((spec) => this.ensure(spec, true)));
    });
  }

  async read<T>(work: (tx: Pick<Tx, 'collection'>) => Promise<T>): Promise<T> {
    return work({
      collection: <D extends Doc>(spec: CollectionSpec): Collection<D> => {
        assertCollectionSpec(spec);
        return new MongoCollection<D>({
          db: this.db,
          service: this.service,
          spec,
          session: undefined,
          operation: (run) => this.store.guard(run),
        });
      },
    });
  }

  /** Creates a collection and its indexes once; inside a transaction it runs outside the session, as catalog changes must. */
  ensure(spec: CollectionSpec, again = false): Promise<void> {
    let creation = this.ensured.get(spec.name);
    if (!creation || again) {
      const started = this.createCollection(spec.name, (spec.indexes ?? []).map(indexDefinition));
      this.ensured.set(spec.name, started);
      // A failed creation is retried by the next caller instead of being remembered.
      started.catch(() => {
        if (this.ensured.get(spec.name) === started) this.ensured.delete(spec.name);
      });
      creation = started;
    }
    return creation;
  }

  private async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.store.guard(async () => {
      await this.ensureBookkeeping();
      const session = this.client.startSession();
      let attempt: MongoTx | undefined;
      try {
        const result = await this.scope.run(() =>
          session.withTransaction(async () => {
            attempt = new MongoTx(this, this.db, session);
            try {
              return await work(attempt);
            } finally {
              attempt.end();
            }
          }, TRANSACTION_OPTIONS),
        );
        // Only the attempt that committed counts: earlier ones were rolled back and re-run.
        if (attempt && attempt.published > 0) this.listeners.notify();
        return result;
      } finally {
        await session.endSession();
      }
    });
  }

  private async pending(limit: number): Promise<OutboxRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.db.collection<OutboxDoc>(OUTBOX).find({ sentAt: null }, { sort: { _id: 1 }, limit }).toArray();
    return rows.map((row) => ({ id: String(row._id), topic: row.topic, envelope: row.envelope, createdAt: row.createdAt.toISOString() }));
  }

  private async markSent(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.collection<OutboxDoc>(OUTBOX).updateMany({ _id: { $in: ids.map(Number) }, sentAt: null }, { $set: { sentAt: new Date() } });
  }

  private async backlog(): Promise<number> {
    return this.db.collection<OutboxDoc>(OUTBOX).countDocuments({ sentAt: null });
  }

  /** The outbox, inbox and counters, created on first use; a failure is retried by the next call. */
  private ensureBookkeeping(): Promise<void> {
    if (!this.bookkeeping) {
      const started = (async () => {
        await this.createCollection(OUTBOX, [{ key: { sentAt: 1, _id: 1 }, name: 'unsent_in_order' }]);
        await this.createCollection(INBOX, [{ key: { group: 1, eventId: 1 }, name: 'unique(group,eventId)', unique: true }]);
        await this.createCollection(SEQUENCES, []);
        await this.createCollection(OUTBOX_SEQUENCE, []);
      })();
      this.bookkeeping = started;
      started.catch(() => {
        if (this.bookkeeping === started) this.bookkeeping = undefined;
      });
    }
    return this.bookkeeping;
  }

  private async createCollection(name: string, indexes: mongo.IndexDescription[]): Promise<void> {
    try {
      // Explicitly, not implicitly on first insert: creating a collection inside a transaction is limited.
      await this.db.createCollection(name);
    } catch (error) {
      if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error;
    }
    if (indexes.length === 0) return;
    try {
      await this.db.collection(name).createIndexes(indexes);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // As on SQLite: start-up stops naming the index, instead of a raw E11000 from the index build.
      const uniques = indexes.filter((i) => i.unique);
      const index = uniques.find((i) => typeof i.name === 'string' && (error as Error).message.includes(i.name)) ?? (uniques.length === 1 ? uniques[0] : undefined);
      const fields = index ? Object.keys(index.key).map((f) => (f === '_id' ? 'id' : f)).join(', ') : 'a unique index';
      throw invalidSpecError(`${this.service}.${name}: cannot create unique index on (${fields}): stored documents already share values`);
    }
  }
}

class MongoTx implements Tx {
  published = 0;
  private ended = false;
  /** A session runs one operation at a time; calls made in parallel (Promise.all) queue here. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly owner: MongoServiceStore,
    private readonly db: mongo.Db,
    private readonly session: mongo.ClientSession,
  ) {}

  collection<T extends Doc>(spec: CollectionSpec): Collection<T> {
    assertCollectionSpec(spec);
    return new MongoCollection<T>({
      db: this.db,
      service: this.owner.service,
      spec,
      session: this.session,
      operation: async (run) => {
        await this.owner.ensure(spec);
        return this.operation(run);
      },
    });
  }

  async publish(topic: string, envelope: EventEnvelope): Promise<void> {
    if (!topic) throw invalidSpecError('publish needs a topic');
    // JSON, as SQLite stores it: an undefined attribute would otherwise come back as null.
    const stored = JSON.parse(JSON.stringify(withTraceContext(envelope))) as EventEnvelope;
    return this.operation(async () => {
      // One counter per service orders the outbox: concurrent publishing transactions
      // conflict on it and commit one after the other, so id order is commit order
      // and the relay never passes over a row that commits later with a smaller id.
      const id = await this.increment(OUTBOX_SEQUENCE, 'outbox');
      await this.db.collection<OutboxDoc>(OUTBOX).insertOne({ _id: id, topic, envelope: stored, createdAt: new Date(), sentAt: null }, { session: this.session });
      this.published += 1;
    });
  }

  async markHandled(consumerGroup: string, eventId: string): Promise<boolean> {
    return this.operation(async () => {
      // An upsert, not an insert: a duplicate key error would abort the whole transaction.
      const result = await this.retryableOnDuplicate(() =>
        this.db
          .collection<InboxDoc>(INBOX)
          .updateOne({ group: consumerGroup, eventId }, { $setOnInsert: { handledAt: new Date() } }, { upsert: true, session: this.session }),
      );
      return result.upsertedCount === 1;
    });
  }

  async nextSequence(name: string): Promise<number> {
    return this.operation(() => this.increment(SEQUENCES, name));
  }

  end(): void {
    this.ended = true;
  }

  private async increment(collection: string, name: string): Promise<number> {
    const counter = await this.retryableOnDuplicate(() =>
      this.db
        .collection<CounterDoc>(collection)
        .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after', session: this.session }),
    );
    if (!counter) throw new Error(`${this.owner.service}: counter "${name}" missing after upsert`);
    return counter.value;
  }

  /**
   * Two transactions creating the same counter or inbox mark: the loser may see a
   * duplicate key rather than a write conflict. Both mean "retry the transaction",
   * and the label tells withTransaction to do so, as it does for a conflict.
   */
  private async retryableOnDuplicate<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKeyError(error) && typeof (error as mongo.MongoError).addErrorLabel === 'function') {
        (error as mongo.MongoError).addErrorLabel('TransientTransactionError');
      }
      throw error;
    }
  }

  private operation<R>(run: () => Promise<R>): Promise<R> {
    const next = this.queue.then(() => {
      if (this.ended) throw unitOfWorkEndedError(this.owner.service);
      return run();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
