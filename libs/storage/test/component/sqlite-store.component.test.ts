/** The storage contract against SQLite (a fresh temporary file per test), and what only SQLite has: a file shared with other writers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StorageErrorCodes, createSqliteStore, withSqliteWriteLock, type Doc, type Store } from '@motcua/storage';
import { waitFor } from '@motcua/testing';
import { fieldExpression } from '../../src/sqlite/sqlite-collection';
import { describeStoreContract, type StoreHarness } from './store.contract';

function sqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-store-'));
  const path = join(dir, 'motcua.db');
  return {
    open: () => createSqliteStore({ path }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describeStoreContract('SQLite store', sqliteHarness);

describe('SQLite store on a file shared with other writers', () => {
  let dir: string;
  let path: string;
  let store: Store;
  const dossiers = { name: 'dossiers', indexes: [{ fields: ['centreId'] }] };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-store-'));
    path = join(dir, 'motcua.db');
    store = await createSqliteStore({ path, busyTimeoutMs: 2000 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when another writer of this process uses withSqliteWriteLock, then it waits for the unit of work without blocking the thread', async () => {
    const intake = store.forService('intake');
    await intake.ensureCollections([dossiers]);
    // The embedded bus's way of writing: its own connection, synchronous transactions, a driver busy timeout.
    const bus = new Database(path, { timeout: 5000 });
    try {
      bus.exec('CREATE TABLE IF NOT EXISTS bus_messages (id INTEGER PRIMARY KEY, body TEXT)');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const unit = intake.unitOfWork.run(async (tx) => {
        await tx.collection(dossiers).insert({ id: 'D1', centreId: 'C1' } as Doc);
        await held;
      });
      const started = Date.now();
      const append = withSqliteWriteLock(path, () => bus.prepare('INSERT INTO bus_messages (body) VALUES (?)').run('m1'));
      // The thread is free while the append waits: this timer fires and lets the unit of work finish.
      setTimeout(release, 20);
      await Promise.all([unit, append]);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(bus.prepare('SELECT count(*) AS n FROM bus_messages').get()).toEqual({ n: 1 });
      await expect(intake.unitOfWork.run(() => withSqliteWriteLock(path, () => 1))).rejects.toMatchObject({ code: StorageErrorCodes.NESTED_UNIT_OF_WORK });
    } finally {
      bus.close();
    }
  });

  it('when another process holds the write lock, then a unit of work waits for it asynchronously, and gives up with STORAGE.UNAVAILABLE after busyTimeoutMs', async () => {
    const intake = store.forService('intake');
    await intake.ensureCollections([dossiers]);
    const otherProcess = new Database(path);
    try {
      otherProcess.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 5);
      const unit = intake.unitOfWork.run((tx) => tx.collection(dossiers).insert({ id: 'D1', centreId: 'C1' } as Doc));
      await waitFor(() => ticks >= 5, { what: 'the event loop to keep running while the unit of work waits' });
      otherProcess.exec('COMMIT');
      await unit;
      clearInterval(ticker);
      expect(await intake.read((tx) => tx.collection(dossiers).count({}))).toBe(1);

      const impatient = await createSqliteStore({ path, busyTimeoutMs: 50 });
      try {
        otherProcess.exec('BEGIN IMMEDIATE');
        await expect(impatient.forService('intake').unitOfWork.run((tx) => tx.nextSequence('s'))).rejects.toMatchObject({
          code: StorageErrorCodes.UNAVAILABLE,
          retryable: true,
        });
        otherProcess.exec('ROLLBACK');
      } finally {
        await impatient.close();
      }
    } finally {
      otherProcess.close();
    }
  });

  it('when another connection holds the file locked, then health reports the store unavailable, and ready again once the lock goes', async () => {
    await store.forService('intake').ensureCollections([dossiers]);
    expect(await store.health()).toMatchObject({ ok: true });
    const otherProcess = new Database(path);
    try {
      // In WAL mode reads still work under this lock: only a write shows the outage.
      otherProcess.exec('BEGIN EXCLUSIVE');
      const locked = await store.health();
      expect(locked.ok).toBe(false);
      expect(locked.detail).toMatch(/locked|busy|write transaction/i);
      otherProcess.exec('ROLLBACK');
      expect(await store.health()).toMatchObject({ ok: true });
    } finally {
      otherProcess.close();
    }
  });

  it('when two stores open the same file, then each service migration is applied once and both see the same data', async () => {
    const second = await createSqliteStore({ path });
    try {
      await store.forService('intake').ensureCollections([dossiers]);
      await second.forService('intake').ensureCollections([dossiers]);
      await store.forService('intake').unitOfWork.run((tx) => tx.collection(dossiers).insert({ id: 'D1', centreId: 'C1' } as Doc));
      expect(await second.forService('intake').read((tx) => tx.collection(dossiers).get('D1'))).toEqual({ id: 'D1', centreId: 'C1' });
      const inspect = new Database(path, { readonly: true });
      try {
        expect(inspect.prepare("SELECT scope, version FROM storage_migrations WHERE scope = 'service:intake'").all()).toEqual([{ scope: 'service:intake', version: 1 }]);
        // Declared indexes are expression indexes the queries can use.
        const plan = inspect.prepare(`EXPLAIN QUERY PLAN SELECT doc FROM "intake_dossiers" WHERE ${fieldExpression('centreId')} = ?`).all('C1') as { detail: string }[];
        expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX "?intake_dossiers:index\(centreId\)/);
      } finally {
        inspect.close();
      }
    } finally {
      await second.close();
    }
  });

  it('when the path is :memory:, then opening fails and says a file is needed', async () => {
    await expect(createSqliteStore({ path: ':memory:' })).rejects.toThrow(/file path/);
  });
});
