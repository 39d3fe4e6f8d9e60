/**
 * The storage contract: what every Store implementation must do, run unchanged
 * against SQLite (always) and MongoDB (when a replica set is reachable). The
 * services are written against the port alone, so any behaviour they rely on
 * belongs here, not in one implementation's own tests.
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@motcua/contracts';
import { shutdownTracing, startTracing, traceIdOf, withSpan } from '@motcua/observability';
import { StorageErrorCodes, type CollectionSpec, type Doc, type Filter, type FindOptions, type ServiceStore, type Store, type Tx } from '@motcua/storage';
import { waitFor } from '@motcua/testing';

export interface StoreHarness {
  /** Opens a store on this harness's data; after close(), opening again finds the same data. */
  open(): Promise<Store>;
  /** Deletes the data (temporary file, test databases). */
  dispose(): Promise<void>;
}

interface Dossier extends Doc {
  centreId: string;
  status: string;
  priority: number;
  urgent?: boolean;
  applicant: { name: string; district: string | null };
  note?: string | null;
  dueAt?: string;
}

interface Counter extends Doc {
  value: number;
}

const dossiers: CollectionSpec = {
  name: 'dossiers',
  indexes: [{ fields: ['centreId', 'status'] }, { fields: ['applicant.name'] }],
};
const notifications: CollectionSpec = {
  name: 'notifications',
  indexes: [{ fields: ['dossierId', 'template', 'channel'], unique: true }],
};
const counters: CollectionSpec = { name: 'counters' };

interface Notification extends Doc {
  dossierId: string;
  template: string;
  channel: string;
  text?: string;
}

function dossier(id: string, fields: Partial<Dossier> = {}): Dossier {
  return { id, centreId: 'C1', status: 'received', priority: 1, applicant: { name: 'An', district: 'Hue' }, ...fields };
}

