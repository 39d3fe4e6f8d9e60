/**
 * A collection of JSON documents in one SQLite table, `(id TEXT PRIMARY KEY, doc TEXT)`,
 * with the declared indexes as expression indexes on `json_extract(doc, '$.<path>')`.
 * Queries spell each field exactly as its index does, which is what lets SQLite's
 * planner use the index.
 */
import type Database from 'better-sqlite3';
import { isRangeCondition, type Collection, type CollectionSpec, type Doc, type Filter, type FindOptions, type GroupCount, type IndexSpec } from '../store.port';
import { documentNotFoundError, duplicateKeyError, invalidSpecError } from '../store.errors';
import { assertDottedPath, assertFilter, assertFindOptions, toStoredJson } from '../store.validation';
import { isMissingTable, type SqliteConnection } from './sqlite-connection';

/** Paths are checked against a strict alphabet before they get here (store.validation.ts). */
export function fieldExpression(path: string): string {
  return path === 'id' ? 'id' : `json_extract(doc, '$.${path}')`;
}

function indexName(table: string, index: IndexSpec): string {
  return `${table}:${index.unique ? 'unique' : 'index'}(${index.fields.join(',')})`;
}

/** Creates the table and its indexes if missing; runs inside the caller's write transaction. */
export function createCollectionTable(db: Database.Database, service: string, table: string, spec: CollectionSpec): void {
  db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL CHECK (json_valid(doc)))`);
  for (const index of spec.indexes ?? []) {
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${indexName(table, index)}" ON "${table}" (${index.fields.map(fieldExpression).join(', ')})`;
    try {
      db.exec(sql);
    } catch (error) {
      if (constraintKind(error) !== 'unique') throw error;
      throw invalidSpecError(`${service}.${spec.name}: cannot create unique index on (${index.fields.join(', ')}): stored documents already share values`);
    }
  }
}

type SqlValue = string | number | null;

