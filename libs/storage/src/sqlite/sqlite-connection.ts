/**
 * The two better-sqlite3 connections a SQLite store holds, and the rules for using
 * them from async code.
 *
 * better-sqlite3 is synchronous but a unit of work is async: between BEGIN and
 * COMMIT the caller awaits, and other async work of the same process runs. So the
 * writer connection is lent to one unit of work at a time through an async mutex;
 * SQLite's own write lock (BEGIN IMMEDIATE) then only ever has to wait for another
 * connection (the embedded bus, another process), and it waits asynchronously:
 * SQLite's busy handler would sleep the whole thread, including the very
 * transaction it waits for, whenever that transaction belongs to this process.
 */
import Database from 'better-sqlite3';
import { Mutex } from 'async-mutex';
import { isAppError } from '@motcua/errors';
import { storeUnavailableError } from '../store.errors';
import { TransactionScope } from '../store.shared';

/** Distinct SQL texts are few (one per query shape); the cap only guards against a caller building unbounded shapes. */
const STATEMENT_CACHE_LIMIT = 500;

export class SqliteConnection {
  private readonly statements = new Map<string, Database.Statement>();
  private open = true;

  constructor(
    readonly db: Database.Database,
    protected readonly path: string,
  ) {}

  statement(sql: string): Database.Statement {
    this.assertOpen();
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  assertOpen(): void {
    if (!this.open) throw storeUnavailableError(`SQLite store ${this.path} is closed`);
  }

  protected closeNow(): void {
    if (!this.open) return;
    this.open = false;
    this.statements.clear();
    this.db.close();
  }

  close(): Promise<void> {
    this.closeNow();
    return Promise.resolve();
  }
}

export class SqliteWriter extends SqliteConnection {
  private readonly mutex = new Mutex();
  readonly scope = new TransactionScope();

  constructor(
    db: Database.Database,
    path: string,
    private readonly busyTimeoutMs: number,
  ) {
    super(db, path);
  }

  /**
   * Runs `work` between BEGIN IMMEDIATE and COMMIT with the connection to itself;
   * rolls back and rethrows if it throws. IMMEDIATE takes the write lock up front,
   * so a transaction never fails half-way because another connection wrote first.
   */
  async transaction<T>(work: () => T | Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.mutex.runExclusive(async () => {
      this.assertOpen();
      await this.begin();
      try {
        const result = await this.scope.run(async () => work());
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.rollbackQuietly();
        throw translateSqliteError(error, this.path);
      }
    });
  }

  /** Waits for the transaction in progress, then closes. */
  override async close(): Promise<void> {
    await this.mutex.runExclusive(() => this.closeNow());
  }

  private async begin(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 50)) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw translateSqliteError(error, this.path);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private rollbackQuietly(): void {
    // SQLite has already rolled back by itself after some errors (disk full, I/O).
    if (!this.db.open || !this.db.inTransaction) return;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // Nothing more to undo: the connection ends the transaction when it closes.
    }
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Lock timeouts and I/O trouble become STORAGE.UNAVAILABLE (retryable); everything else passes through. */
export function translateSqliteError(error: unknown, path: string): unknown {
  if (isAppError(error)) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (isBusy(error)) return storeUnavailableError(`SQLite ${path} stayed locked by another connection: ${(error as Error).message}`, error);
  if (/^SQLITE_(IOERR|FULL|CANTOPEN|READONLY|NOMEM)/.test(code)) return storeUnavailableError(`SQLite ${path}: ${(error as Error).message}`, error);
  return error;
}
