/**
 * The MongoDB collection's translation of the port into driver calls, checked
 * against a recording stand-in for the driver: no MongoDB runs on a machine without
 * Docker, so this is what runs everywhere; the shared contract suite runs against a
 * real replica set wherever one is reachable.
 */
import type { mongo } from 'mongoose';
import { StorageErrorCodes, type CollectionSpec, type Doc } from '@motcua/storage';
import { MongoCollection, indexDefinition, mongoSort, toMongoFilter, type StoredDoc } from '../../src/mongo/mongo-collection';

const spec: CollectionSpec = { name: 'notifications', indexes: [{ fields: ['dossierId', 'channel'], unique: true }, { fields: ['status'] }] };

interface Call {
  method: string;
  args: unknown[];
}

/** Answers findOne from `existing` by exact equality on the queried fields (and `$ne` on _id); records every call. */
function recordingDb(existing: StoredDoc[] = [], failInsertWith?: { code: number }) {
  const calls: Call[] = [];
  const matches = (doc: StoredDoc, query: Record<string, unknown>) =>
    Object.entries(query).every(([key, expected]) => {
      const actual = key.split('.').reduce<unknown>((value, segment) => (value as Record<string, unknown> | undefined)?.[segment], doc);
      if (expected && typeof expected === 'object' && '$ne' in expected) return actual !== (expected as { $ne: unknown }).$ne;
      return (actual ?? null) === expected;
    });
  const collection = {
    findOne: async (query: Record<string, unknown>, options: unknown) => {
      calls.push({ method: 'findOne', args: [query, options] });
      return existing.find((doc) => matches(doc, query)) ?? null;
    },
    find: (query: unknown, options: unknown) => {
      calls.push({ method: 'find', args: [query, options] });
      const cursor = {
        sort: (sort: unknown) => (calls.push({ method: 'sort', args: [sort] }), cursor),
        skip: (n: number) => (calls.push({ method: 'skip', args: [n] }), cursor),
        limit: (n: number) => (calls.push({ method: 'limit', args: [n] }), cursor),
        toArray: async () => existing,
      };
      return cursor;
    },
    insertOne: async (doc: unknown, options: unknown) => {
      calls.push({ method: 'insertOne', args: [doc, options] });
      if (failInsertWith) throw Object.assign(new Error('E11000 duplicate key error'), failInsertWith);
      return { acknowledged: true };
    },
    replaceOne: async (filter: Record<string, unknown>, doc: unknown, options: unknown) => {
      calls.push({ method: 'replaceOne', args: [filter, doc, options] });
      return { matchedCount: existing.some((d) => d._id === filter['_id']) ? 1 : 0 };
    },
    deleteOne: async (filter: unknown, options: unknown) => {
      calls.push({ method: 'deleteOne', args: [filter, options] });
      return { deletedCount: 1 };
    },
  };
  const db = { collection: (name: string) => (calls.push({ method: 'collection', args: [name] }), collection) } as unknown as mongo.Db;
  const methods = () => calls.map((c) => c.method).filter((m) => m !== 'collection');
  return { db, calls, methods };
}

const session = { id: 'session-1' } as unknown as mongo.ClientSession;

function collectionOn(db: mongo.Db, withSession = true) {
  return new MongoCollection<Doc & Record<string, unknown>>({ db, service: 'notifier', spec, session: withSession ? session : undefined, operation: (run) => run() });
}

describe('MongoDB filters, sorts and indexes', () => {
  it('when a port filter is translated, then id becomes _id, lists become $in, and null stays null', () => {
    expect(toMongoFilter({ 'applicant.name': 'An', id: ['D1', 'D2'], note: null, urgent: true, priority: 2 })).toEqual({
      'applicant.name': 'An',
      _id: { $in: ['D1', 'D2'] },
      note: null,
      urgent: true,
      priority: 2,
    });
  });

  it('when a port filter has a range, then each bound becomes its $ operator and an unknown operator is refused', () => {
    expect(toMongoFilter({ dueAt: { gte: '2026-11-25T00:00:00.000Z', lt: '2026-11-26T00:00:00.000Z' }, centreId: 'C1' })).toEqual({
      dueAt: { $gte: '2026-11-25T00:00:00.000Z', $lt: '2026-11-26T00:00:00.000Z' },
      centreId: 'C1',
    });
    expect(() => toMongoFilter({ dueAt: { $where: 'x' } as never })).toThrow(expect.objectContaining({ code: StorageErrorCodes.INVALID_SPEC }));
  });

  it('when a filter path is not a dotted identifier, then it is refused', () => {
    expect(() => toMongoFilter({ $where: 'sleep(1000)' })).toThrow(expect.objectContaining({ code: StorageErrorCodes.INVALID_SPEC }));
    expect(() => toMongoFilter({ 'a.$b': 1 })).toThrow(expect.objectContaining({ code: StorageErrorCodes.INVALID_SPEC }));
  });

  it('when results are sorted, then the id breaks ties unless it is sorted on already', () => {
    expect(mongoSort({ sort: [{ field: 'priority', direction: 'desc' }, { field: 'applicant.name', direction: 'asc' }] })).toEqual({ priority: -1, 'applicant.name': 1, _id: 1 });
    expect(mongoSort({ sort: [{ field: 'id', direction: 'desc' }] })).toEqual({ _id: -1 });
    expect(mongoSort({})).toEqual({ _id: 1 });
  });

  it('when indexes are declared, then unique ones are unique and each has a readable name', () => {
    expect(spec.indexes?.map(indexDefinition)).toEqual([
      { key: { dossierId: 1, channel: 1 }, name: 'unique(dossierId,channel)', unique: true },
      { key: { status: 1 }, name: 'index(status)' },
    ]);
  });
});

