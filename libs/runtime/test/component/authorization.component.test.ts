/**
 * Authentication and authorisation across the six services, as `motcua start` runs them
 * (the embedded edition in this process, its HS256 development key, its key store):
 * nothing answers without credentials unless the route says it is public, an officer
 * reads and acts only on their own centre's dossiers (ops read every centre, act on
 * none), a tampered or expired token and a revoked key are refused, a key over its rate
 * is told to wait.
 */
import { mintOfficerToken } from '@motcua/auth';
import { waitFor } from '@motcua/testing';
import { EMBEDDED_TOKEN_AUDIENCE, EMBEDDED_TOKEN_ISSUER } from '../../src/auth.setup';
import { startThrowawayEdition, type ThrowawayEdition } from '../../../../cli/src/throwaway-edition';
import { birthRegistration } from '../../../../test-e2e/support/lifecycle-journeys';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  code?: string;
  body: Json;
  headers: Headers;
}

const kimLongDossier = birthRegistration({ centreId: 'hue-kim-long' });

describe('who may call what', () => {
  let edition: ThrowawayEdition;
  let dossier: { id: string; code: string };
  let workItem: { id: string };

  const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> => {
    const response = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    const parsed = (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Json;
    return { status: response.status, ...(typeof parsed['code'] === 'string' ? { code: parsed['code'] } : {}), body: parsed, headers: response.headers };
  };
  const as = (officer?: string) => edition.as(officer);
  const statusOf = async (url: string, officer: string) => (await call('GET', url, await as(officer))).status;

  beforeAll(async () => {
    edition = await startThrowawayEdition();
    const submitted = await call('POST', `${edition.url('intake')}/v1/dossiers`, await as('klg-reception-1'), kimLongDossier);
    expect(submitted.status).toBe(201);
    dossier = submitted.body as { id: string; code: string };
    workItem = await waitFor(async () => ((await call('GET', `${edition.url('processing')}/v1/work-items?dossierId=${dossier.id}`, await as('hue-ops-1'))).body['items'] as { id: string; assigneeId?: string }[])[0], {
      what: 'the work item',
    });
    await waitFor(async () => (await statusOf(`${edition.url('tracking')}/v1/dossiers/${dossier.code}`, 'hue-ops-1')) === 200, { what: 'the tracking view' });
  }, 120_000);
  afterAll(() => edition?.stop());

  it("when an officer of Phong Điền reads a Kim Long dossier in any service, then 403 AUTH.WRONG_CENTRE; Kim Long's officers and ops read it", async () => {
    const reads = [
      `${edition.url('intake')}/v1/dossiers/${dossier.id}`,
      `${edition.url('intake')}/v1/dossiers/${dossier.id}/receipt`,
      `${edition.url('processing')}/v1/work-items/${workItem.id}`,
      `${edition.url('tracking')}/v1/dossiers/${dossier.code}`,
      `${edition.url('tracking')}/v1/dossiers/${dossier.code}/timeline`,
      `${edition.url('tracking')}/v1/dossiers/${dossier.code}/tracking-slip`,
    ];
    for (const url of reads) {
      const refused = await call('GET', url, await as('pdn-specialist-1'));
      expect({ url, status: refused.status, code: refused.code }).toEqual({ url, status: 403, code: 'AUTH.WRONG_CENTRE' });
      expect({ url, ownCentre: await statusOf(url, 'klg-specialist-1'), ops: await statusOf(url, 'hue-ops-1') }).toEqual({ url, ownCentre: 200, ops: 200 });
    }
    // A list asked for another centre is refused; without one it shows the officer's own centre only.
    expect((await call('GET', `${edition.url('tracking')}/v1/dossiers?centreId=hue-kim-long`, await as('pdn-reception-1'))).code).toBe('AUTH.WRONG_CENTRE');
    const own = (await call('GET', `${edition.url('tracking')}/v1/dossiers`, await as('pdn-reception-1'))).body['items'] as { code: string }[];
    expect(own.map((d) => d.code)).not.toContain(dossier.code);
  });

  it("when an officer of Phong Điền acts on a Kim Long dossier, or ops act on any, then it is refused and the dossier does not change", async () => {
    const before = (await call('GET', `${edition.url('intake')}/v1/dossiers/${dossier.id}`, await as('hue-ops-1'))).body;
    const itemBefore = (await call('GET', `${edition.url('processing')}/v1/work-items/${workItem.id}`, await as('hue-ops-1'))).body;
    const attempts: [string, string, string, unknown, string][] = [
      ['pdn-reception-1', 'intake', `/v1/dossiers/${dossier.id}/withdraw`, { reason: 'thử' }, 'AUTH.WRONG_CENTRE'],
      ['pdn-specialist-1', 'processing', `/v1/work-items/${workItem.id}/claim`, {}, 'AUTH.WRONG_CENTRE'],
      ['pdn-leader-1', 'processing', `/v1/work-items/${workItem.id}/reassign`, { assigneeId: 'pdn-specialist-2', reason: 'thử' }, 'AUTH.WRONG_CENTRE'],
      ['hue-ops-1', 'intake', `/v1/dossiers/${dossier.id}/withdraw`, { reason: 'thử' }, 'AUTH.ROLE_NOT_ALLOWED'],
      ['hue-ops-1', 'processing', `/v1/work-items/${workItem.id}/reject`, { reason: 'thử' }, 'AUTH.ROLE_NOT_ALLOWED'],
    ];
    for (const [officer, service, path, body, code] of attempts) {
      const answer = await call('POST', `${edition.url(service as 'intake')}${path}`, await as(officer), body);
      expect({ officer, path, status: answer.status, code: answer.code }).toEqual({ officer, path, status: 403, code });
    }
    expect((await call('GET', `${edition.url('intake')}/v1/dossiers/${dossier.id}`, await as('hue-ops-1'))).body).toEqual(before);
    expect((await call('GET', `${edition.url('processing')}/v1/work-items/${workItem.id}`, await as('hue-ops-1'))).body).toEqual(itemBefore);
  });

  it('when a token is tampered with, expired, signed with another key or not a token, then 401 in every service', async () => {
    const signingKey = edition.auth.signingKey!;
    const mint = (claims: { sub: string; role: 'ops'; centre: string }, ttlSeconds: number, now?: Date, secret?: string) =>
      mintOfficerToken(secret ? { kind: 'hs256', secret } : signingKey, claims, { ttlSeconds, issuer: EMBEDDED_TOKEN_ISSUER, audience: EMBEDDED_TOKEN_AUDIENCE, ...(now ? { now } : {}) });
    const ops = { sub: 'hue-ops-1', role: 'ops' as const, centre: 'hue-phong-dien' };
    const genuine = await mint(ops, 600);
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const elsewhere = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'klg-reception-1', role: 'reception', centre: 'hue-kim-long' })).toString('base64url');
    const bad: [string, string, string][] = [
      ['tampered', `${header}.${elsewhere}.${signature}`, 'AUTH.TOKEN_INVALID'],
      ['expired', await mint(ops, 60, new Date(Date.now() - 7_200_000)), 'AUTH.TOKEN_EXPIRED'],
      ['another key', await mint(ops, 600, undefined, 'another-secret-that-is-32-bytes-long!!'), 'AUTH.TOKEN_INVALID'],
      ['garbage', 'garbage', 'AUTH.TOKEN_INVALID'],
    ];
    const urls = [
      `${edition.url('intake')}/v1/dossiers/${dossier.id}`,
      `${edition.url('processing')}/v1/work-items/${workItem.id}`,
      `${edition.url('signing')}/v1/signature-requests`,
      `${edition.url('return')}/v1/results`,
      `${edition.url('notifier')}/v1/notifications`,
      `${edition.url('tracking')}/v1/dossiers/${dossier.code}`,
    ];
    for (const [what, token, code] of bad) {
      for (const url of urls) {
        const answer = await call('GET', url, { authorization: `Bearer ${token}` });
        expect({ what, url, status: answer.status, code: answer.code }).toEqual({ what, url, status: 401, code });
      }
    }
    expect((await call('GET', urls[5]!, { authorization: `Bearer ${genuine}` })).status).toBe(200);
  });

  it("when an integrator's key is revoked, then it is refused; a key scoped to another centre does not reach the dossier; a key without the operation cannot submit", async () => {
    const keys = edition.auth.apiKeys;
    const portal = await keys.create({ integratorId: 'hue-portal', name: 'the portal', centres: ['hue-kim-long'], operations: ['dossiers:read', 'dossiers:write'] });
    const url = `${edition.url('tracking')}/v1/dossiers/${dossier.code}`;
    expect((await call('GET', url, { 'x-api-key': portal.key })).status).toBe(200);
    await keys.revoke(portal.record.id);
    const revoked = await call('GET', url, { 'x-api-key': portal.key });
    expect([revoked.status, revoked.code]).toEqual([401, 'AUTH.API_KEY_REVOKED']);
    const submitRevoked = await call('POST', `${edition.url('intake')}/v1/dossiers`, { 'x-api-key': portal.key }, kimLongDossier);
    expect([submitRevoked.status, submitRevoked.code]).toEqual([401, 'AUTH.API_KEY_REVOKED']);

    const phongDien = await keys.create({ integratorId: 'pdn-portal', name: 'Phong Điền only', centres: ['hue-phong-dien'], operations: ['dossiers:read', 'dossiers:write'] });
    expect((await call('GET', url, { 'x-api-key': phongDien.key })).code).toBe('AUTH.WRONG_CENTRE');
    expect((await call('POST', `${edition.url('intake')}/v1/dossiers`, { 'x-api-key': phongDien.key }, kimLongDossier)).code).toBe('AUTH.WRONG_CENTRE');

    const readOnly = await keys.create({ integratorId: 'statistics', name: 'read only', centres: 'all', operations: ['dossiers:read'] });
    expect((await call('POST', `${edition.url('intake')}/v1/dossiers`, { 'x-api-key': readOnly.key }, kimLongDossier)).code).toBe('AUTH.OPERATION_NOT_ALLOWED');
    expect((await call('GET', `${edition.url('processing')}/v1/work-items/${workItem.id}`, { 'x-api-key': readOnly.key })).code).toBe('AUTH.OPERATION_NOT_ALLOWED');
  });

  it('when a key goes over its rate, then 429 AUTH.RATE_LIMITED with Retry-After, and the request does nothing', async () => {
    const slow = await edition.auth.apiKeys.create({ integratorId: 'slow-portal', name: 'two a minute', centres: 'all', operations: ['dossiers:read', 'dossiers:write'], ratePerMinute: 2 });
    expect((await call('GET', `${edition.url('tracking')}/v1/dossiers/${dossier.code}`, { 'x-api-key': slow.key })).status).toBe(200);
    expect((await call('GET', `${edition.url('tracking')}/v1/dossiers/${dossier.code}`, { 'x-api-key': slow.key })).status).toBe(200);
    const before = ((await call('GET', `${edition.url('tracking')}/v1/dossiers?centreId=hue-kim-long`, await as('hue-ops-1'))).body['total'] as number);
    const limited = await call('POST', `${edition.url('intake')}/v1/dossiers`, { 'x-api-key': slow.key }, kimLongDossier);
    expect([limited.status, limited.code]).toEqual([429, 'AUTH.RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await call('GET', `${edition.url('tracking')}/v1/dossiers?centreId=hue-kim-long`, await as('hue-ops-1'))).body['total'] as number)).toBe(before);
  });

  it('when any route that is not declared public is called without credentials, then it answers 401 problem+json; every route of every document says who may call it', async () => {
    const open: string[] = [];
    for (const service of edition.services) {
      const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Json>> };
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          const access = operation['x-motcua-access'] as Json | undefined;
          expect({ route: `${service.name} ${method} ${path}`, declared: access !== undefined }).toEqual({ route: `${service.name} ${method} ${path}`, declared: true });
          if (access && 'public' in access) {
            open.push(`${service.name} ${method.toUpperCase()} ${path}`);
            continue;
          }
          expect(operation['security']).toEqual(expect.arrayContaining([expect.objectContaining({})]));
          const answer = await fetch(`${service.url}${path.replace(/\{\w+\}/g, 'x')}`, { method: method.toUpperCase(), ...(method === 'get' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
          expect({ route: `${service.name} ${method} ${path}`, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
            route: `${service.name} ${method} ${path}`,
            status: 401,
            type: 'application/problem+json; charset=utf-8',
          });
        }
      }
    }
    // The public routes, each for a reason written on it: probes and metrics, the contract and its page, the catalogue, the citizen's pages, callbacks signed otherwise.
    expect(open.filter((route) => /\/v1\//.test(route)).sort()).toEqual(
      [
        'intake GET /v1/centres',
        'intake GET /v1/procedures',
        'intake GET /v1/reception-points',
        'notifier GET /v1/sms/delivery-reports/kannel',
        'notifier POST /v1/postal/callbacks',
        'notifier POST /v1/sms/delivery-reports/kannel',
        'signing POST /v1/verify',
        'tracking POST /v1/lookup',
        'tracking POST /v1/lookup/download',
      ].sort(),
    );
  });
});
