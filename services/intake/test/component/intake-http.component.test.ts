/**
 * intake in-process on the embedded edition's real peers (a SQLite file as store and
 * event log): what integrators see over HTTP, and that a refused dossier changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger, shutdownTracing, startTracing } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { testAuth, waitFor, type TestAuth } from '@motcua/testing';
import { intakeModule } from '../../src/intake.module';
import { birthRegistrationBody } from '../support/birth-registration.fixture';

const dossier = birthRegistrationBody;

describe('intake over HTTP on SQLite', () => {
  let store: Store;
  let bus: EventBus;
  let intake: RunningService;
  let file: string;
  let auth: TestAuth;
  const logger = createLogger({ service: 'intake', level: 'silent' });

  beforeAll(async () => {
    startTracing({ serviceName: 'intake-component', instrument: false });
    file = join(mkdtempSync(join(tmpdir(), 'motcua-intake-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    auth = await testAuth(store);
    intake = await startService(intakeModule, { store, bus, logger, auth: auth.authenticator, port: 0, outboxPollMs: 50 });
  });

  afterAll(async () => {
    await intake.stop();
    await bus.close();
    await store.close();
    await shutdownTracing();
  });

  const post = async (body: unknown) => fetch(`${intake.url}/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.integratorHeaders()) }, body: JSON.stringify(body) });
  const countDossiers = () => store.forService('intake').read((tx) => tx.collection({ name: 'dossiers' }).count({}));

  it('when a complete dossier is submitted from the portal, then it answers 201 with code and appointment, goes to processing, and DossierReceived reaches the bus', async () => {
    const response = await post(dossier);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; code: string; state: string; appointmentAt: string };
    expect(body).toMatchObject({ state: 'IN_PROCESSING', code: expect.stringMatching(/^PDN-\d{6}-\d{4}$/) });
    expect(response.headers.get('location')).toBe(`/v1/dossiers/${body.id}`);

    const seen: string[] = [];
    const subscription = await bus.subscribe({ groupId: `probe-${Date.now()}`, topics: [Topics.intake] }, async (event) => {
      seen.push(event.envelope.subject);
    });
    await waitFor(() => seen.includes(body.id), { what: 'DossierReceived on the bus' });
    await subscription.stop();

    const read = await fetch(`${intake.url}/v1/dossiers/${body.code}`, { headers: await auth.integratorHeaders() });
    expect(((await read.json()) as { id: string }).id).toBe(body.id);
  });

  it('when the body has unknown fields or bad formats, then it answers problem+json naming each field and stores nothing', async () => {
    const before = await countDossiers();
    const response = await post({ ...dossier, applicant: { ...dossier.applicant, phone: '12345' }, colour: 'blue' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: { path: string }[]; status: number };
    expect(problem.code).toBe('REQUEST.INVALID');
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body/applicant/phone', 'body/colour']));
    expect(await countDossiers()).toBe(before);
  });

  it('when a required document is missing, then it answers 422 INTAKE.MISSING_DOCUMENTS and stores nothing', async () => {
    const before = await countDossiers();
    const response = await post({ ...dossier, documents: [{ code: 'TK_KS', name: 'Tờ khai' }] });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { code: string }).code).toBe('INTAKE.MISSING_DOCUMENTS');
    expect(await countDossiers()).toBe(before);
  });

  it('when the result should go to a postal point, then the point must be in the shipped registry', async () => {
    const before = await countDossiers();
    const unknown = await post({ ...dossier, returnChannel: { type: 'postal_point', postalPointId: 'DBC-NOWHERE-99' } });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { code: string }).code).toBe('INTAKE.UNKNOWN_POSTAL_POINT');
    expect(await countDossiers()).toBe(before);
    expect((await post({ ...dossier, returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-01' } })).status).toBe(201);
  });

  it('when the body is not JSON, then it answers 400 problem+json, not an HTML page', async () => {
    const response = await fetch(`${intake.url}/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.integratorHeaders()) }, body: '{"procedureCode":' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('REQUEST.INVALID');
  });

  it('lists the built-in procedures and the sample centres, and reports readiness', async () => {
    const procedures = (await (await fetch(`${intake.url}/v1/procedures`)).json()) as { items: { code: string }[] };
    expect(procedures.items.map((p) => p.code)).toContain('1.001193');
    const centres = (await (await fetch(`${intake.url}/v1/centres`)).json()) as { items: unknown[]; sample: boolean };
    expect(centres.sample).toBe(true);
    const ready = await fetch(`${intake.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { name: string; ok: boolean }[] }).checks.every((c) => c.ok)).toBe(true);
  });

  it('the event on the bus is the validated contract', async () => {
    const response = await post(dossier);
    const { id } = (await response.json()) as { id: string };
    const envelopes: EventEnvelope[] = [];
    const subscription = await bus.subscribe({ groupId: `probe2-${Date.now()}`, topics: [Topics.intake] }, async (event) => {
      envelopes.push(event.envelope);
    });
    const envelope = await waitFor(() => envelopes.find((e) => e.subject === id), { what: 'the event' });
    await subscription.stop();
    expect(envelope.type).toBe('vn.motcua.intake.DossierReceived.v1');
    expect(envelope.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  });
});
