/**
 * Every way a request can be refused before or inside a route answers RFC 9457
 * problem+json with a stable code, the failing field paths and the trace id: bad JSON,
 * too large, too deep, the wrong content type, unknown fields, a path or query that
 * does not fit, no such route, headers Node's parser rejects, and a bug (500 without
 * the error's text or stack). And every answer carries helmet's security headers.
 */
import { testAuth } from '@motcua/testing';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { createLogger, ServiceMetrics, shutdownTracing, startTracing } from '@motcua/observability';
import { createSqliteStore, type Store } from '@motcua/storage';
import { apiRouter } from '../../src/http/api-router';
import { createHttpApp, listen, type RunningHttp } from '../../src/http/http-app';
import { IdempotencyKeysCollection } from '../../src/http/idempotency.middleware';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const traceparent = `00-${traceId}-b7ad6b7169203331-01`;

interface Answer {
  status: number;
  contentType: string | undefined;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** node:http rather than fetch: it sends what fetch would refuse to (odd content types, bytes as they are). */
function send(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${options.path}`, { method: options.method ?? 'GET', headers: { traceparent, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text }, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Writes raw bytes on a socket and reads the whole answer: for requests Node's HTTP parser refuses. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('refusals as problem+json', () => {
  let store: Store;
  let http: RunningHttp;
  let url: string;

  beforeAll(async () => {
    startTracing({ serviceName: 'refusals-component', instrument: false });
    store = await createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'motcua-refusals-')), 'store.db') });
    const service = store.forService('intake');
    await service.ensureCollections([IdempotencyKeysCollection]);
    const api = apiRouter();
    const open = { public: 'a test route' } as const;
    const Note = Type.Object({ text: Type.String({ minLength: 1, maxLength: 20 }), tags: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3 })) }, { additionalProperties: false });
    api.post({ path: '/v1/notes/:id', summary: 'a note', access: open, body: Note, responses: { 200: { description: 'ok' } } }, ({ params, body, res }) => {
      res.json({ id: params.id, ...body });
    });
    api.get({ path: '/v1/bug', summary: 'a bug', access: open, responses: { 200: { description: 'never' } } }, () => {
      throw new Error('secret detail of the database at /srv/db');
    });
    api.get({ path: '/v1/page', summary: 'a page', access: open, responses: { 200: { description: 'html', contentTypes: ['text/html'] } } }, ({ res }) => {
      res.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").type('html').send('<style>p{color:red}</style><p>ok</p>');
    });
    const logger = createLogger({ service: 'intake', level: 'silent' });
    const app = createHttpApp({ service: 'intake', logger, metrics: new ServiceMetrics('intake', logger), routers: [api.router], readiness: [], idempotency: { store: service, ttlMs: 60_000 }, auth: (await testAuth(store)).authenticator });
    http = await listen(app, 0, '127.0.0.1');
    url = http.url;
  });
  afterAll(async () => {
    await http?.close();
    await store?.close();
    await shutdownTracing();
  });

  const expectProblem = (answer: Answer, status: number, code: string) => {
    expect({ status: answer.status, contentType: answer.contentType, code: answer.body['code'] }).toEqual({ status, contentType: 'application/problem+json; charset=utf-8', code });
    expect(answer.body).toMatchObject({ type: expect.stringMatching(/^https:\/\/motcua\.vn\/problems\//), title: code, status, detail: expect.any(String), traceId });
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  };

  it('when the body is not valid JSON, then 400 REQUEST.INVALID', async () => {
    expectProblem(await send(url, { ...json({}), path: '/v1/notes/n-1', body: '{"text": "a",' }), 400, 'REQUEST.INVALID');
  });

  it('when the body is larger than the limit, then 413 REQUEST.TOO_LARGE', async () => {
    expectProblem(await send(url, { ...json({}), path: '/v1/notes/n-1', body: JSON.stringify({ text: 'x'.repeat(300_000) }) }), 413, 'REQUEST.TOO_LARGE');
  });

  it('when the body is nested a hundred thousand levels deep, with or without an Idempotency-Key, then 400 REQUEST.TOO_DEEP', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expectProblem(await send(url, { ...json({}), path: '/v1/notes/n-1', body: deep }), 400, 'REQUEST.TOO_DEEP');
    const keyed = { ...json({}), headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1' } };
    expectProblem(await send(url, { ...keyed, path: '/v1/notes/n-1', body: deep }), 400, 'REQUEST.TOO_DEEP');
  });

  it('when the body is sent as text/plain or form data, then 415 REQUEST.UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectProblem(await send(url, { method: 'POST', path: '/v1/notes/n-1', headers: { 'content-type': type }, body: 'text=hello' }), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('when the charset is one JSON is never sent in, then 415', async () => {
    const answer = await send(url, { method: 'POST', path: '/v1/notes/n-1', headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' });
    expectProblem(answer, 415, 'REQUEST.INVALID');
  });

  it('when fields are unknown, too long or of the wrong type, then 400 REQUEST.INVALID naming each failing field', async () => {
    const answer = await send(url, { ...json({ text: 'y'.repeat(21), tags: [1, 'a', 'b', 'c'], admin: true }), path: '/v1/notes/n-1' });
    expectProblem(answer, 400, 'REQUEST.INVALID');
    const paths = (answer.body['errors'] as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body/admin', 'body/tags', 'body/tags/0', 'body/text']);
  });

  it('when a path parameter is a traversal or a query parameter is unknown, then 400 naming it', async () => {
    const traversal = await send(url, { ...json({ text: 'a' }), path: '/v1/notes/..%2F..%2Fetc%2Fpasswd' });
    expectProblem(traversal, 400, 'REQUEST.INVALID');
    expect(traversal.body['errors']).toEqual([expect.objectContaining({ path: 'params/id' })]);
    const query = await send(url, { ...json({ text: 'a' }), path: '/v1/notes/n-1?debug=1' });
    expectProblem(query, 400, 'REQUEST.INVALID');
    expect(query.body['errors']).toEqual([{ path: 'query/debug', message: 'unknown field' }]);
  });

  it('when the path does not decode, then 400; when no route matches it or the method, then 404 REQUEST.ROUTE_NOT_FOUND', async () => {
    expectProblem(await send(url, { ...json({ text: 'a' }), path: '/v1/notes/%E0%A4%A' }), 400, 'REQUEST.INVALID');
    expectProblem(await send(url, { path: '/../../etc/passwd' }), 404, 'REQUEST.ROUTE_NOT_FOUND');
    expectProblem(await send(url, { path: '/v1/notes/n-1' }), 404, 'REQUEST.ROUTE_NOT_FOUND');
  });

  it('when a route fails with a bug, then 500 INTERNAL.UNEXPECTED without the error\'s text or stack', async () => {
    const answer = await send(url, { path: '/v1/bug' });
    expectProblem(answer, 500, 'INTERNAL.UNEXPECTED');
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
    expect(Object.keys(answer.body).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'traceId', 'type']);
  });

  it('when the headers are too large or the request is not HTTP, then Node\'s parser refusal is problem+json too', async () => {
    const tooLarge = await send(url, { path: '/healthz', headers: { 'x-padding': 'p'.repeat(20_000) } });
    expect({ status: tooLarge.status, contentType: tooLarge.contentType, code: tooLarge.body['code'] }).toEqual({ status: 431, contentType: 'application/problem+json', code: 'REQUEST.HEADERS_INVALID' });
    const garbage = await raw(http.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('content-type: application/problem+json');
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'REQUEST.HEADERS_INVALID' });
  });

  it('when anything answers, then helmet\'s headers are there and an API answer may load nothing; a page keeps its own policy', async () => {
    const api = await send(url, { path: '/healthz' });
    expect(api.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin' });
    expect(api.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(api.headers['x-powered-by']).toBeUndefined();
    const refusal = await send(url, { path: '/nowhere' });
    expect(refusal.headers['x-content-type-options']).toBe('nosniff');
    const page = await send(url, { path: '/v1/page' });
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });
});