function envelope(subject: string, fields: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/motcua/intake',
    type: 'vn.motcua.intake.DossierReceived.v1',
    time: new Date().toISOString(),
    subject,
    datacontenttype: 'application/json',
    correlationid: subject,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: { dossierId: subject },
    ...fields,
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** A promise with its resolve function outside: lets a test hold a unit of work open. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export function describeStoreContract(title: string, makeHarness: () => StoreHarness): void {
  describe(title, () => {
    let harness: StoreHarness;
    let store: Store;
    let intake: ServiceStore;

    beforeAll(() => startTracing({ serviceName: 'storage-contract', instrument: false }));
    afterAll(() => shutdownTracing());

    beforeEach(async () => {
      harness = makeHarness();
      store = await harness.open();
      intake = store.forService('intake');
      await intake.ensureCollections([dossiers, notifications, counters]);
    });

    afterEach(async () => {
      await store.close();
      await harness.dispose();
    });

    const readDossier = (id: string) => intake.read((tx) => tx.collection<Dossier>(dossiers).get(id));

    describe('documents', () => {
      it('when a document is inserted, then get returns it, and replace, upsert and delete change it', async () => {
        await intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).insert(dossier('D1')));
        expect(await readDossier('D1')).toEqual(dossier('D1'));

        await intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).replace(dossier('D1', { status: 'assigned' })));
        expect((await readDossier('D1'))?.status).toBe('assigned');

        await intake.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).upsert(dossier('D1', { status: 'done' }));
          await tx.collection<Dossier>(dossiers).upsert(dossier('D2'));
        });
        expect((await readDossier('D1'))?.status).toBe('done');
        expect(await readDossier('D2')).toEqual(dossier('D2'));

        const deleted = await intake.unitOfWork.run(async (tx) => [await tx.collection(dossiers).delete('D1'), await tx.collection(dossiers).delete('D1')]);
        expect(deleted).toEqual([true, false]);
        expect(await readDossier('D1')).toBeUndefined();
      });

      it('when replace targets a missing id, then it fails with STORAGE.NOT_FOUND', async () => {
        await expectCode(
          intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).replace(dossier('nobody'))),
          StorageErrorCodes.NOT_FOUND,
        );
      });

      it('when a unit of work reads what it wrote, then it sees its own uncommitted writes', async () => {
        const seen = await intake.unitOfWork.run(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          await collection.insert(dossier('D1', { status: 'new' }));
          return { byId: await collection.get('D1'), count: await collection.count({ status: 'new' }) };
        });
        expect(seen).toEqual({ byId: dossier('D1', { status: 'new' }), count: 1 });
      });

      it('when documents are filtered, then equality on dotted paths, booleans, null and one-of lists select them', async () => {
        await intake.unitOfWork.run(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          await collection.insert(dossier('D1', { centreId: 'C1', status: 'received', urgent: true }));
          await collection.insert(dossier('D2', { centreId: 'C1', status: 'assigned', urgent: false, applicant: { name: 'Binh', district: null } }));
          await collection.insert(dossier('D3', { centreId: 'C2', status: 'received', priority: 2, note: 'x' }));
          await collection.insert(dossier('D4', { centreId: 'C2', status: 'returned', priority: 3, note: null }));
        });
        const ids = (filter: Filter) => intake.read(async (tx) => (await tx.collection<Dossier>(dossiers).find(filter)).map((d) => d.id));

        expect(await ids({ centreId: 'C1' })).toEqual(['D1', 'D2']);
        expect(await ids({ centreId: 'C2', status: 'received' })).toEqual(['D3']);
        expect(await ids({ 'applicant.name': 'Binh' })).toEqual(['D2']);
        expect(await ids({ 'applicant.district': null })).toEqual(['D2']);
        expect(await ids({ note: null })).toEqual(['D1', 'D2', 'D4']);
        expect(await ids({ urgent: true })).toEqual(['D1']);
        expect(await ids({ urgent: false })).toEqual(['D2']);
        expect(await ids({ priority: 1 })).toEqual(['D1', 'D2']);
        expect(await ids({ priority: '1' })).toEqual([]);
        expect(await ids({ status: ['received', 'returned'] })).toEqual(['D1', 'D3', 'D4']);
        expect(await ids({ priority: [2, 3], centreId: 'C2' })).toEqual(['D3', 'D4']);
        expect(await ids({ id: ['D4', 'D1', 'D9'] })).toEqual(['D1', 'D4']);
        expect(await ids({ status: [] })).toEqual([]);
        expect(await ids({})).toEqual(['D1', 'D2', 'D3', 'D4']);

        const counts = await intake.read(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          return [await collection.count({}), await collection.count({ centreId: 'C2' }), await collection.count({ status: 'nothing' })];
        });
        expect(counts).toEqual([4, 2, 0]);
        const first = await intake.read((tx) => tx.collection<Dossier>(dossiers).findOne({ centreId: 'C2' }));
        expect(first?.id).toBe('D3');
        expect(await intake.read((tx) => tx.collection<Dossier>(dossiers).findOne({ centreId: 'C9' }))).toBeUndefined();
      });

      it('when documents are counted by fields, then each combination of values gets its count, in value order, missing fields as null', async () => {
        await intake.unitOfWork.run(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          await collection.insert(dossier('D1', { centreId: 'C2', status: 'received', urgent: true }));
          await collection.insert(dossier('D2', { centreId: 'C1', status: 'received' }));
          await collection.insert(dossier('D3', { centreId: 'C1', status: 'assigned', urgent: true }));
          await collection.insert(dossier('D4', { centreId: 'C1', status: 'received', priority: 2, applicant: { name: 'Binh', district: null } }));
        });
        const countBy = (fields: string[], filter?: Filter) => intake.read((tx) => tx.collection<Dossier>(dossiers).countBy(fields, filter));

        expect(await countBy(['centreId', 'status'])).toEqual([
          { values: ['C1', 'assigned'], count: 1 },
          { values: ['C1', 'received'], count: 2 },
          { values: ['C2', 'received'], count: 1 },
        ]);
        expect(await countBy(['centreId'], { urgent: true })).toEqual([
          { values: ['C1'], count: 1 },
          { values: ['C2'], count: 1 },
        ]);
        expect(await countBy(['priority'])).toEqual([
          { values: [1], count: 3 },
          { values: [2], count: 1 },
        ]);
        expect(await countBy(['applicant.district'])).toEqual([
          { values: [null], count: 1 },
          { values: ['Hue'], count: 3 },
        ]);
        expect(await countBy(['note'])).toEqual([{ values: [null], count: 4 }]);
        expect(await countBy(['status'], { centreId: 'C9' })).toEqual([]);
        await expect(countBy([])).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
      });

      it('when documents are filtered by a range, then bounds on times and numbers select them, combined with equality', async () => {
        await intake.unitOfWork.run(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          await collection.insert(dossier('D1', { centreId: 'C1', dueAt: '2026-11-25T08:00:00.000Z', priority: 1 }));
          await collection.insert(dossier('D2', { centreId: 'C1', dueAt: '2026-11-25T09:00:00.000Z', priority: 2 }));
          await collection.insert(dossier('D3', { centreId: 'C2', dueAt: '2026-11-25T10:00:00.000Z', priority: 3 }));
          await collection.insert(dossier('D4', { centreId: 'C2', priority: 4 }));
        });
        const ids = (filter: Filter) => intake.read(async (tx) => (await tx.collection<Dossier>(dossiers).find(filter, { sort: [{ field: 'dueAt', direction: 'asc' }] })).map((d) => d.id));

        expect(await ids({ dueAt: { lte: '2026-11-25T09:00:00.000Z' } })).toEqual(['D1', 'D2']);
        expect(await ids({ dueAt: { lt: '2026-11-25T09:00:00.000Z' } })).toEqual(['D1']);
        expect(await ids({ dueAt: { gt: '2026-11-25T08:00:00.000Z', lte: '2026-11-25T10:00:00.000Z' } })).toEqual(['D2', 'D3']);
        expect(await ids({ dueAt: { gte: '2026-11-25T10:00:00.000Z' }, centreId: 'C2' })).toEqual(['D3']);
        expect(await ids({ priority: { gte: 2, lt: 4 } })).toEqual(['D2', 'D3']);
        expect(await intake.read((tx) => tx.collection<Dossier>(dossiers).count({ priority: { gt: 1 }, centreId: 'C2' }))).toBe(2);
        await expect(ids({ dueAt: {} })).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
        await expect(ids({ dueAt: { before: 'x' } as never })).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
      });

      it('when results are sorted and paged, then the order is stable and limit/offset slice it', async () => {
        await intake.unitOfWork.run(async (tx) => {
          const collection = tx.collection<Dossier>(dossiers);
          const rows: [string, number, string][] = [['D5', 2, 'Cuc'], ['D1', 3, 'An'], ['D4', 1, 'Binh'], ['D2', 2, 'An'], ['D3', 2, 'Dung']];
          for (const [id, priority, name] of rows) await collection.insert(dossier(id, { priority, applicant: { name, district: 'Hue' } }));
        });
        const find = (options: FindOptions) =>
          intake.read(async (tx) => (await tx.collection<Dossier>(dossiers).find({ centreId: 'C1' }, options)).map((d) => d.id));

        expect(await find({})).toEqual(['D1', 'D2', 'D3', 'D4', 'D5']);
        expect(await find({ sort: [{ field: 'priority', direction: 'desc' }] })).toEqual(['D1', 'D2', 'D3', 'D5', 'D4']);
        expect(
          await find({
            sort: [
              { field: 'priority', direction: 'asc' },
              { field: 'applicant.name', direction: 'desc' },
            ],
          }),
        ).toEqual(['D4', 'D3', 'D5', 'D2', 'D1']);
        expect(await find({ sort: [{ field: 'id', direction: 'desc' }], limit: 2 })).toEqual(['D5', 'D4']);
        expect(await find({ sort: [{ field: 'priority', direction: 'asc' }], limit: 2, offset: 1 })).toEqual(['D2', 'D3']);
        expect(await find({ offset: 3 })).toEqual(['D4', 'D5']);
        expect(await find({ limit: 0 })).toEqual([]);
      });

      it('when a document holds dates and undefined fields, then it comes back as its JSON', async () => {
        const at = new Date('2025-03-01T08:00:00.000Z');
        await intake.unitOfWork.run((tx) => tx.collection<Dossier & { at?: unknown }>(dossiers).insert({ ...dossier('D1'), at, note: undefined }));
        expect(await readDossier('D1')).toEqual({ ...dossier('D1'), at: '2025-03-01T08:00:00.000Z' });
      });

      it('when a collection is used before ensureCollections, then it is created on first use', async () => {
        const late: CollectionSpec = { name: 'late_arrivals', indexes: [{ fields: ['key'], unique: true }] };
        expect(await intake.read((tx) => tx.collection(late).find({}))).toEqual([]);
        await intake.unitOfWork.run((tx) => tx.collection(late).insert({ id: 'L1', key: 'k' } as Doc));
        await expectCode(intake.unitOfWork.run((tx) => tx.collection(late).insert({ id: 'L2', key: 'k' } as Doc)), StorageErrorCodes.DUPLICATE_KEY);
        await intake.ensureCollections([late]);
        await intake.ensureCollections([late]);
        expect(await intake.read((tx) => tx.collection(late).count({}))).toBe(1);
      });

      it('when a name or path is outside the allowed alphabet, then the call fails before reaching the database', async () => {
        expect(() => store.forService('in_take')).toThrow(/invalid service name/);
        await expect(intake.ensureCollections([{ name: 'outbox' }])).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC });
        await expect(intake.read((tx) => tx.collection<Dossier>(dossiers).find({ "x') OR 1=1 --": 'a' }))).rejects.toMatchObject({
          code: StorageErrorCodes.INVALID_SPEC,
        });
      });
    });

    describe('unique keys', () => {
      it('when an id is inserted twice, then the second insert fails with STORAGE.DUPLICATE_KEY and the first document stays', async () => {
        await intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).insert(dossier('D1')));
        await expectCode(
          intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).insert(dossier('D1', { status: 'other' }))),
          StorageErrorCodes.DUPLICATE_KEY,
        );
        expect(await readDossier('D1')).toEqual(dossier('D1'));
      });

      it('when a unique index value is taken, then insert, upsert and replace fail with STORAGE.DUPLICATE_KEY and nothing of the unit of work is written', async () => {
        const key = { dossierId: 'D1', template: 'received', channel: 'sms' };
        await intake.unitOfWork.run((tx) => tx.collection<Notification>(notifications).insert({ id: 'N1', ...key }));
        await intake.unitOfWork.run((tx) => tx.collection<Notification>(notifications).insert({ id: 'N2', ...key, channel: 'zalo' }));

        const attempts: ((tx: Tx) => Promise<void>)[] = [
          (tx) => tx.collection<Notification>(notifications).insert({ id: 'N3', ...key }),
          (tx) => tx.collection<Notification>(notifications).upsert({ id: 'N3', ...key }),
          (tx) => tx.collection<Notification>(notifications).replace({ id: 'N2', ...key }),
        ];
        for (const attempt of attempts) {
          await expectCode(
            intake.unitOfWork.run(async (tx) => {
              await tx.collection<Dossier>(dossiers).insert(dossier('written-before-the-clash'));
              await tx.publish('motcua.intake.events', envelope('D1'));
              await attempt(tx);
            }),
            StorageErrorCodes.DUPLICATE_KEY,
          );
        }
        const state = await intake.read(async (tx) => ({
          notifications: (await tx.collection<Notification>(notifications).find({})).map((n) => [n.id, n.channel]),
          dossiers: await tx.collection<Dossier>(dossiers).count({}),
        }));
        expect(state).toEqual({ notifications: [['N1', 'sms'], ['N2', 'zalo']], dossiers: 0 });
        expect(await intake.outbox.backlog()).toBe(0);
      });

      it('when a unique index is declared at start on documents that already share the value, then start-up fails with STORAGE.INVALID_SPEC naming it, and nothing changes', async () => {
        const codes: CollectionSpec = { name: 'codes' };
        await intake.unitOfWork.run(async (tx) => {
          await tx.collection(codes).insert({ id: 'A', code: 'PDN-1' } as Doc);
          await tx.collection(codes).insert({ id: 'B', code: 'PDN-1' } as Doc);
        });
        const unique: CollectionSpec = { name: 'codes', indexes: [{ fields: ['code'], unique: true }] };
        await expect(intake.ensureCollections([unique])).rejects.toMatchObject({ code: StorageErrorCodes.INVALID_SPEC, message: expect.stringMatching(/intake\.codes.*\(code\).*share values/) });
        expect(await intake.read((tx) => tx.collection(codes).count({ code: 'PDN-1' }))).toBe(2);
      });

      it('when a unit of work catches a duplicate key, then its other writes still commit', async () => {
        const key = { dossierId: 'D1', template: 'received', channel: 'sms' };
        await intake.unitOfWork.run((tx) => tx.collection<Notification>(notifications).insert({ id: 'N1', ...key }));
        const outcome = await intake.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).insert(dossier('D1'));
          try {
            await tx.collection<Notification>(notifications).insert({ id: 'N2', ...key });
            return 'inserted';
          } catch (error) {
            if ((error as { code?: string }).code !== StorageErrorCodes.DUPLICATE_KEY) throw error;
            await tx.collection<Dossier>(dossiers).replace(dossier('D1', { status: 'already-notified' }));
            return 'duplicate';
          }
        });
        expect(outcome).toBe('duplicate');
        expect((await readDossier('D1'))?.status).toBe('already-notified');
        expect(await intake.read((tx) => tx.collection(notifications).count({}))).toBe(1);
      });
    });

    describe('units of work', () => {
      it('when the work throws, then its documents, outbox rows, inbox marks and sequence steps are all rolled back', async () => {
        await intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).insert(dossier('D1')));
        const failure = new Error('rule broken half-way');
        await expect(
          intake.unitOfWork.run(async (tx) => {
            await tx.collection<Dossier>(dossiers).replace(dossier('D1', { status: 'changed' }));
            await tx.collection<Dossier>(dossiers).insert(dossier('D2'));
            await tx.publish('motcua.intake.events', envelope('D1'));
            expect(await tx.markHandled('processing', 'event-1')).toBe(true);
            expect(await tx.nextSequence('codes')).toBe(1);
            throw failure;
          }),
        ).rejects.toBe(failure);

        expect(await readDossier('D1')).toEqual(dossier('D1'));
        expect(await readDossier('D2')).toBeUndefined();
        expect(await intake.outbox.backlog()).toBe(0);
        expect(await intake.outbox.pending(10)).toEqual([]);
        const after = await intake.unitOfWork.run(async (tx) => [await tx.markHandled('processing', 'event-1'), await tx.nextSequence('codes')]);
        expect(after).toEqual([true, 1]);
      });

      it('when an event is marked handled again, then the mark returns false, within the same and in a later unit of work', async () => {
        const first = await intake.unitOfWork.run(async (tx) => [await tx.markHandled('g1', 'e1'), await tx.markHandled('g1', 'e1')]);
        expect(first).toEqual([true, false]);
        const later = await intake.unitOfWork.run(async (tx) => [await tx.markHandled('g1', 'e1'), await tx.markHandled('g2', 'e1'), await tx.markHandled('g1', 'e2')]);
        expect(later).toEqual([false, true, true]);
      });

      it('when the same event is handled by parallel units of work, then exactly one of them applies it', async () => {
        await intake.unitOfWork.run((tx) => tx.collection<Counter>(counters).insert({ id: 'applied', value: 0 }));
        await Promise.all(
          Array.from({ length: 8 }, () =>
            intake.unitOfWork.run(async (tx) => {
              if (!(await tx.markHandled('g1', 'redelivered-event'))) return;
              const counter = (await tx.collection<Counter>(counters).get('applied')) as Counter;
              await tx.collection<Counter>(counters).replace({ ...counter, value: counter.value + 1 });
            }),
          ),
        );
        expect(await intake.read((tx) => tx.collection<Counter>(counters).get('applied'))).toEqual({ id: 'applied', value: 1 });
      });

      it('when many units of work read-modify-write the same document in parallel, then no update is lost', async () => {
        await intake.unitOfWork.run((tx) => tx.collection<Counter>(counters).insert({ id: 'c', value: 0 }));
        const n = 20;
        await Promise.all(
          Array.from({ length: n }, () =>
            intake.unitOfWork.run(async (tx) => {
              const collection = tx.collection<Counter>(counters);
              const current = (await collection.get('c')) as Counter;
              // Yield between read and write, as real work does, so a store that interleaved would lose updates.
              await new Promise((resolve) => setImmediate(resolve));
              await collection.replace({ id: 'c', value: current.value + 1 });
            }),
          ),
        );
        expect(await intake.read((tx) => tx.collection<Counter>(counters).get('c'))).toEqual({ id: 'c', value: n });
      });

      it('when units of work write two documents together, then a reader never sees one without the other', async () => {
        const write = (version: number) =>
          intake.unitOfWork.run(async (tx) => {
            await tx.collection<Counter>(counters).upsert({ id: 'left', value: version });
            await new Promise((resolve) => setImmediate(resolve));
            await tx.collection<Counter>(counters).upsert({ id: 'right', value: version });
          });
        await write(0);
        const writers = Promise.all(Array.from({ length: 15 }, (_, i) => write(i + 1)));
        const torn: number[][] = [];
        let done = false;
        void writers.finally(() => (done = true));
        while (!done) {
          const values = await intake.read(async (tx) => (await tx.collection<Counter>(counters).find({ id: ['left', 'right'] })).map((c) => c.value));
          if (values[0] !== values[1]) torn.push(values);
          // Let the writers' timers run: reads resolve through microtasks alone and would starve them.
          await new Promise((resolve) => setImmediate(resolve));
        }
        await writers;
        expect(torn).toEqual([]);
      });

      it('when a unit of work has not committed yet, then read() does not see its writes', async () => {
        const written = gate();
        const release = gate();
        const running = intake.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).insert(dossier('D1'));
          await tx.publish('motcua.intake.events', envelope('D1'));
          written.open();
          await release.opened;
        });
        await written.opened;
        expect(await readDossier('D1')).toBeUndefined();
        expect(await intake.outbox.backlog()).toBe(0);
        release.open();
        await running;
        expect(await readDossier('D1')).toEqual(dossier('D1'));
        expect(await intake.outbox.backlog()).toBe(1);
      });

      it('when N units of work take the next number of a sequence in parallel, then they get 1..N, each once', async () => {
        const n = 25;
        const numbers = await Promise.all(Array.from({ length: n }, () => intake.unitOfWork.run((tx) => tx.nextSequence('dossier-code:C1:2025-03-01'))));
        expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(await intake.unitOfWork.run((tx) => tx.nextSequence('dossier-code:C2:2025-03-01'))).toBe(1);
      });

      it('when a unit of work is started inside another, then it fails with STORAGE.NESTED_UNIT_OF_WORK instead of hanging', async () => {
        await expectCode(
          intake.unitOfWork.run(() => intake.unitOfWork.run((tx) => tx.nextSequence('x'))),
          StorageErrorCodes.NESTED_UNIT_OF_WORK,
        );
        expect(await intake.unitOfWork.run((tx) => tx.nextSequence('x'))).toBe(1);
      });

      it('when the work leaves a store call running after it returns, then that call fails instead of writing outside the transaction', async () => {
        let late: Promise<void> | undefined;
        await intake.unitOfWork.run(async (tx) => {
          late = new Promise((resolve) => setTimeout(resolve, 1)).then(() => tx.collection<Dossier>(dossiers).insert(dossier('late')));
          late.catch(() => undefined);
          await Promise.resolve();
        });
        await expectCode(late as Promise<void>, StorageErrorCodes.UNIT_OF_WORK_ENDED);
        expect(await readDossier('late')).toBeUndefined();
      });
    });

    describe('outbox', () => {
      it('when events are queued, then pending returns them oldest first, limited, and markSent takes them off the backlog', async () => {
        const first = [envelope('D1'), envelope('D2'), envelope('D3')];
        const second = [envelope('D4'), envelope('D5')];
        await intake.unitOfWork.run(async (tx) => {
          for (const e of first) await tx.publish('motcua.intake.events', e);
        });
        await intake.unitOfWork.run(async (tx) => {
          for (const e of second) await tx.publish('motcua.intake.other', e);
        });

        expect(await intake.outbox.backlog()).toBe(5);
        const pending = await intake.outbox.pending(10);
        expect(pending.map((r) => r.envelope)).toEqual([...first, ...second]);
        expect(pending.map((r) => r.topic)).toEqual(['motcua.intake.events', 'motcua.intake.events', 'motcua.intake.events', 'motcua.intake.other', 'motcua.intake.other']);
        expect(new Set(pending.map((r) => r.id)).size).toBe(5);
        expect(pending.every((r) => !Number.isNaN(Date.parse(r.createdAt)))).toBe(true);
        expect((await intake.outbox.pending(2)).map((r) => r.envelope.id)).toEqual([first[0]?.id, first[1]?.id]);

        await intake.outbox.markSent(pending.slice(0, 2).map((r) => r.id));
        await intake.outbox.markSent(pending.slice(0, 2).map((r) => r.id));
        await intake.outbox.markSent([]);
        expect(await intake.outbox.backlog()).toBe(3);
        expect((await intake.outbox.pending(10)).map((r) => r.envelope.id)).toEqual([first[2]?.id, second[0]?.id, second[1]?.id]);

        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D6')));
        const ids = (await intake.outbox.pending(10)).map((r) => r.id);
        expect(ids[3]).toBeDefined();
        await intake.outbox.markSent(ids);
        expect(await intake.outbox.backlog()).toBe(0);
      });

      it('when a unit of work that queued events commits, then onCommit listeners run and the rows are already visible', async () => {
        const seen: number[] = [];
        const unsubscribe = intake.outbox.onCommit(() => {
          void intake.outbox.backlog().then((n) => seen.push(n));
        });
        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D1')));
        await waitFor(() => seen.length === 1, { what: 'the commit listener' });
        expect(seen).toEqual([1]);

        unsubscribe();
        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D2')));
        expect(seen).toEqual([1]);
      });

      it('when a unit of work queues nothing or rolls back, then onCommit listeners are not called', async () => {
        let calls = 0;
        const unsubscribe = intake.outbox.onCommit(() => (calls += 1));
        const throwingListener = intake.outbox.onCommit(() => {
          throw new Error('a broken listener does not fail the commit');
        });
        await intake.unitOfWork.run((tx) => tx.collection<Dossier>(dossiers).insert(dossier('D1')));
        await expect(
          intake.unitOfWork.run(async (tx) => {
            await tx.publish('motcua.intake.events', envelope('D1'));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect(calls).toBe(0);
        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D1')));
        expect(calls).toBe(1);
        unsubscribe();
        throwingListener();
      });

      it('when an envelope has no traceparent, then the active trace context is recorded; one that has it keeps it', async () => {
        const own = envelope('D1');
        const { traceId, bare } = await withSpan('submit dossier', {}, async (span) => {
          const bare = envelope('D2', { traceparent: undefined });
          delete bare.traceparent;
          await intake.unitOfWork.run(async (tx) => {
            await tx.publish('motcua.intake.events', own);
            await tx.publish('motcua.intake.events', bare);
          });
          return { traceId: span.spanContext().traceId, bare };
        });
        const [kept, filled] = await intake.outbox.pending(10);
        expect(kept?.envelope).toEqual(own);
        expect(filled?.envelope.id).toBe(bare.id);
        expect(traceIdOf(filled?.envelope.traceparent)).toBe(traceId);
      });
    });

    describe('services', () => {
      it('when two services use the same collection name, then their documents, outboxes, inboxes and sequences are separate', async () => {
        const processing = store.forService('processing');
        expect(store.forService('intake')).toBe(intake);
        await processing.ensureCollections([dossiers]);

        await intake.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).insert(dossier('D1', { status: 'intake' }));
          await tx.publish('motcua.intake.events', envelope('D1'));
          await tx.markHandled('g', 'e1');
          await tx.nextSequence('s');
        });
        const processingState = await processing.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).insert(dossier('D1', { status: 'processing' }));
          return { handled: await tx.markHandled('g', 'e1'), sequence: await tx.nextSequence('s') };
        });

        expect(processingState).toEqual({ handled: true, sequence: 1 });
        expect((await readDossier('D1'))?.status).toBe('intake');
        expect((await processing.read((tx) => tx.collection<Dossier>(dossiers).get('D1')))?.status).toBe('processing');
        expect(await intake.outbox.backlog()).toBe(1);
        expect(await processing.outbox.backlog()).toBe(0);

        let processingWoken = false;
        processing.outbox.onCommit(() => (processingWoken = true));
        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D2')));
        expect(processingWoken).toBe(false);
      });
    });

    describe('durability', () => {
      it('when the store is closed and reopened, then documents, outbox, inbox and sequences are still there', async () => {
        const queued = envelope('D1');
        await intake.unitOfWork.run(async (tx) => {
          await tx.collection<Dossier>(dossiers).insert(dossier('D1'));
          await tx.publish('motcua.intake.events', queued);
          await tx.markHandled('g', 'e1');
          await tx.nextSequence('s');
        });
        await store.close();

        store = await harness.open();
        intake = store.forService('intake');
        expect(await readDossier('D1')).toEqual(dossier('D1'));
        expect((await intake.outbox.pending(10)).map((r) => r.envelope)).toEqual([queued]);
        const state = await intake.unitOfWork.run(async (tx) => ({ handled: await tx.markHandled('g', 'e1'), sequence: await tx.nextSequence('s') }));
        expect(state).toEqual({ handled: false, sequence: 2 });
        await intake.unitOfWork.run((tx) => tx.publish('motcua.intake.events', envelope('D2')));
        const ids = (await intake.outbox.pending(10)).map((r) => r.id);
        expect(ids).toHaveLength(2);
        expect((await intake.outbox.pending(10))[0]?.envelope).toEqual(queued);
      });

      it('when the store is open, then health is ok; once closed, units of work fail with STORAGE.UNAVAILABLE', async () => {
        expect(await store.health()).toMatchObject({ ok: true });
        await store.close();
        await store.close();
        await expectCode(intake.unitOfWork.run((tx) => tx.nextSequence('s')), StorageErrorCodes.UNAVAILABLE);
        expect(await store.health()).toMatchObject({ ok: false });
        store = await harness.open();
      });
    });
  });
}
