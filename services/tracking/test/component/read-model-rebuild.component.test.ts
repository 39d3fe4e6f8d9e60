/**
 * `motcua tracking rebuild` on the embedded edition's real peers (one SQLite file as
 * store and event log), with tracking running live: events of several dossiers come
 * out of order across topics, the live read model is snapshotted, and the rebuild
 * (a new consumer group from the beginning of every topic, into an empty copy, then
 * swapped in) ends with a read model deep-equal to it — nothing ignored.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type ServiceStore, type Store } from '@motcua/storage';
import { dossierReceived, waitFor, testAuth } from '@motcua/testing';
import { viewsIn } from '../../src/data-access/tracking.store';
import type { DossierView } from '../../src/domain/dossier-view.entity';
import { rebuildReadModel } from '../../src/entry-points/messaging/read-model.rebuild';
import { trackingModule } from '../../src/tracking.module';

const centreId = 'hue-phong-dien';
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour));
const traceparent = (n: number) => `00-${String(n).padStart(32, 'a')}-00f067aa0ba902b7-01`;

/** Dossier n: received, sent by courier, arrived, assigned, then a supplement asked, given, and the appointment extended. */
function lifeOf(n: number): { topic: string; envelope: EventEnvelope }[] {
  const ids = { dossierId: `dossier-${n}`, dossierCode: `PDN-261120-000${n}`, centreId };
  const intake = (envelope: EventEnvelope) => ({ topic: Topics.intake, envelope });
  const processing = (envelope: EventEnvelope) => ({ topic: Topics.processing, envelope });
  const notifier = (envelope: EventEnvelope) => ({ topic: Topics.notifier, envelope });
  const doc = [{ code: 'GCS', name: 'Giấy chứng sinh' }];
  return [
    intake(dossierReceived({ ...ids, receptionPointId: 'pdn-phong-my', viaSatellite: true, receivedAt: at(20, 1).toISOString(), appointmentAt: at(23, 8).toISOString() }, { time: at(20, 1), traceparent: traceparent(n) })),
    intake(createEvent({ name: 'DossierInTransit', time: at(20, 3), data: { ...ids, receptionPointId: 'pdn-phong-my', departedAt: at(20, 3).toISOString() } })),
    intake(createEvent({ name: 'DossierArrived', time: at(20, 4), data: { ...ids, receptionPointId: 'pdn-main', arrivedAt: at(20, 4).toISOString() } })),
    processing(createEvent({ name: 'DossierAssigned', time: at(20, 5), data: { ...ids, workItemId: `w-${n}`, assignedAt: at(20, 5).toISOString() } })),
    processing(createEvent({ name: 'SupplementRequested', time: at(21, 2), data: { ...ids, workItemId: `w-${n}`, reason: 'Thiếu giấy chứng sinh', requestedDocuments: doc, requestedAt: at(21, 2).toISOString() } })),
    notifier(createEvent({ name: 'NotificationFailed', time: at(21, 3), data: { ...ids, notificationId: `sms-${n}`, failure: 'temporary', reason: 'gateway timeout', failedAt: at(21, 3).toISOString() } })),
    intake(createEvent({ name: 'SupplementProvided', time: at(22, 2), data: { ...ids, documents: doc, providedAt: at(22, 2).toISOString() } })),
    processing(
      createEvent({
        name: 'DossierExtended',
        time: at(23, 9),
        data: { ...ids, workItemId: `w-${n}`, previousAppointmentAt: at(23, 8).toISOString(), newAppointmentAt: at(25, 8).toISOString(), reason: 'Cần xác minh thêm' },
      }),
    ),
  ];
}

const allViews = (store: ServiceStore) => store.read((tx) => viewsIn(tx).find({}, { sort: [{ field: 'id', direction: 'asc' }] }));

