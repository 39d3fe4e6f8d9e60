/**
 * The storage contract against MongoDB. Needs a replica set (MONGO_URL, or a
 * testcontainers replica set when Docker runs); without one the contract is skipped
 * with a line naming the missing peer, and only the connection failure is checked.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { StorageErrorCodes, createMongoStore } from '@motcua/storage';
import { describeWithPeer, mongoPeer } from '@motcua/testing';
import { describeStoreContract, type StoreHarness } from './store.contract';

async function dropDatabases(url: string, prefix: string): Promise<void> {
  const connection = await mongoose.createConnection(url).asPromise();
  try {
    const admin = connection.db?.admin();
    const { databases } = (await admin?.listDatabases({ nameOnly: true })) ?? { databases: [] };
    for (const { name } of databases) {
      if (name.startsWith(prefix)) await connection.useDb(name).db?.dropDatabase();
    }
  } finally {
    await connection.close();
  }
}

function mongoHarness(url: string): StoreHarness {
  // A prefix per test: its databases are this test's alone, and dropped after it.
  const dbPrefix = `test_${randomUUID().slice(0, 8)}_`;
  return {
    open: () => createMongoStore({ url, dbPrefix }),
    dispose: () => dropDatabases(url, dbPrefix),
  };
}

describe('MongoDB store without a server', () => {
  it('when MongoDB cannot be reached, then opening fails with STORAGE.UNAVAILABLE and no credentials in the message', async () => {
    const opening = createMongoStore({ url: 'mongodb://officer:secret@127.0.0.1:9/motcua', serverSelectionTimeoutMs: 300 });
    await expect(opening).rejects.toMatchObject({ code: StorageErrorCodes.UNAVAILABLE, retryable: true });
    await expect(opening).rejects.toThrow(/mongodb:\/\/\*\*\*@127\.0\.0\.1:9/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

describeWithPeer(mongoPeer(), 'MongoDB store (peer: a MongoDB replica set)', (peer) => {
  describeStoreContract('MongoDB store', () => mongoHarness(peer.url));
});
