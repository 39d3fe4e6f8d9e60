/**
 * `Idempotency-Key` on intake's POST /v1/dossiers, in-process on the embedded
 * edition's real peers (a SQLite file as store and event log): a retried submission
 * stores one dossier and gets the first answer again, whatever the timing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger, shutdownTracing, startTracing } from '@motcua/observability';
import { IdempotencyKeysCollection, idempotencyScope, requestBodyHash, startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { testAuth, type TestAuth } from '@motcua/testing';
import { intakeModule } from '../../src/intake.module';
import { birthRegistrationBody } from '../support/birth-registration.fixture';

const dossier = birthRegistrationBody;

const HOUR_MS = 3_600_000;

describe('Idempotency-Key on intake POST /v1/dossiers', () => {
  let store: Store;
  let bus: EventBus;
  let intake: RunningService;
  // The service's clock: moving it forward expires keys without sleeping.
  let auth: TestAuth;
  let clockOffsetMs = 0;
  let keySeq = 0;
  const logger = createLogger({ service: 'intake', level: 'silent' });

  beforeAll(async () => {
    startTracing({ serviceName: 'intake-idempotency-component', instrument: false });
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-idem-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    auth = await testAuth(store);
    intake = await startService(intakeModule, {
      store,
      bus,
      logger,
      auth: auth.authenticator,
      port: 0,
      outboxPollMs: 50,
      idempotencyTtlHours: 24,
      clock: () => new Date(Date.now() + clockOffsetMs),
    });
  });

  afterAll(async () => {
    await intake.stop();
    await bus.close();
    await store.close();
    await shutdownTracing();
  });

  afterEach(() => {
    clockOffsetMs = 0;
  });

  /** The idempotency scope of the test portal's key (its integrator). */
  const PORTAL = 'integrator:test-portal';
  const newKey = () => `key-${process.pid}-${++keySeq}`;
  const post = async (body: unknown, key?: string, as?: Record<string, string>) =>
    fetch(`${intake.url}/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ?? (await auth.integratorHeaders())), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
  const countDossiers = () => store.forService('intake').read((tx) => tx.collection({ name: 'dossiers' }).count({}));

  it('when the same key and body are sent twice, then one dossier is stored and the second answer is the first, marked replayed', async () => {
    const key = newKey();
    const before = await countDossiers();
    const first = await post(dossier, key);
    const firstBody = await first.text();
    const second = await post(dossier, key);

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await countDossiers()).toBe(before + 1);
  });

  it('when the same body is sent with its keys in another order, then it is the same request and is replayed', async () => {
    const key = newKey();
    const first = await post(dossier, key);
    const { returnChannel, documents, applicant, centreId, procedureCode } = dossier;
    const second = await post({ returnChannel, documents, applicant, centreId, procedureCode }, key);
    expect(second.status).toBe(first.status);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('when the same key comes with a different body, then it answers 422 REQUEST.IDEMPOTENCY_KEY_REUSED and stores nothing new', async () => {
    const key = newKey();
    await post(dossier, key);
    const before = await countDossiers();
    const response = await post({ ...dossier, applicant: { ...dossier.applicant, fullName: 'Lê Văn Cường' } }, key);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    expect(await countDossiers()).toBe(before);
  });

  it('when no key is sent, then two identical submissions store two dossiers', async () => {
    const before = await countDossiers();
    const [a, b] = [await post(dossier), await post(dossier)];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(await countDossiers()).toBe(before + 2);
  });

  it.each([
    ['too long', 'k'.repeat(256)],
    ['with a space inside', 'two words'],
    ['with non-ASCII characters', 'khóa'],
  ])('when the key is %s, then it answers 400 REQUEST.IDEMPOTENCY_KEY_INVALID and stores nothing', async (_what, key) => {
    const before = await countDossiers();
    // fetch refuses non-Latin-1 header values, so send the UTF-8 bytes as Latin-1 the way a raw client would.
    const response = await post(dossier, Buffer.from(key, 'utf8').toString('latin1'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('REQUEST.IDEMPOTENCY_KEY_INVALID');
    expect(await countDossiers()).toBe(before);
  });

  it('when a refused submission (422 missing documents) is retried with its key, then the same 422 is replayed', async () => {
    const key = newKey();
    const incomplete = { ...dossier, documents: [{ code: 'TK_KS', name: 'Tờ khai' }] };
    const first = await post(incomplete, key);
    const firstBody = await first.text();
    const second = await post(incomplete, key);
    expect(first.status).toBe(422);
    expect((JSON.parse(firstBody) as { code: string }).code).toBe('INTAKE.MISSING_DOCUMENTS');
    expect(second.status).toBe(422);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await second.text()).toBe(firstBody);
  });

  it('when ten requests with one key arrive together, then exactly one dossier is stored and each answer is the 201, its replay or 409 IN_PROGRESS', async () => {
    const key = newKey();
    const before = await countDossiers();
    // Which of replay or 409 the others get depends on timing (on SQLite the first often finishes
    // before the next is read); the 409 itself is pinned by the crashed-request test below.
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(dossier, key)));
    const answers = await Promise.all(
      responses.map(async (r) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed'), retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { id?: string; code?: string } })),
    );

    expect(await countDossiers()).toBe(before + 1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.filter((a) => a.replayed === null)).toHaveLength(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused).toMatchObject({ status: 409, retryAfter: '1', body: { code: 'REQUEST.IDEMPOTENCY_KEY_IN_PROGRESS' } });
    }
  });

  it('when the key has expired, then the same key and body are a new request and store a new dossier', async () => {
    const key = newKey();
    const first = await post(dossier, key);
    const before = await countDossiers();
    clockOffsetMs = 24 * HOUR_MS + 1000;
    const second = await post(dossier, key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(((await second.json()) as { id: string }).id).not.toBe(((await first.json()) as { id: string }).id);
    expect(await countDossiers()).toBe(before + 1);

    // The renewed key is remembered from its new start.
    const third = await post(dossier, key);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
  });

  it('when the request holding a key is still in progress, then a retry gets 409 with Retry-After; once it is stale (the process died), a retry takes the key over and runs', async () => {
    const key = newKey();
    const startedAt = new Date();
    await store.forService('intake').unitOfWork.run((tx) =>
      tx.collection<{ id: string } & Record<string, unknown>>(IdempotencyKeysCollection).insert({
        id: `crashed-${key}`,
        scope: idempotencyScope({ principal: PORTAL, method: 'POST', path: '/v1/dossiers', key }),
        requestHash: requestBodyHash(dossier),
        state: 'in_progress',
        startedAt: startedAt.toISOString(),
        expiresAt: new Date(startedAt.getTime() + 24 * HOUR_MS).toISOString(),
      }),
    );
    const waiting = await post(dossier, key);
    expect(waiting.status).toBe(409);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(((await waiting.json()) as { code: string }).code).toBe('REQUEST.IDEMPOTENCY_KEY_IN_PROGRESS');

    clockOffsetMs = 61_000;
    const before = await countDossiers();
    const retry = await post(dossier, key);
    expect(retry.status).toBe(201);
    expect(await countDossiers()).toBe(before + 1);
  });

  it('when the process died after the submission committed but before its answer was recorded, then the retry taking the stale key over answers the same dossier and opens no second one', async () => {
    const key = newKey();
    const first = await post(dossier, key);
    expect(first.status).toBe(201);
    const taken = (await first.json()) as { id: string; code: string };
    const before = await countDossiers();
    // What kill -9 between the use case's commit and the answer's record leaves: the key still in progress, no answer.
    const scope = idempotencyScope({ principal: PORTAL, method: 'POST', path: '/v1/dossiers', key });
    await store.forService('intake').unitOfWork.run(async (tx) => {
      const keys = tx.collection<{ id: string; scope: string; state: string; response?: unknown } & Record<string, unknown>>(IdempotencyKeysCollection);
      const record = await keys.findOne({ scope });
      const { response: _answer, ...unanswered } = record as NonNullable<typeof record>;
      await keys.replace({ ...unanswered, state: 'in_progress' });
    });

    // …and the first retry taking it over died too, before doing anything.
    clockOffsetMs = 61_000;
    await store.forService('intake').unitOfWork.run(async (tx) => {
      const keys = tx.collection<{ id: string; scope: string } & Record<string, unknown>>(IdempotencyKeysCollection);
      const record = (await keys.findOne({ scope })) as NonNullable<Awaited<ReturnType<typeof keys.findOne>>>;
      await keys.replace({ ...record, startedAt: new Date(Date.now() + clockOffsetMs).toISOString(), since: record['startedAt'] });
    });

    clockOffsetMs = 122_000;
    const retry = await post(dossier, key);
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { id: string; code: string }).id).toBe(taken.id);
    expect(await countDossiers()).toBe(before);
  });

  it('when two integrators choose the same key, then each gets its own dossier and never the other\'s answer', async () => {
    const key = newKey();
    const other = await auth.apiKeys.create({ integratorId: 'other-portal', name: 'another integrator', centres: 'all', operations: ['dossiers:write'] });
    const before = await countDossiers();
    const mine = await post(dossier, key);
    const theirs = await post(dossier, key, { 'x-api-key': other.key });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(((await theirs.json()) as { id: string }).id).not.toBe(((await mine.json()) as { id: string }).id);
    expect(await countDossiers()).toBe(before + 2);
  });

  it('when the same key is used on another route, then it is a separate key there', async () => {
    const key = newKey();
    await post(dossier, key);
    const response = await fetch(`${intake.url}/v1/no-such-route`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
  });
});
