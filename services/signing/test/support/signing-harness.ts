/**
 * signing in-process on SQLite and the embedded bus, in a fresh data directory (so
 * the local CA and the leaders' PKCS#12 files are made on start), with a helper that
 * brings one dossier up to a pending signature request.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, topicOfType, Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus, type Subscription } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, OPS_DESK, testAuth, waitFor } from '@motcua/testing';
import { signingModule } from '../../src/signing.module';

export interface SigningHarness {
  signing: RunningService;
  bus: EventBus;
  dataDir: string;
  published: EventEnvelope[];
  /** Sends DossierReceived and ResultDrafted for a dossier of hue-phong-dien and returns the pending request's id. */
  pendingRequest(dossier: { dossierId: string; dossierCode: string; centreId?: string; applicant?: string }): Promise<string>;
  stop(): Promise<void>;
}

export const RESULT = {
  title: 'Trích lục khai sinh',
  body: 'Ủy ban nhân dân phường Phong Điền xác nhận đã đăng ký khai sinh cho con của bà Trần Thị Bình theo quy định của Luật Hộ tịch.',
};

export async function startSigningHarness(options: { now: () => Date; env?: Record<string, string> }): Promise<SigningHarness> {
  const savedEnv = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-signing-'));
  process.env['MOTCUA_DATA_DIR'] = dataDir;
  process.env['MOTCUA_STORE'] = 'sqlite';
  process.env['SIGNING_PUBLIC_URL'] = 'https://motcua.example.vn';
  Object.assign(process.env, options.env ?? {});
  const logger = createLogger({ service: 'signing', level: 'silent' });
  const file = join(dataDir, 'motcua.db');
  const store: Store = await createSqliteStore({ path: file });
  const bus = await createEmbeddedEventBus({ path: file, logger });
  const auth = await testAuth(store);
  const signing = await startService(signingModule, { store, bus, logger, auth: auth.authenticator, port: 0, outboxPollMs: 50, clock: options.now });
  const published: EventEnvelope[] = [];
  const probe: Subscription = await bus.subscribe({ groupId: `probe-${process.pid}-${Date.now()}`, topics: [Topics.signing] }, async (event) => {
    published.push(event.envelope);
  });

  return {
    signing,
    bus,
    dataDir,
    published,
    async pendingRequest(dossier) {
      const ref = { dossierId: dossier.dossierId, dossierCode: dossier.dossierCode, centreId: dossier.centreId ?? 'hue-phong-dien' };
      const received = dossierReceived({ ...ref, applicant: { fullName: dossier.applicant ?? 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' } });
      const drafted = createEvent({
        name: 'ResultDrafted',
        data: { ...ref, workItemId: `w-${dossier.dossierId}`, procedureCode: '1.001193', result: RESULT, returnChannel: { type: 'electronic' }, draftedAt: options.now().toISOString() },
      });
      await bus.publish([
        { topic: topicOfType(received.type), envelope: received },
        { topic: topicOfType(drafted.type), envelope: drafted },
      ]);
      const request = await waitFor(
        async () => ((await (await fetch(`${signing.url}/v1/signature-requests?dossierId=${ref.dossierId}&status=pending`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { id: string }[] }).items[0],
        { what: `the signature request of ${ref.dossierId}` },
      );
      return request.id;
    },
    async stop() {
      await probe.stop();
      await signing.stop();
      await bus.close();
      await store.close();
      process.env = savedEnv;
    },
  };
}

export async function sign(url: string, requestId: string, officer: string | undefined, body: unknown = {}): Promise<Response> {
  return fetch(`${url}/v1/signature-requests/${requestId}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(officer ? await officerHeaders(officer) : {}) },
    body: JSON.stringify(body),
  });
}
