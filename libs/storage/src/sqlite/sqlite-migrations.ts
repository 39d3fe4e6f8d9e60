/**
 * The SQLite schema, as numbered migrations recorded in `storage_migrations`.
 * Each scope (one per service) has its own list; opening applies what is missing,
 * in order, inside a write transaction, so two processes opening the same file at
 * once apply each migration exactly once. Collection tables are not migrations:
 * they follow the collection specs the services declare (ensureCollections).
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

export function createMigrationsTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS storage_migrations (
    scope TEXT NOT NULL,
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (scope, version)
  ) WITHOUT ROWID`);
}

/** Must run inside a write transaction. Returns the versions it applied. */
export function applyMigrations(db: Database.Database, scope: string, migrations: readonly Migration[]): number[] {
  const row = db.prepare('SELECT max(version) AS version FROM storage_migrations WHERE scope = ?').get(scope) as { version: number | null };
  const current = row.version ?? 0;
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    for (const statement of migration.statements) db.exec(statement);
    db.prepare('INSERT INTO storage_migrations (scope, version, description, applied_at) VALUES (?, ?, ?, ?)').run(
      scope,
      migration.version,
      migration.description,
      new Date().toISOString(),
    );
    applied.push(migration.version);
  }
  return applied;
}

export function serviceTables(service: string) {
  return { outbox: `${service}_outbox`, inbox: `${service}_inbox`, sequences: `${service}_sequences` };
}

/** A service's own bookkeeping tables. Append new versions; never edit a released one. */
export function serviceMigrations(service: string): Migration[] {
  const t = serviceTables(service);
  return [
    {
      version: 1,
      description: 'outbox, inbox and sequences',
      statements: [
        `CREATE TABLE IF NOT EXISTS "${t.outbox}" (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          topic TEXT NOT NULL,
          envelope TEXT NOT NULL CHECK (json_valid(envelope)),
          created_at TEXT NOT NULL,
          sent_at TEXT
        )`,
        // The relay reads only unsent rows, in id order: a partial index keeps that cheap however many sent rows remain.
        `CREATE INDEX IF NOT EXISTS "${t.outbox}_unsent" ON "${t.outbox}" (id) WHERE sent_at IS NULL`,
        `CREATE TABLE IF NOT EXISTS "${t.inbox}" (
          consumer_group TEXT NOT NULL,
          event_id TEXT NOT NULL,
          handled_at TEXT NOT NULL,
          PRIMARY KEY (consumer_group, event_id)
        ) WITHOUT ROWID`,
        `CREATE TABLE IF NOT EXISTS "${t.sequences}" (
          name TEXT PRIMARY KEY NOT NULL,
          value INTEGER NOT NULL
        ) WITHOUT ROWID`,
      ],
    },
  ];
}
