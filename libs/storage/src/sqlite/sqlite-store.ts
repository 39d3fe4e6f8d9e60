/**
 * The embedded edition's store: every service's documents, outbox, inbox and
 * sequences in one SQLite file (WAL), next to the embedded bus's `bus_*` tables.
 * Each service's tables are prefixed with its name.
 *
 * Two connections: a writer that units of work take turns on (see
 * sqlite-connection.ts), and a read-only one for `read()` and the outbox relay's
 * polling, which in WAL mode sees committed data only and never waits for writers.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { EventEnvelope } from '@motcua/contracts';
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
import { invalidSpecError, unitOfWorkEndedError } from '../store.errors';
import { assertCollectionSpec, assertServiceName } from '../store.validation';
import { CommitListeners, withTraceContext } from '../store.shared';
import { SqliteConnection, SqliteWriter, isMissingTable, translateSqliteError } from './sqlite-connection';
import { SqliteCollection, createCollectionTable } from './sqlite-collection';
import { applyMigrations, createMigrationsTable, serviceMigrations, serviceTables } from './sqlite-migrations';

/** How long readiness waits to take the write lock before it reports the store unavailable. */
const HEALTH_WRITE_WAIT_MS = 1000;

export interface SqliteStoreOptions {
  /** A file path; created with its directory if missing. Not `:memory:`: reads use a second connection. */
  path: string;
  /** How long a unit of work waits for another connection's write lock before failing with STORAGE.UNAVAILABLE. */
  busyTimeoutMs?: number;
}

export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { path, busyTimeoutMs = 5000 } = options;
  if (!path || path === ':memory:' || path.startsWith('file:')) {
    throw invalidSpecError(`SQLite store needs a plain file path, got "${path}": reads run on a second connection to the same file`);
  }
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });

  let writerDb: Database.Database | undefined;
  let readerDb: Database.Database | undefined;
  try {
    writerDb = new Database(file, { timeout: busyTimeoutMs });
    // Switching a new file to WAL needs a moment of exclusive access: the driver's own busy wait covers that one-off.
    writerDb.pragma('journal_mode = WAL');
    // FULL: a commit that returned (an accepted dossier, its outbox row) survives a power cut, not only a crash.
    writerDb.pragma('synchronous = FULL');
    writerDb.pragma('foreign_keys = ON');
    // From here on the writer waits for locks asynchronously (SqliteWriter.begin), never by sleeping the thread.
    writerDb.pragma('busy_timeout = 0');
    const writer = new SqliteWriter(writerDb, file, busyTimeoutMs);
    await writer.transaction(() => createMigrationsTable(writer.db));

    readerDb = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    return new SqliteStore(file, writer, new SqliteConnection(readerDb, file));
  } catch (error) {
    readerDb?.close();
    writerDb?.close();
    throw translateSqliteError(error, file);
  }
}

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly services = new Map<string, SqliteServiceStore>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly writer: SqliteWriter,
    private readonly reader: SqliteConnection,
  ) {}

  forService(service: string): ServiceStore {
    assertServiceName(service);
    let store = this.services.get(service);
    if (!store) {
      store = new SqliteServiceStore(service, this.writer, this.reader);
      this.services.set(service, store);
    }
    return store;
  }

  async health(): Promise<StoreHealth> {
    try {
      this.reader.statement('SELECT count(*) FROM storage_migrations').get();
      await this.writer.probeWrite(HEALTH_WRITE_WAIT_MS);
      return { ok: true, detail: `sqlite ${this.path}` };
    } catch (error) {
      return { ok: false, detail: `sqlite ${this.path}: ${(error as Error).message}` };
    }
  }

  /** Lets the unit of work in progress finish, then closes both connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.close();
      await this.reader.close();
    })();
    return this.closing;
  }
}

class SqliteServiceStore implements ServiceStore {
  readonly unitOfWork: UnitOfWork;
  readonly outbox: OutboxStore;
  private readonly tables: ReturnType<typeof serviceTables>;
  /** Collections whose table and indexes this store has created (or found) already. */
  private readonly ensured = new Set<string>();
  private readonly listeners = new CommitListeners();
  /** The service's migrations, started at the first forService(); everything that writes waits for them. */
  private readonly migrated: Promise<void>;

  constructor(
    readonly service: string,
    private readonly writer: SqliteWriter,
    private readonly reader: SqliteConnection,
  ) {
    this.tables = serviceTables(service);
    // Detached: forService() may be called from inside another unit of work; the migration then simply queues behind it.
    this.migrated = writer.scope.detached(() =>
      writer.transaction(() => {
        applyMigrations(writer.db, `service:${service}`, serviceMigrations(service));
      }),
    );
    // Reported to whoever awaits it; this only keeps an unawaited failure from crashing the process.
    this.migrated.catch(() => undefined);
    this.unitOfWork = { run: (work) => this.run(work) };
    this.outbox = {
      pending: (limit) => this.pending(limit),
      markSent: (ids) => this.markSent(ids),
      backlog: () => this.backlog(),
      onCommit: (listener) => this.listeners.add(listener),
    };
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    specs.forEach(assertCollectionSpec);
    await this.migrated;
    await this.writer.transaction(() => {
      for (const spec of specs) createCollectionTable(this.writer.db, this.service, this.tableOf(spec), spec);
    });
    for (const spec of specs) this.ensured.add(spec.name);
  }

  async read<T>(work: (tx: Pick<Tx, 'collection'>) => Promise<T>): Promise<T> {
    return work({
      collection: <D extends Doc>(spec: CollectionSpec): Collection<D> => {
        assertCollectionSpec(spec);
        return new SqliteCollection<D>({
          connection: this.reader,
          service: this.service,
          spec,
          table: this.tableOf(spec),
          beforeUse: () => undefined,
          readOnly: true,
        });
      },
    });
  }

  private async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.writer.scope.assertOutside();
    await this.migrated;
    const tx = new SqliteTx(this.service, this.writer, this.tables, (spec) => this.ensured.has(spec.name), (spec) => this.tableOf(spec));
    const result = await this.writer.transaction(async () => {
      try {
        return await work(tx);
      } finally {
        // Anything the work left running must not write after COMMIT, outside the transaction.
        tx.end();
      }
    });
    for (const name of tx.createdCollections) this.ensured.add(name);
    if (tx.published > 0) this.listeners.notify();
    return result;
  }

  private async pending(limit: number): Promise<OutboxRecord[]> {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit <= 0) return [];
    const rows = this.readRows<{ id: number; topic: string; envelope: string; created_at: string }>(
      `SELECT id, topic, envelope, created_at FROM "${this.tables.outbox}" WHERE sent_at IS NULL ORDER BY id LIMIT ?`,
      [limit],
    );
    return rows.map((row) => ({ id: String(row.id), topic: row.topic, envelope: JSON.parse(row.envelope) as EventEnvelope, createdAt: row.created_at }));
  }

  private async backlog(): Promise<number> {
    const [row] = this.readRows<{ n: number }>(`SELECT count(*) AS n FROM "${this.tables.outbox}" WHERE sent_at IS NULL`, []);
    return row?.n ?? 0;
  }

  private async markSent(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.migrated;
    const sentAt = new Date().toISOString();
    await this.writer.transaction(() => {
      this.writer
        .statement(`UPDATE "${this.tables.outbox}" SET sent_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL`)
        .run(sentAt, JSON.stringify(ids.map(Number)));
    });
  }

  /** Reads on the read-only connection; before the service's first migration there is nothing to read. */
  private readRows<R>(sql: string, params: (string | number)[]): R[] {
    try {
      return this.reader.statement(sql).all(...params) as R[];
    } catch (error) {
      if (isMissingTable(error)) return [];
      throw translateSqliteError(error, this.service);
    }
  }

  private tableOf(spec: CollectionSpec): string {
    return `${this.service}_${spec.name}`;
  }
}

