/**
 * The embedded edition started the way `npm start` starts it (bin/motcua.js start):
 * all six services in one process on one SQLite file that is both store and event log.
 */
import { join } from 'node:path';
import { encodeEvent, createEvent } from '@motcua/contracts';
import { createEmbeddedEventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { embeddedProcess, tempDir, type ManagedProcess } from './support/service-process';
import { approve, birthRegistration, completedTimeline, expectCompleteJourney, get, handOver, runJourney, sign, submit } from './support/journey';
import { sqliteDeadLetters } from './support/dead-letters';

describe('journey through the embedded edition', () => {
  let dataDir: string;
  let motcua: ManagedProcess;
  const url = (service: Parameters<ManagedProcess['url']>[0]) => motcua.url(service);
  const all = ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'];

  beforeAll(async () => {
    dataDir = tempDir('embedded');
    motcua = embeddedProcess(dataDir);
    await motcua.start(all);
  }, 60_000);

  afterAll(async () => {
    await motcua?.stop();
  }, 30_000);

  it('when a dossier is submitted, approved, signed and handed over, then tracking shows every step in order in one trace', async () => {
    const { dossier, timeline } = await runJourney(url);
    expectCompleteJourney(timeline);
    const status = await get<{ status: string; appointmentAt: string }>(`${url('tracking')}/v1/dossiers/${dossier.code}`);
    expect(status.body.status).toBe('RETURNED');
    expect(status.body.appointmentAt).toBe(dossier.appointmentAt);
  }, 120_000);

  it('when a malformed event is written to the event log, then it is dead-lettered with its reason and consumption goes on', async () => {
    const bus = await createEmbeddedEventBus({ path: join(dataDir, 'motcua.db'), logger: createLogger({ service: 'e2e', level: 'silent' }) });
    const valid = encodeEvent(
      createEvent({
        name: 'DossierWithdrawn',
        data: { dossierId: 'poison-2', dossierCode: 'PDN-000000-0000', centreId: 'hue-phong-dien', reason: 'test', withdrawnAt: new Date().toISOString() },
      }),
    );
    // Right headers, wrong body: the schema check must catch it.
    await bus.publishRaw('motcua.intake.v1', [{ ...valid, value: Buffer.from(JSON.stringify({ dossierId: 'poison-2', unexpected: true })) }]);
    await bus.close();

    const letter = await waitFor(() => sqliteDeadLetters(join(dataDir, 'motcua.db'), 'motcua.dlq.tracking').find((m) => m.key === 'poison-2'), {
      timeoutMs: 30_000,
      what: 'the dead letter in motcua.dlq.tracking',
    });
    expect(letter.headers['motcua_dlq_code']).toBe('CONTRACT.INVALID_EVENT');
    expect(letter.headers['motcua_dlq_reason']).toMatch(/does not match/);
    expect(letter.headers['motcua_dlq_original_topic']).toBe('motcua.intake.v1');

    const { timeline } = await runJourney(url);
    expectCompleteJourney(timeline);
  }, 120_000);

  it('when the process is killed mid-journey and started again, then the dossier completes once and earlier data is still there', async () => {
    const first = await submit(url, birthRegistration('0987654321'));
    await approve(url, first.id);
    await motcua.kill();
    await motcua.start(all);
    const again = await get<{ code: string }>(`${url('intake')}/v1/dossiers/${first.id}`);
    expect(again.body.code).toBe(first.code);
    await sign(url, first.id);
    await handOver(url, first.id);
    expectCompleteJourney(await completedTimeline(url, first.code));
  }, 120_000);

  it('when stopped with SIGTERM, then it exits cleanly', async () => {
    expect(await motcua.stop()).toBe(0);
    await motcua.start(all);
  }, 60_000);
});
