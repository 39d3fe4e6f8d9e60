/**
 * The two better-sqlite3 connections a SQLite store holds, and the rules for using
 * them from async code.
 *
 * better-sqlite3 is synchronous but a unit of work is async: between BEGIN and
 * COMMIT the caller awaits, and other async work of the same process runs while
 * the transaction holds SQLite's write lock. Any other connection of this process
 * that then asks for the lock through SQLite's busy handler sleeps the whole
 * thread, including the transaction it waits for, until its timeout expires.
 * So writes to one file are serialised per process by an async lock per file
 * (`withSqliteWriteLock`, which the embedded bus uses too), and SQLite's lock is
 * only ever awaited, asynchronously, for another process.
 */
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
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

interface FileLock {
  mutex: Mutex;
  scope: TransactionScope;
}

const fileLocks = new Map<string, FileLock>();

function fileLock(path: string): FileLock {
  const file = resolve(path);
  let lock = fileLocks.get(file);
  if (!lock) {
    lock = { mutex: new Mutex(), scope: new TransactionScope() };
    fileLocks.set(file, lock);
  }
  return lock;
}

/**
 * Runs `work` while no unit of work of any store of this process writes to the
 * SQLite file `path`. For other writers of the same file in this process (the
 * embedded bus): their synchronous transactions then never wait, thread blocked,
 * for a unit of work that is itself waiting for the thread. Called from inside a
 * unit of work it fails at once (STORAGE.NESTED_UNIT_OF_WORK) instead of hanging.
 */
export async function withSqliteWriteLock<T>(path: string, work: () => T | Promise<T>): Promise<T> {
  const lock = fileLock(path);
  lock.scope.assertOutside();
  return lock.mutex.runExclusive(() => lock.scope.run(async () => work()));
}

export class SqliteWriter extends SqliteConnection {
  private readonly lock: FileLock;

  constructor(
    db: Database.Database,
    path: string,
    private readonly busyTimeoutMs: number,
  ) {
    super(db, path);
    this.lock = fileLock(path);
  }

  get scope(): TransactionScope {
    return this.lock.scope;
  }

  /**
   * Runs `work` between BEGIN IMMEDIATE and COMMIT with the connection to itself;
   * rolls back and rethrows if it throws. IMMEDIATE takes the write lock up front,
   * so a transaction never fails half-way because another connection wrote first.
   */
  async transaction<T>(work: () => T | Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.lock.mutex.runExclusive(async () => {
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

  /**
   * Readiness: proves a write transaction can start within `timeoutMs` by taking the
   * write lock and letting it go. Reads alone would pass in WAL mode while another
   * connection holds the file locked and every unit of work fails.
   */
  async probeWrite(timeoutMs: number): Promise<void> {
    this.scope.assertOutside();
    const queued = this.lock.mutex.runExclusive(async () => {
      this.assertOpen();
      await this.begin(timeoutMs);
      this.rollbackQuietly();
    });
    // Still queued after the deadline: the units of work ahead of it are stuck, which is the answer.
    queued.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no write transaction could start within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([queued, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the transaction in progress, then closes. */
  override async close(): Promise<void> {
    await this.lock.mutex.runExclusive(() => this.closeNow());
  }

  private async begin(waitMs = this.busyTimeoutMs): Promise<void> {
    const deadline = Date.now() + waitMs;
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

/** Duck-typed: errors from the native addon may come from another realm (jest, worker threads), where instanceof fails. */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** A read before the service's first write transaction created the table: there is simply nothing yet. */
export function isMissingTable(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_ERROR' && /^no such table/.test((error as Error).message);
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
