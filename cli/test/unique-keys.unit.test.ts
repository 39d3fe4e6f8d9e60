/**
 * The unique keys that make effects happen once (DESIGN.md §7) are declared on the
 * collections each service host creates at start (startService → ensureCollections,
 * before any consumer or route runs), so MongoDB and SQLite build them before the first
 * write. That the stores enforce declared unique indexes, and the inbox's
 * (group, event id), is the storage contract's job (libs/storage/test/component).
 */
import { IdempotencyKeysCollection } from '@motcua/runtime';
import type { CollectionSpec } from '@motcua/storage';
import { modules } from '../src/embedded';

function uniqueKeys(collections: CollectionSpec[]): string[] {
  return collections.flatMap((c) => (c.indexes ?? []).filter((i) => i.unique).map((i) => `${c.name}(${i.fields.join(',')})`));
}

const collectionsOf = (name: string): CollectionSpec[] => modules.find((m) => m.name === name)?.collections ?? [];

describe('unique keys created at service start', () => {
  it.each([
    ['intake', 'dossiers(code)', 'a dossier code is given once'],
    ['processing', 'work_items(dossierId)', 'one work item per dossier'],
    ['return', 'results(dossierId)', 'one result delivery per dossier'],
    ['notifier', 'notifications(key)', 'one SMS per dossier, template and channel, inserted before the provider is called'],
    ['notifier', 'sms_log(reference)', 'the log provider records a message once'],
  ])('when %s starts, then %s is a unique key (%s)', (service, key) => {
    expect(uniqueKeys(collectionsOf(service))).toContain(key);
  });

  it('when any service starts, then its Idempotency-Key records are unique per scope', () => {
    expect(uniqueKeys([IdempotencyKeysCollection])).toEqual(['idempotency_keys(scope)']);
  });

});
