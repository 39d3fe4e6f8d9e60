/**
 * Outages of what the services depend on: the SQLite store locked by another
 * connection (embedded edition, and one service's file in the Kafka shape), and the
 * Kafka broker stopped (the mock cluster's process paused, so it comes back on the
 * same ports). While it lasts `/readyz` says so; afterwards the dossier completes with
 * every step once. A step that ran out of retries during the outage is dead-lettered
 * and replayed by an ops officer. The SMS gateway outage is the notifier's component
 * test (services/notifier/test/component/kannel-sms.component.test.ts, "when Kannel is down").
 */
import Database from 'better-sqlite3';
import { officerHeaders, OPS_DESK, waitFor } from '@motcua/testing';
import { approve, birthRegistration, completedTimeline, expectCompleteJourney, get, handOver, post, sign, submit } from './support/journey';
import { availableEditions, startEdition, type RunningEdition } from './support/editions';
import type { ServiceName } from './support/service-process';

const OPS = 'hue-ops-1';

interface Readiness {
  status: string;
  checks: { name: string; ok: boolean; detail?: string }[];
}

async function readiness(edition: RunningEdition, service: ServiceName): Promise<{ status: number; body: Readiness }> {
  // The embedded bus waits for the lock on its thread: an answer may take seconds.
  const response = await fetch(`${edition.url(service)}/readyz`, { signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: (await response.json()) as Readiness };
}

const waitReady = (edition: RunningEdition, service: ServiceName, ready: boolean, check: string) =>
  waitFor(
    async () => {
      const answer = await readiness(edition, service);
      const failing = answer.body.checks.find((c) => !c.ok);
      return ready ? answer.status === 200 && answer.body : answer.status === 503 && failing?.name === check && answer.body;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `${service} /readyz ${ready ? 'ready' : `reporting ${check} down`}` },
  );

/** Another connection holding the file's write lock: every write of the services on it waits, then fails as retryable. */
function lockFile(file: string): { release(): void } {
  const db = new Database(file);
  db.exec('BEGIN EXCLUSIVE');
  return {
    release() {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

describe('outages in the embedded edition', () => {
  let edition: RunningEdition;

  beforeAll(async () => {
    edition = await startEdition('embedded');
  }, 120_000);

  afterAll(async () => {
    await edition?.stop();
  }, 60_000);

  it('when the SQLite file is locked by another connection, then /readyz reports the store down while it lasts and the dossier completes afterwards with every step once', async () => {
    const dossier = await submit(edition.url, birthRegistration('0911000222'));
    await approve(edition.url, dossier.id);
    await sign(edition.url, dossier.id);
    // Locked while the signature's events travel to return, the notifier and tracking.
    const lock = lockFile(edition.sqliteFile('tracking'));
    try {
      const down = await waitReady(edition, 'tracking', false, 'store');
      expect(down.checks.find((c) => c.name === 'store')?.detail).toMatch(/locked|busy|write transaction/i);
    } finally {
      lock.release();
    }
    await waitReady(edition, 'tracking', true, 'store');
    await handOver(edition.url, dossier.id);
    expectCompleteJourney(await completedTimeline(edition.url, dossier.code));
  }, 240_000);
});

const kafkaOnly = availableEditions().includes('kafka') ? describe : describe.skip;

kafkaOnly('outages in the six-process Kafka shape', () => {
  let edition: RunningEdition;

  beforeAll(async () => {
    // Few quick retries, so an outage outlasts them and the dead-letter path is taken.
    edition = await startEdition('kafka', { BUS_MAX_ATTEMPTS: '3' });
  }, 180_000);

  afterAll(async () => {
    await edition?.stop();
  }, 60_000);

  it('when return’s SQLite file is locked past its retries, then /readyz reports it, the signed result is dead-lettered with the reason, and replayed by an ops officer after the outage the dossier completes once', async () => {
    const dossier = await submit(edition.url, birthRegistration('0911000333'));
    await approve(edition.url, dossier.id);
    // Return keeps the applicant from the receipt: it must have read everything before its file is locked, or the receipt is dead-lettered too.
    await waitFor(
      async () => {
        const pipeline = (await (await fetch(`${edition.url('tracking')}/v1/ops/pipeline`, { headers: await officerHeaders(OPS_DESK) })).json()) as { consumerLag: { group: string; lag?: number }[] };
        const ofReturn = pipeline.consumerLag.filter((c) => c.group === 'return');
        return ofReturn.length > 0 && ofReturn.every((c) => c.lag === 0);
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'return caught up before its file is locked' },
    );
    const lock = lockFile(edition.sqliteFile('return'));
    let letter: { group: string; partition: number; offset: string; code?: string; reason?: string } | undefined;
    try {
      await waitReady(edition, 'return', false, 'store');
      await sign(edition.url, dossier.id);
      letter = await waitFor(
        async () => {
          const listed = await fetch(`${edition.url('tracking')}/v1/dead-letters?status=pending&group=return`, { headers: await officerHeaders(OPS) });
          const body = (await listed.json()) as { items: { group: string; partition: number; offset: string; code?: string; reason?: string; event?: { dossierId?: string; type?: string } }[] };
          return body.items.find((l) => l.event?.dossierId === dossier.id && l.event.type?.endsWith('.DocumentSigned.v1'));
        },
        { timeoutMs: 120_000, intervalMs: 1000, what: 'the signed result dead-lettered by return' },
      );
    } finally {
      lock.release();
    }
    expect(letter.code).toBe('BUS.RETRIES_EXHAUSTED');
    expect(letter.reason).toMatch(/STORAGE.UNAVAILABLE/);
    await waitReady(edition, 'return', true, 'store');

    const replay = await post(`${edition.url('tracking')}/v1/dead-letters/${letter.group}/${letter.partition}/${letter.offset}/replay`, {}, OPS);
    expect(replay.status).toBe(200);
    await handOver(edition.url, dossier.id);
    expectCompleteJourney(await completedTimeline(edition.url, dossier.code));
  }, 300_000);

  it('when the broker stops answering, then /readyz reports the bus down, a dossier submitted meanwhile waits in the outbox, and once it is back the dossier completes once', async () => {
    const mock = edition.mock;
    if (!mock) return; // A real broker cannot be paused from here; the mock cluster's process can.
    process.kill(mock.pid, 'SIGSTOP');
    let dossier;
    try {
      await waitReady(edition, 'intake', false, 'bus');
      // Intake commits the dossier and its event to the outbox: the counter keeps working.
      dossier = await submit(edition.url, birthRegistration('0911000444'));
    } finally {
      process.kill(mock.pid, 'SIGCONT');
    }
    for (const service of ['intake', 'processing', 'tracking'] as const) await waitReady(edition, service, true, 'bus');
    await approve(edition.url, dossier.id);
    await sign(edition.url, dossier.id);
    await handOver(edition.url, dossier.id);
    expectCompleteJourney(await completedTimeline(edition.url, dossier.code));
    const notifications = await get<{ items: { template: string }[] }>(`${edition.url('notifier')}/v1/notifications?dossierId=${dossier.id}`);
    expect(notifications.body.items.map((n) => n.template).sort()).toEqual(['receipt', 'result_ready', 'returned']);
  }, 300_000);
});