class SqliteTx implements Tx {
  published = 0;
  /** Tables created inside this transaction: known to exist only once it commits. */
  readonly createdCollections = new Set<string>();
  private ended = false;

  constructor(
    private readonly service: string,
    private readonly writer: SqliteWriter,
    private readonly tables: ReturnType<typeof serviceTables>,
    private readonly isEnsured: (spec: CollectionSpec) => boolean,
    private readonly tableOf: (spec: CollectionSpec) => string,
  ) {}

  collection<T extends Doc>(spec: CollectionSpec): Collection<T> {
    assertCollectionSpec(spec);
    const table = this.tableOf(spec);
    return new SqliteCollection<T>({
      connection: this.writer,
      service: this.service,
      spec,
      table,
      readOnly: false,
      beforeUse: () => {
        this.assertActive();
        // A collection used before ensureCollections gets its table now, in this transaction.
        if (!this.isEnsured(spec) && !this.createdCollections.has(spec.name)) {
          createCollectionTable(this.writer.db, this.service, table, spec);
          this.createdCollections.add(spec.name);
        }
      },
    });
  }

  async publish(topic: string, envelope: EventEnvelope): Promise<void> {
    this.assertActive();
    if (!topic) throw invalidSpecError('publish needs a topic');
    this.writer
      .statement(`INSERT INTO "${this.tables.outbox}" (topic, envelope, created_at) VALUES (?, ?, ?)`)
      .run(topic, JSON.stringify(withTraceContext(envelope)), new Date().toISOString());
    this.published += 1;
  }

  async markHandled(consumerGroup: string, eventId: string): Promise<boolean> {
    this.assertActive();
    const result = this.writer
      .statement(`INSERT INTO "${this.tables.inbox}" (consumer_group, event_id, handled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(consumerGroup, eventId, new Date().toISOString());
    return result.changes === 1;
  }

  async nextSequence(name: string): Promise<number> {
    this.assertActive();
    const row = this.writer
      .statement(`INSERT INTO "${this.tables.sequences}" (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`)
      .get(name) as { value: number };
    return row.value;
  }

  end(): void {
    this.ended = true;
  }

  private assertActive(): void {
    if (this.ended) throw unitOfWorkEndedError(this.service);
  }
}