const SQL_RANGE = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function whereClause(filter: Filter): { sql: string; params: SqlValue[] } {
  assertFilter(filter);
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  for (const [path, value] of Object.entries(filter)) {
    const field = fieldExpression(path);
    if (value === null) {
      // Like MongoDB's { field: null }: matches an explicit null and a missing field.
      conditions.push(`${field} IS NULL`);
    } else if (Array.isArray(value)) {
      // One parameter whatever the list length, so the statement text (and its cached plan) stays the same.
      conditions.push(`${field} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(value));
    } else if (isRangeCondition(value)) {
      for (const [operator, bound] of Object.entries(value) as [keyof typeof SQL_RANGE, string | number][]) {
        conditions.push(`${field} ${SQL_RANGE[operator]} ?`);
        params.push(bound);
      }
    } else if (typeof value === 'boolean') {
      // json_extract turns true into 1; json_type keeps a stored 1 from matching `true`.
      conditions.push(`json_type(doc, '$.${path}') = '${value ? 'true' : 'false'}'`);
    } else {
      conditions.push(`${field} = ?`);
      params.push(value);
    }
  }
  return { sql: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '', params };
}

function orderClause(options: FindOptions): string {
  const sort = options.sort ?? [];
  const terms = sort.map((s) => `${fieldExpression(s.field)} ${s.direction === 'desc' ? 'DESC' : 'ASC'}`);
  // The id breaks ties, so pages (limit/offset) are stable and both stores return the same order.
  if (!sort.some((s) => s.field === 'id')) terms.push('id ASC');
  return ` ORDER BY ${terms.join(', ')}`;
}

function constraintKind(error: unknown): 'primary' | 'unique' | undefined {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'primary';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unique';
  return undefined;
}

export interface SqliteCollectionTarget {
  connection: SqliteConnection;
  service: string;
  spec: CollectionSpec;
  table: string;
  /** Runs before every operation: fails once the unit of work has ended, creates the table on first use. */
  beforeUse(): void;
  /** Read-only views (ServiceStore.read) find no table for a collection nobody wrote to yet: that reads as empty. */
  readOnly: boolean;
}

export class SqliteCollection<T extends Doc> implements Collection<T> {
  constructor(private readonly target: SqliteCollectionTarget) {}

  async get(id: string): Promise<T | undefined> {
    const [doc] = this.select(`SELECT doc FROM "${this.target.table}" WHERE id = ?`, [id]);
    return doc;
  }

  async findOne(filter: Filter): Promise<T | undefined> {
    const [doc] = await this.find(filter, { limit: 1 });
    return doc;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    assertFindOptions(options);
    const where = whereClause(filter);
    const params = [...where.params];
    let sql = `SELECT doc FROM "${this.target.table}"${where.sql}${orderClause(options)}`;
    if (options.limit !== undefined || options.offset !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(options.limit ?? -1, options.offset ?? 0);
    }
    return this.select(sql, params);
  }

  async count(filter: Filter): Promise<number> {
    const where = whereClause(filter);
    const row = this.run((c) => c.statement(`SELECT count(*) AS n FROM "${this.target.table}"${where.sql}`).get(...where.params)) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  async countBy(fields: string[], filter: Filter = {}): Promise<GroupCount[]> {
    if (fields.length === 0) throw invalidSpecError('countBy needs at least one field');
    fields.forEach(assertDottedPath);
    const where = whereClause(filter);
    const keys = fields.map((_, i) => `k${i}`);
    const sql = `SELECT ${fields.map((field, i) => `${fieldExpression(field)} AS ${keys[i]}`).join(', ')}, count(*) AS n FROM "${this.target.table}"${where.sql} GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`;
    const rows = (this.run((c) => c.statement(sql).all(...where.params)) ?? []) as Record<string, string | number | null>[];
    return rows.map((row) => ({ values: keys.map((key) => row[key] ?? null), count: Number(row['n']) }));
  }

  async insert(doc: T): Promise<void> {
    const json = toStoredJson(doc);
    this.write(doc, (c) => c.statement(`INSERT INTO "${this.target.table}" (id, doc) VALUES (?, ?)`).run(doc.id, json));
  }

  async replace(doc: T): Promise<void> {
    const json = toStoredJson(doc);
    const result = this.write(doc, (c) => c.statement(`UPDATE "${this.target.table}" SET doc = ? WHERE id = ?`).run(json, doc.id));
    if (result.changes === 0) throw documentNotFoundError(this.target.service, this.target.spec.name, doc.id);
  }

  async upsert(doc: T): Promise<void> {
    const json = toStoredJson(doc);
    this.write(doc, (c) =>
      c.statement(`INSERT INTO "${this.target.table}" (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`).run(doc.id, json),
    );
  }

  async delete(id: string): Promise<boolean> {
    const result = this.write({ id }, (c) => c.statement(`DELETE FROM "${this.target.table}" WHERE id = ?`).run(id));
    return result.changes > 0;
  }

  private select(sql: string, params: SqlValue[]): T[] {
    const rows = this.run((c) => c.statement(sql).all(...params)) as { doc: string }[] | undefined;
    return (rows ?? []).map((row) => JSON.parse(row.doc) as T);
  }

  /** Returns undefined for a read-only view of a table that does not exist yet. */
  private run<R>(query: (connection: SqliteConnection) => R): R | undefined {
    this.target.beforeUse();
    try {
      return query(this.target.connection);
    } catch (error) {
      if (this.target.readOnly && isMissingTable(error)) return undefined;
      throw error;
    }
  }

  private write(doc: Doc, statement: (connection: SqliteConnection) => Database.RunResult): Database.RunResult {
    const { service, spec } = this.target;
    if (this.target.readOnly) throw invalidSpecError(`${service}.${spec.name}: writes belong in a unit of work, not in read()`);
    this.target.beforeUse();
    try {
      return statement(this.target.connection);
    } catch (error) {
      // SQLite undid just this statement; the unit of work may go on, as it may with MongoDB.
      const kind = constraintKind(error);
      if (kind === 'primary') throw duplicateKeyError(service, spec.name, `id "${doc.id}"`, error);
      if (kind === 'unique') throw duplicateKeyError(service, spec.name, this.describeUniqueClash(error as Error), error);
      throw error;
    }
  }

  private describeUniqueClash(error: Error): string {
    const index = (this.target.spec.indexes ?? []).find((i) => i.unique && error.message.includes(indexName(this.target.table, i)));
    return index ? `(${index.fields.join(', ')})` : 'a unique field';
  }
}
