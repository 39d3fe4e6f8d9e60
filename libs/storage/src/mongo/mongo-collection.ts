/**
 * A collection of JSON documents in one MongoDB collection, the document's `id`
 * stored as `_id`. Inside a unit of work every call runs in the transaction's
 * session; in `read()` it runs without one.
 *
 * Unique keys are checked with a query before writing: MongoDB aborts the whole
 * transaction on a duplicate key error (SERVER-34059), whereas the port, like
 * SQLite, lets a unit of work catch STORAGE.DUPLICATE_KEY and carry on. The
 * server's unique index still decides a race between two writers.
 */
import type { mongo } from 'mongoose';
import { isRangeCondition, type Collection, type CollectionSpec, type Doc, type Filter, type FindOptions, type GroupCount, type IndexSpec } from '../store.port';
import { documentNotFoundError, duplicateKeyError, invalidSpecError } from '../store.errors';
import { assertDottedPath, assertFilter, assertFindOptions, toStoredJson } from '../store.validation';

export interface StoredDoc {
  _id: string;
  [field: string]: unknown;
}

export const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

export function mongoField(path: string): string {
  return path === 'id' ? '_id' : path;
}

export function indexDefinition(index: IndexSpec): mongo.IndexDescription {
  return {
    key: Object.fromEntries(index.fields.map((field) => [mongoField(field), 1])),
    // Named like the SQLite indexes, so one reads the same in both stores.
    name: `${index.unique ? 'unique' : 'index'}(${index.fields.join(',')})`,
    ...(index.unique ? { unique: true } : {}),
  };
}

export function toMongoFilter(filter: Filter): mongo.Filter<StoredDoc> {
  assertFilter(filter);
  const query: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(filter)) {
    // { field: null } matches null and missing, as SQLite's IS NULL does.
    if (isRangeCondition(value)) query[mongoField(path)] = Object.fromEntries(Object.entries(value).map(([operator, bound]) => [`$${operator}`, bound]));
    else query[mongoField(path)] = Array.isArray(value) ? { $in: value } : value;
  }
  return query as mongo.Filter<StoredDoc>;
}

export function mongoSort(options: FindOptions): Record<string, 1 | -1> {
  const sort: Record<string, 1 | -1> = {};
  for (const { field, direction } of options.sort ?? []) sort[mongoField(field)] = direction === 'desc' ? -1 : 1;
  // The id breaks ties, so pages are stable and both stores return the same order.
  if (!('_id' in sort)) sort['_id'] = 1;
  return sort;
}

function toStored(doc: Doc): StoredDoc {
  const { id, ...fields } = JSON.parse(toStoredJson(doc)) as Doc & Record<string, unknown>;
  return { _id: id, ...fields };
}

function fromStored<T extends Doc>(stored: StoredDoc): T {
  const { _id, ...fields } = stored;
  return { id: _id, ...fields } as unknown as T;
}