describe('MongoCollection', () => {
  it('when a document is inserted, then the id and unique keys are checked in the session first, and it is stored with _id', async () => {
    const { db, calls, methods } = recordingDb();
    await collectionOn(db).insert({ id: 'N1', dossierId: 'D1', channel: 'sms', at: undefined });
    expect(methods()).toEqual(['findOne', 'findOne', 'insertOne']);
    expect(calls.find((c) => c.method === 'insertOne')?.args).toEqual([{ _id: 'N1', dossierId: 'D1', channel: 'sms' }, { session }]);
    const uniqueCheck = calls.filter((c) => c.method === 'findOne')[1];
    expect(uniqueCheck?.args).toEqual([{ _id: { $ne: 'N1' }, dossierId: 'D1', channel: 'sms' }, { session, projection: { _id: 1 } }]);
  });

  it('when a unique key is taken, then STORAGE.DUPLICATE_KEY is raised before any write, so the transaction stays usable', async () => {
    const { db, methods } = recordingDb([{ _id: 'N0', dossierId: 'D1', channel: 'sms' }]);
    await expect(collectionOn(db).insert({ id: 'N1', dossierId: 'D1', channel: 'sms' })).rejects.toMatchObject({ code: StorageErrorCodes.DUPLICATE_KEY });
    await expect(collectionOn(db).upsert({ id: 'N1', dossierId: 'D1', channel: 'sms' })).rejects.toMatchObject({ code: StorageErrorCodes.DUPLICATE_KEY });
    await expect(collectionOn(db).insert({ id: 'N0', dossierId: 'D9', channel: 'sms' })).rejects.toMatchObject({ code: StorageErrorCodes.DUPLICATE_KEY });
    expect(methods()).not.toContain('insertOne');
    expect(methods()).not.toContain('replaceOne');
  });

  it('when the server still reports a duplicate key (a concurrent writer), then it comes out as STORAGE.DUPLICATE_KEY', async () => {
    const { db } = recordingDb([], { code: 11000 });
    await expect(collectionOn(db).insert({ id: 'N1', dossierId: 'D1', channel: 'sms' })).rejects.toMatchObject({ code: StorageErrorCodes.DUPLICATE_KEY });
  });

  it('when replace finds no document, then it fails with STORAGE.NOT_FOUND; upsert replaces with upsert: true', async () => {
    const { db, calls } = recordingDb([{ _id: 'N0', dossierId: 'D0', channel: 'sms' }]);
    await expect(collectionOn(db).replace({ id: 'N1', dossierId: 'D1', channel: 'sms' })).rejects.toMatchObject({ code: StorageErrorCodes.NOT_FOUND });
    await collectionOn(db).upsert({ id: 'N2', dossierId: 'D2', channel: 'sms' });
    expect(calls.filter((c) => c.method === 'replaceOne').at(-1)?.args).toEqual([{ _id: 'N2' }, { _id: 'N2', dossierId: 'D2', channel: 'sms' }, { session, upsert: true }]);
  });

  it('when documents are found, then sort, skip and limit reach the cursor, _id comes back as id, and limit 0 asks nothing', async () => {
    const { db, calls, methods } = recordingDb([{ _id: 'N1', status: 'sent' }]);
    const found = await collectionOn(db, false).find({ status: 'sent' }, { sort: [{ field: 'status', direction: 'asc' }], offset: 5, limit: 10 });
    expect(found).toEqual([{ id: 'N1', status: 'sent' }]);
    expect(calls.filter((c) => c.method !== 'collection').map((c) => [c.method, ...c.args])).toEqual([
      ['find', { status: 'sent' }, {}],
      ['sort', { status: 1, _id: 1 }],
      ['skip', 5],
      ['limit', 10],
    ]);
    const before = methods().length;
    expect(await collectionOn(db, false).find({}, { limit: 0 })).toEqual([]);
    expect(methods()).toHaveLength(before);
  });

  it('when read() tries to write, then it is refused: writes belong in a unit of work', async () => {
    const { db, methods } = recordingDb();
    await expect(collectionOn(db, false).insert({ id: 'N1' })).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
    await expect(collectionOn(db, false).delete('N1')).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
    expect(methods()).toEqual([]);
  });
});
