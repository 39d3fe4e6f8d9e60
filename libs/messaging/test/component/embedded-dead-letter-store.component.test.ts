import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@motcua/observability';
import { createEmbeddedDeadLetterStore, createEmbeddedEventBus } from '../../src';
import { deadLetterStoreContract } from './dead-letter-store.contract';

const logger = createLogger({ service: 'messaging-test', level: process.env['LOG_LEVEL'] ?? 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'motcua-dead-letters-'));
const file = join(dir, 'motcua.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

deadLetterStoreContract('embedded', () => ({
  createBus: () => createEmbeddedEventBus({ path: file, logger, pollIntervalMs: 50 }),
  createStore: () => createEmbeddedDeadLetterStore({ path: file }),
  timeoutMs: 10_000,
}));

describe('embedded dead-letter store before anything was published', () => {
  it('when the log file does not exist yet, then there are no groups and no letters, and no file is created', async () => {
    const missing = join(dir, 'not-yet.db');
    const store = createEmbeddedDeadLetterStore({ path: missing });
    expect(await store.groups()).toEqual([]);
    expect(await store.list('tracking')).toEqual([]);
    await store.close();
  });
});
