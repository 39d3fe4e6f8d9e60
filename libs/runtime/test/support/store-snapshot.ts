/**
 * The embedded edition's whole state as the SQLite file holds it (every service's
 * collections, outboxes, inboxes, timers and the event log), read through a second
 * read-only connection, so a test can show that requests changed nothing.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export interface SnapshotOptions {
  /** Tables left out, with the reason in the caller. */
  exclude?: (table: string) => boolean;
  /** Columns left out per table (a consumer's commit time moves when nothing else does). */
  ignoreColumns?: Record<string, string[]>;
}

/** One SHA-256 per table over its rows in primary-key order. */
export function storeSnapshot(path: string, options: SnapshotOptions = {}): Record<string, string> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const snapshot: Record<string, string> = {};
    for (const table of tables.filter((t) => !options.exclude?.(t))) {
      const ignored = new Set(options.ignoreColumns?.[table] ?? []);
      const columns = (db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as { name: string; pk: number }[]).filter((c) => !ignored.has(c.name));
      const order = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      const orderBy = (order.length > 0 ? order : columns).map((c) => `"${c.name}"`).join(', ');
      const rows = db.prepare(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table}" ORDER BY ${orderBy}`).raw().all();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value)));
      snapshot[table] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/**
 * True when nothing is in flight: every outbox row sent and every consumer group at
 * the end of every partition it reads.
 */
export function storeIsQuiet(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const outboxes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%outbox'").pluck().all() as string[];
    for (const outbox of outboxes) {
      if ((db.prepare(`SELECT count(*) FROM "${outbox}" WHERE sent_at IS NULL`).pluck().get() as number) > 0) return false;
    }
    const behind = db
      .prepare(
        `SELECT count(*) FROM bus_group_offsets o
         WHERE o.next_offset <= (SELECT coalesce(max(m."offset"), -1) FROM bus_messages m WHERE m.topic = o.topic AND m."partition" = o."partition")`,
      )
      .pluck()
      .get() as number;
    return behind === 0;
  } finally {
    db.close();
  }
}