function valueAt(doc: StoredDoc, path: string): unknown {
  let value: unknown = doc;
  for (const segment of mongoField(path).split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function compareValues(a: (string | number | null)[], b: (string | number | null)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const [x, y] = [a[i] ?? null, b[i] ?? null];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    // SQLite sorts numbers before text.
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export interface MongoCollectionTarget {
  db: mongo.Db;
  service: string;
  spec: CollectionSpec;
  /** The transaction's session; undefined in read(). */
  session: mongo.ClientSession | undefined;
  /**
   * Runs one operation: in a unit of work one at a time (a session does not allow
   * parallel operations) and only while the unit of work lasts; it also creates the
   * collection and its indexes on first use.
   */
  operation<R>(run: () => Promise<R>): Promise<R>;
}

export class MongoCollection<T extends Doc> implements Collection<T> {
  constructor(private readonly target: MongoCollectionTarget) {}

  async get(id: string): Promise<T | undefined> {
    const stored = await this.target.operation(() => this.native.findOne({ _id: id }, this.options));
    return stored ? fromStored<T>(stored) : undefined;
  }

  async findOne(filter: Filter): Promise<T | undefined> {
    const [doc] = await this.find(filter, { limit: 1 });
    return doc;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    assertFindOptions(options);
    const query = toMongoFilter(filter);
    // MongoDB reads limit 0 as "no limit".
    if (options.limit === 0) return [];
    const stored = await this.target.operation(() => {
      let cursor = this.native.find(query, this.options).sort(mongoSort(options));
      if (options.offset) cursor = cursor.skip(options.offset);
      if (options.limit !== undefined) cursor = cursor.limit(options.limit);
      return cursor.toArray();
    });
    return stored.map((doc) => fromStored<T>(doc));
  }

  async count(filter: Filter): Promise<number> {
    const query = toMongoFilter(filter);
    return this.target.operation(() => this.native.countDocuments(query, this.options));
  }

  async countBy(fields: string[], filter: Filter = {}): Promise<GroupCount[]> {
    if (fields.length === 0) throw invalidSpecError('countBy needs at least one field');
    fields.forEach(assertDottedPath);
    const query = toMongoFilter(filter);
    // $ifNull: a missing field and an explicit null are one group, as in SQLite.
    const group = Object.fromEntries(fields.map((field, i) => [`k${i}`, { $ifNull: [`$${mongoField(field)}`, null] }]));
    const rows = await this.target.operation(() =>
      this.native.aggregate<{ _id: Record<string, string | number | null | undefined>; n: number }>([{ $match: query }, { $group: { _id: group, n: { $sum: 1 } } }], this.options).toArray(),
    );
    const counts = rows.map((row) => ({ values: fields.map((_, i) => row._id[`k${i}`] ?? null), count: row.n }));
    // The same order as SQLite's: by each value in turn, null first.
    return counts.sort((a, b) => compareValues(a.values, b.values));
  }

  async insert(doc: T): Promise<void> {
    const stored = this.writable(doc);
    await this.target.operation(async () => {
      if (await this.native.findOne({ _id: stored._id }, { ...this.options, projection: { _id: 1 } })) {
        throw duplicateKeyError(this.target.service, this.target.spec.name, `id "${stored._id}"`);
      }
      await this.assertUniqueKeysFree(stored);
      await this.guardDuplicate(stored, () => this.native.insertOne(stored, this.options));
    });
  }

  async replace(doc: T): Promise<void> {
    const stored = this.writable(doc);
    const result = await this.target.operation(async () => {
      await this.assertUniqueKeysFree(stored);
      return this.guardDuplicate(stored, () => this.native.replaceOne({ _id: stored._id }, stored, this.options));
    });
    if (result.matchedCount === 0) throw documentNotFoundError(this.target.service, this.target.spec.name, stored._id);
  }

  async upsert(doc: T): Promise<void> {
    const stored = this.writable(doc);
    await this.target.operation(async () => {
      await this.assertUniqueKeysFree(stored);
      await this.guardDuplicate(stored, () => this.native.replaceOne({ _id: stored._id }, stored, { ...this.options, upsert: true }));
    });
  }

  async delete(id: string): Promise<boolean> {
    this.writable({ id });
    const result = await this.target.operation(() => this.native.deleteOne({ _id: id }, this.options));
    return result.deletedCount > 0;
  }

  private get native(): mongo.Collection<StoredDoc> {
    return this.target.db.collection<StoredDoc>(this.target.spec.name);
  }

  private get options(): { session?: mongo.ClientSession } {
    return this.target.session ? { session: this.target.session } : {};
  }

  private writable(doc: Doc): StoredDoc {
    const { service, spec } = this.target;
    if (!this.target.session) throw invalidSpecError(`${service}.${spec.name}: writes belong in a unit of work, not in read()`);
    return toStored(doc);
  }

  private async assertUniqueKeysFree(stored: StoredDoc): Promise<void> {
    for (const index of this.target.spec.indexes ?? []) {
      if (!index.unique || index.fields.includes('id')) continue;
      // A missing field is indexed as null by MongoDB, so it is looked up as null too.
      const query: Record<string, unknown> = { _id: { $ne: stored._id } };
      for (const field of index.fields) query[field] = valueAt(stored, field) ?? null;
      const clash = await this.native.findOne(query as mongo.Filter<StoredDoc>, { ...this.options, projection: { _id: 1 } });
      if (clash) throw duplicateKeyError(this.target.service, this.target.spec.name, `(${index.fields.join(', ')})`);
    }
  }

  /** A duplicate that slipped past the checks (a concurrent writer) still comes out as STORAGE.DUPLICATE_KEY. */
  private async guardDuplicate<R>(stored: StoredDoc, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw duplicateKeyError(this.target.service, this.target.spec.name, `a unique key of "${stored._id}"`, error);
    }
  }
}
