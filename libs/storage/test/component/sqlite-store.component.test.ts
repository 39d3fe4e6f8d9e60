/** The storage contract against SQLite: a fresh temporary file per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@motcua/storage';
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
