import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeys, ApiKeysCollection, AUTH_STORE_NAME } from '@motcua/auth';
import { createSqliteStore, type Store } from '@motcua/storage';
import { serviceCredential, ServiceCredentialsCollection } from '@motcua/runtime';

describe("a service's own API key", () => {
  let store: Store;
  let keys: ApiKeys;
  const spec = { integratorId: 'motcua-tracking', name: 'tracking', centres: 'all' as const, operations: ['dossiers:read' as const] };

  beforeAll(async () => {
    store = await createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'motcua-credential-')), 'motcua.db') });
    await store.forService(AUTH_STORE_NAME).ensureCollections([ApiKeysCollection]);
    await store.forService('tracking').ensureCollections([ServiceCredentialsCollection]);
    keys = new ApiKeys(store.forService(AUTH_STORE_NAME));
  });
  afterAll(() => store?.close());

  it('when the service first needs it, then a key is created once and kept: a restart (a new instance) uses the same', async () => {
    const first = await serviceCredential(store.forService('tracking'), keys, spec).key();
    expect(await keys.verify(first)).toMatchObject({ integratorId: 'motcua-tracking', centres: 'all', operations: ['dossiers:read'] });
    expect(await serviceCredential(store.forService('tracking'), keys, spec).key()).toBe(first);
    expect((await keys.list({ integratorId: 'motcua-tracking' })).length).toBe(1);
  });

  it('when two replicas start at once, then they end up with one key and the other is revoked', async () => {
    const other = { ...spec, integratorId: 'motcua-tracking-2' };
    const [a, b] = await Promise.all([serviceCredential(store.forService('tracking'), keys, other).key(), serviceCredential(store.forService('tracking'), keys, other).key()]);
    expect(a).toBe(b);
    const listed = await keys.list({ integratorId: 'motcua-tracking-2' });
    expect(listed.filter((k) => !k.revokedAt)).toHaveLength(1);
  });

  it('when ops revoke the key and the other service refuses it, then the next call gets a new one', async () => {
    const credential = serviceCredential(store.forService('tracking'), keys, spec);
    const before = await credential.key();
    const { keyId } = await keys.verify(before);
    await keys.revoke(keyId);
    credential.refused();
    const after = await credential.key();
    expect(after).not.toBe(before);
    expect(await keys.verify(after)).toMatchObject({ integratorId: 'motcua-tracking' });
  });
});
