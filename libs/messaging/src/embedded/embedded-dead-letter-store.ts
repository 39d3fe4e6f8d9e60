/**
 * Dead letters of the embedded edition: a read-only query on the event log's
 * `bus_messages` table. A read-only connection of its own, opened on first use, so it
 * never holds a write lock and a missing file (nothing published yet) reads as empty.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DLQ_PREFIX } from '@motcua/contracts';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import { checkLimit, deadLetterTopicOf, type DeadLetter, type DeadLetterListOptions, type DeadLetterStore } from '../dead-letter-store.port';

export interface EmbeddedDeadLetterStoreOptions {
  /** The SQLite file of the embedded event log. */
  path: string;
  busyTimeoutMs?: number;
}

interface Row {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
}

export function createEmbeddedDeadLetterStore(options: EmbeddedDeadLetterStoreOptions): DeadLetterStore {
  return new EmbeddedDeadLetterStore(options);
}

const columns = 'topic, "partition" AS partition, "offset" AS offset, key, value, headers';

class EmbeddedDeadLetterStore implements DeadLetterStore {
  readonly kind = 'embedded' as const;
  private db: Database.Database | undefined;

  constructor(private readonly options: EmbeddedDeadLetterStoreOptions) {}

  async groups(): Promise<string[]> {
    const rows = this.query<{ topic: string }>(`SELECT DISTINCT topic FROM bus_messages WHERE substr(topic, 1, ?) = ? ORDER BY topic`, [DLQ_PREFIX.length, DLQ_PREFIX]);
    return rows.map((row) => row.topic.slice(DLQ_PREFIX.length));
  }

  async list(group: string, options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const topic = deadLetterTopicOf(group);
    const rows = this.query<Row>(`SELECT ${columns} FROM bus_messages WHERE topic = ? ORDER BY "partition", "offset" LIMIT ?`, [topic, checkLimit(options.limit)]);
    return rows.map(toDeadLetter);
  }

  async get(group: string, partition: number, offset: string): Promise<DeadLetter | undefined> {
    const topic = deadLetterTopicOf(group);
    if (!/^[0-9]+$/.test(offset)) return undefined;
    const rows = this.query<Row>(`SELECT ${columns} FROM bus_messages WHERE topic = ? AND "partition" = ? AND "offset" = ?`, [topic, partition, Number(offset)]);
    return rows[0] && toDeadLetter(rows[0]);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  /** No file, or no event log in it yet: nothing was ever dead-lettered. */
  private query<T>(sql: string, parameters: unknown[]): T[] {
    const db = this.open();
    if (!db) return [];
    try {
      return db.prepare(sql).all(...parameters) as T[];
    } catch (error) {
      if (/no such table/.test(classify(error).message)) return [];
      throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `could not read the embedded event log: ${classify(error).message}`, { cause: error });
    }
  }

  private open(): Database.Database | undefined {
    if (this.db) return this.db;
    if (!existsSync(this.options.path)) return undefined;
    const db = new Database(this.options.path, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${this.options.busyTimeoutMs ?? 5000}`);
    this.db = db;
    return db;
  }
}

function toDeadLetter(row: Row): DeadLetter {
  return { topic: row.topic, partition: row.partition, offset: String(row.offset), key: row.key, value: Buffer.from(row.value), headers: parseHeaders(row.headers) };
}

function parseHeaders(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