describe('tracking read model rebuild on the embedded edition', () => {
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  let trackingStore: ServiceStore;
  const logger = createLogger({ service: 'tracking', level: 'silent' });
  const events = [1, 2, 3].flatMap(lifeOf);
  let live: DossierView[];

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-rebuild-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    trackingStore = store.forService('tracking');
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50 });

    // Out of order across topics: the processing and notifier steps are published before intake's.
    const byTopic = (topic: string) => events.filter((e) => e.topic === topic).reverse();
    await bus.publish(byTopic(Topics.processing));
    await bus.publish(byTopic(Topics.notifier));
    await bus.publish(byTopic(Topics.intake));
    await waitFor(async () => {
      const views = await allViews(trackingStore);
      return views.length === 3 && views.every((v) => v.timeline.length === 8) ? views : undefined;
    });
    live = await allViews(trackingStore);
  });

  afterAll(async () => {
    await tracking?.stop();
    await bus?.close();
    await store?.close();
  });

  it('when the topics were projected live out of order, then every view holds the full lifecycle', () => {
    expect(live.map((v) => [v.code, v.status, v.flags.extended, v.receptionPointId, v.submissionChannel, v.appointmentAt])).toEqual(
      [1, 2, 3].map((n) => [`PDN-261120-000${n}`, 'IN_PROCESSING', true, 'pdn-phong-my', 'counter', at(25, 8).toISOString()]),
    );
  });

  it('when the read model is rebuilt, then it ends identical to the live one and the report counts every event', async () => {
    const report = await rebuildReadModel({ store: trackingStore, bus, quietMs: 300, timeoutMs: 20_000 });
    expect(await allViews(trackingStore)).toEqual(live);
    expect(report).toMatchObject({ eventsRead: events.length, eventsProjected: events.length, before: 3, after: 3, changed: 0, added: 0, removed: 0, lateSteps: 0, missing: 0 });
    expect(report.groupId).toMatch(/^tracking-rebuild-\d+$/);
  });

  it('when views were lost or damaged, then the rebuild restores them exactly', async () => {
    await trackingStore.unitOfWork.run(async (tx) => {
      const views = viewsIn(tx);
      await views.delete('dossier-1');
      const damaged = (await views.get('dossier-2')) as DossierView;
      await views.upsert({ ...damaged, status: 'RETURNED', timeline: damaged.timeline.slice(0, 2) });
    });
    const report = await rebuildReadModel({ store: trackingStore, bus, quietMs: 300, timeoutMs: 20_000 });
    expect(await allViews(trackingStore)).toEqual(live);
    expect(report).toMatchObject({ before: 2, after: 3, changed: 1, added: 1, removed: 0 });
  });

  it('when a view holds a step the topics do not have, then the rebuild refuses and changes nothing, unless forced', async () => {
    const stray = { ...(live[2] as DossierView) };
    stray.timeline = [...stray.timeline, { ...(stray.timeline[0] as DossierView['timeline'][number]), eventId: 'not-in-any-topic', name: 'NotificationFailed' }];
    await trackingStore.unitOfWork.run((tx) => viewsIn(tx).upsert(stray));
    await expect(rebuildReadModel({ store: trackingStore, bus, quietMs: 100, timeoutMs: 1_500 })).rejects.toThrow(/1 event\(s\) of the read model did not come back/);
    expect((await allViews(trackingStore))[2]).toEqual(stray);

    const report = await rebuildReadModel({ store: trackingStore, bus, quietMs: 100, timeoutMs: 1_500, force: true });
    expect(report).toMatchObject({ missing: 1, changed: 1 });
    expect(await allViews(trackingStore)).toEqual(live);
  });

  it('when events keep arriving while the rebuild runs, then the live projection takes them in and nothing is lost', async () => {
    const more = lifeOf(4);
    const rebuilding = rebuildReadModel({ store: trackingStore, bus, quietMs: 500, timeoutMs: 20_000 });
    await bus.publish(more);
    await rebuilding;
    await waitFor(async () => ((await allViews(trackingStore)).find((v) => v.id === 'dossier-4')?.timeline.length === 8 ? true : undefined));
    const views = await allViews(trackingStore);
    expect(views.slice(0, 3)).toEqual(live);
    const rebuiltAgain = await rebuildReadModel({ store: trackingStore, bus, quietMs: 300, timeoutMs: 20_000 });
    expect(rebuiltAgain).toMatchObject({ changed: 0, added: 0, removed: 0 });
    expect(await allViews(trackingStore)).toEqual(views);
  });
});
