/**
 * Hostile traffic against every public route of the six services (all of them in this
 * process on the embedded edition, the routes taken from their /openapi.json): at
 * least 10,000 requests generated with fast-check, each carrying at least one defect
 * that must get it refused — a path parameter outside its schema, an unknown query
 * parameter, a body of the wrong shape, type or encoding, bad JSON, JSON nested too
 * deep or too large, a body in another content type — and often more abuse on top:
 * real ids and credentials (officers' tokens, the portal's key) and forged ones, traversal sequences, odd methods, oversized and garbage
 * headers, Idempotency-Keys good and bad. Then: no answer is a 5xx, every refusal is
 * problem+json, and the stores hold exactly what they held before.
 *
 * FUZZ_SEED picks another sequence of requests; FUZZ_RUNS another number of them.
 */
import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { waitFor } from '@motcua/testing';
import { startThrowawayEdition, type ThrowawayEdition } from '../../../../cli/src/throwaway-edition';
import { storeIsQuiet, storeSnapshot, type SnapshotOptions } from '../support/store-snapshot';

type Json = Record<string, unknown>;

interface Operation {
  service: string;
  base: string;
  method: string;
  path: string;
  pathParams: { name: string; schema: Json }[];
  queryParams: string[];
  /** Properties of the JSON body's object schema; undefined when the route takes no JSON body. */
  bodyProperties?: string[];
  rawBody: boolean;
}

interface FuzzRequest {
  operation: Operation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  defect: string;
}

interface Outcome {
  request: FuzzRequest;
  status: number;
  contentType: string | undefined;
  text: string;
}

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261125);
const CONCURRENCY = 12;
/** A fixed clock: no timer comes due and no round is cut while the requests run. */
const NOW = new Date('2026-11-25T02:00:00.000Z');

/**
 * Idempotency-Key records are left out: a keyed request that is refused records its
 * refusal so that a retry gets the same answer — bookkeeping of the refusal, not a
 * change to anything it refused. A consumer's commit time moves on an idle poll.
 */
const snapshotOptions: SnapshotOptions = { exclude: (table) => table.endsWith('_idempotency_keys'), ignoreColumns: { bus_group_offsets: ['committed_at'] } };

function operationsOf(service: string, base: string, document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation['parameters'] ?? []) as { in?: string; name?: string; schema?: Json }[];
      const content = (operation['requestBody'] as { content?: Record<string, { schema?: { properties?: Json } }> } | undefined)?.content;
      operations.push({
        service,
        base,
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name!, schema: p.schema ?? {} })),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name!),
        ...(content?.['application/json'] ? { bodyProperties: Object.keys(content['application/json'].schema?.properties ?? {}) } : {}),
        rawBody: content !== undefined && !content['application/json'],
      });
    }
  }
  return operations;
}

// ---- the generators ----

const anyJson = fc.jsonValue({ maxDepth: 3 });
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const nastyText = fc.oneof(
  printable,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('../../etc/passwd', '..\\..\\windows\\win.ini', '%00', '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '{{7*7}}', '${jndi:ldap://x}', '__proto__', 'constructor'),
  fc.integer({ min: 65, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** A path parameter value its schema refuses: a character outside every id pattern, too long, or not even valid percent-encoding. */
const badPathValue = fc.oneof(
  fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2f', '%E0%A4%A', '%00', '%20', 'a%2Fb', '%3Cscript%3E', '%25%25', '-%0A-'),
  fc.integer({ min: 65, max: 3000 }).map((n) => 'A'.repeat(n)),
  nastyText.map((text) => `${encodeURIComponent(text)}%20`),
);

/**
 * A value the parameter's own schema refuses: for an identifier, enum or number any
 * of the values above; for free text (the lookup page's code, shown or dropped) one
 * longer than its maximum.
 */
function badPathValueFor(schema: Json): fc.Arbitrary<string> {
  const constrained = schema['pattern'] !== undefined || schema['anyOf'] !== undefined || schema['enum'] !== undefined || schema['type'] !== 'string';
  if (constrained || typeof schema['maxLength'] !== 'number') return badPathValue;
  const max = schema['maxLength'];
  return fc.integer({ min: max + 1, max: max + 500 }).map((n) => 'A'.repeat(n));
}

/** A path parameter value as a real caller might send it: an existing id or something plausible. */
const pathValue = (ids: string[]) => fc.oneof(fc.constantFrom(...ids), fc.constantFrom('..', '.', 'x', '0', 'null', 'undefined', '-1'), printable.filter((s) => /^[A-Za-z0-9._:-]{1,64}$/.test(s)));

const unknownQuery = fc.tuple(fc.constantFrom('debug', 'admin', '__proto__', 'constructor', '$where', 'callback', '_', 'idNumber', 'q'), nastyText).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
const knownQueryJunk = (names: string[]) =>
  fc.tuple(fc.constantFrom(...names), fc.oneof(nastyText, fc.constantFrom('-1', '1e309', 'NaN', 'true', '[]', '{}', '2026-13-45', '99999999999999999999'))).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);

const deepJson = fc.integer({ min: 17, max: 50_000 }).chain((depth) => fc.constantFrom(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
const badJsonText = fc.constantFrom('{', '{"a":1,}', "{'a':1}", 'undefined', 'NaN', '{"a":01}', '\u0000', '{"a":"\\u12"}', '[1,2', '{}{}', '\uFEFF{"a"}');

/** A JSON body that cannot pass: it always has a field the schema does not know, or is not an object at all. */
const badBody = (properties: string[]) =>
  fc.oneof(
    fc
      .tuple(
        fc.dictionary(properties.length > 0 ? fc.constantFrom(...properties) : fc.constant('x'), fc.oneof(anyJson, nastyText), { maxKeys: properties.length }),
        fc.constantFrom('admin', 'isAdmin', 'role', 'centreId_', 'status_', 'zzz', 'extra'),
        anyJson,
      )
      .map(([known, unknown, value]) => JSON.stringify({ ...known, [unknown]: value })),
    fc.oneof(fc.array(anyJson, { maxLength: 5 }), fc.integer(), fc.constant(null), fc.boolean()).map((value) => JSON.stringify(value)),
    fc.constant('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
  );

const hugeBody = fc.integer({ min: 270_000, max: 400_000 }).map((n) => JSON.stringify({ text: 'x'.repeat(n) }));

/** Headers on top of the defect: forged credentials, keys good and bad, trace context garbage, odd encodings, one oversized header. */
const abuseHeaders = () =>
  fc.record(
    {
      authorization: fc.oneof(printable, printable.map((t) => `Bearer ${t}`), fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6Im9wcyIsImNlbnRyZSI6IngifQ.'), fc.integer({ min: 200, max: 8000 }).map((n) => `Bearer ${'o'.repeat(n)}`)),
      'x-api-key': fc.oneof(printable, fc.constant(`mck_0123456789abcdef_${'A'.repeat(43)}`)),
      'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('has space', 'ü', ''), fc.integer({ min: 256, max: 1000 }).map((n) => 'k'.repeat(n))),
      traceparent: fc.oneof(printable, fc.constant('00-00000000000000000000000000000000-0000000000000000-00')),
      accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'application/problem+json', ';;;'),
      'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity'),
      'x-forwarded-for': printable,
      'x-padding': fc.integer({ min: 17_000, max: 30_000 }).map((n) => 'p'.repeat(n)),
    },
    { requiredKeys: [] },
  );

/** `credentials`: the real ones (each officer role's token, the portal's key), one of which every request carries unless the abuse replaces it. */
function fuzzRequest(operations: Operation[], ids: string[], credentials: Record<string, string>[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((operation) => {
    const defects: [string, fc.Arbitrary<{ path?: string[]; query?: string; body?: string; contentType?: string }>][] = [['unknown query', unknownQuery.map((query) => ({ query }))]];
    if (operation.queryParams.length > 0) defects.push(['bad query value', knownQueryJunk(operation.queryParams).map((query) => ({ query: `${query}&${query}` }))]);
    if (operation.pathParams.length > 0) {
      const bad = fc.nat({ max: operation.pathParams.length - 1 }).chain((i) => badPathValueFor(operation.pathParams[i]!.schema).map((value) => ({ path: operation.pathParams.map((_, j) => (i === j ? value : 'x')) })));
      defects.push(['bad path parameter', bad]);
    }
    if (operation.bodyProperties) {
      defects.push(
        ['body of the wrong shape', badBody(operation.bodyProperties).map((body) => ({ body }))],
        ['bad JSON', badJsonText.map((body) => ({ body }))],
        ['JSON nested too deep', deepJson.map((body) => ({ body }))],
        ['body too large', hugeBody.map((body) => ({ body }))],
        ['JSON in another content type', fc.tuple(badBody(operation.bodyProperties), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=--x', 'application/json-patch')).map(([body, contentType]) => ({ body, contentType }))],
      );
    }
    if (operation.rawBody) defects.push(['not a PDF', fc.tuple(nastyText, fc.constantFrom('application/pdf', 'text/plain', 'application/json')).map(([body, contentType]) => ({ body: body || 'x', contentType }))]);
    const weights = defects.map(([name]) => (name === 'body too large' || name === 'JSON nested too deep' ? 1 : 6));
    const defect = fc.oneof(...defects.map(([name, arbitrary], i) => ({ arbitrary: arbitrary.map((parts) => ({ name, ...parts })), weight: weights[i]! })));
    return fc
      .record({
        defect,
        pathValues: fc.array(pathValue(ids), { minLength: operation.pathParams.length, maxLength: operation.pathParams.length }),
        credential: fc.constantFrom(...credentials),
        headers: fc.option(abuseHeaders(), { freq: 3 }),
        method: fc.oneof({ arbitrary: fc.constant(operation.method.toUpperCase()), weight: 30 }, { arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'), weight: 1 }),
        padding: fc.boolean(),
      })
      .map(({ defect, pathValues, credential, headers, method, padding }) => {
        let index = 0;
        const path = operation.path.replace(/\{\w+\}/g, () => {
          const value = defect.path?.[index] !== undefined && defect.path[index] !== 'x' ? defect.path[index]! : encodeURIComponent(pathValues[index]!);
          index += 1;
          return value;
        });
        const { 'x-padding': pad, ...rest } = headers ?? {};
        const requestHeaders: Record<string, string> = { ...credential, ...rest, ...(padding && pad ? { 'x-padding': pad } : {}) };
        if (defect.body !== undefined) requestHeaders['content-type'] = defect.contentType ?? 'application/json';
        return { operation, method, path: `${path}${defect.query ? `?${defect.query}` : ''}`, headers: requestHeaders, ...(defect.body !== undefined ? { body: defect.body } : {}), defect: defect.name };
      });
  });
}

// ---- sending and judging ----

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(request: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const fail = (error: Error) => resolve({ request, status: 0, contentType: undefined, text: `request error: ${error.message}` });
    let req;
    try {
      req = httpRequest(`${request.operation.base}${request.path}`, { method: request.method, headers: request.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ request, status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      });
    } catch (error) {
      // The client itself refused to send it (a header it will not write): nothing reached the server.
      resolve({ request, status: -1, contentType: undefined, text: (error as Error).message });
      return;
    }
    req.on('error', fail);
    req.end(request.body);
  });
}

/** What is wrong with an answer, or undefined when it is a proper refusal (or an OPTIONS answer). */
function judge(outcome: Outcome): string | undefined {
  const { request, status, contentType, text } = outcome;
  if (status === -1) return undefined;
  if (status === 0) return text;
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  if (request.method === 'OPTIONS' && status < 300) return undefined;
  if (status < 400) return `accepted a request with ${request.defect} (${status})`;
  if (!contentType?.startsWith('application/problem+json')) return `refused ${status} as ${contentType ?? 'no content type'}, not problem+json`;
  if (request.method === 'HEAD') return undefined;
  try {
    const problem = JSON.parse(text) as Json;
    if (problem['status'] !== status || typeof problem['code'] !== 'string' || typeof problem['type'] !== 'string' || typeof problem['detail'] !== 'string') return `problem+json without status, code, type or detail: ${text.slice(0, 200)}`;
    if (/\n\s+at /.test(text)) return 'a stack trace in the answer';
  } catch {
    return `problem+json that is not JSON: ${text.slice(0, 200)}`;
  }
  return undefined;
}

async function runAll(requests: FuzzRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) outcomes.push(await send(requests[next++]!));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

describe('hostile requests to every public route', () => {
  let edition: ThrowawayEdition;
  let operations: Operation[];
  const ids: string[] = [];

  beforeAll(async () => {
    edition = await startThrowawayEdition({ clock: () => NOW });
    operations = [];
    for (const service of edition.services) {
      operations.push(...operationsOf(service.name, service.url, (await (await fetch(`${service.url}/openapi.json`)).json()) as Json));
    }
    // One dossier all the way to a specialist's queue, so real ids are there to aim at.
    const ops = await edition.as('hue-ops-1');
    const submitted = await fetch(`${edition.url('intake')}/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await edition.as()) },
      body: JSON.stringify({
        procedureCode: '1.001193',
        centreId: 'hue-phong-dien',
        applicant: { fullName: 'Nguyễn Văn An (dữ liệu mẫu)', idNumber: '046090000001', phone: '0900000001' },
        documents: [
          { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
          { code: 'GCS', name: 'Giấy chứng sinh' },
        ],
        returnChannel: { type: 'counter' },
      }),
    });
    expect({ status: submitted.status, body: submitted.status === 201 ? undefined : await submitted.text() }).toEqual({ status: 201, body: undefined });
    const dossier = (await submitted.json()) as { id: string; code: string };
    const workItem = await waitFor(
      async () => ((await (await fetch(`${edition.url('processing')}/v1/work-items?dossierId=${dossier.id}`, { headers: ops })).json()) as { items: { id: string }[] }).items[0],
      { what: 'the work item' },
    );
    await waitFor(async () => (await fetch(`${edition.url('tracking')}/v1/dossiers/${dossier.code}`, { headers: ops })).status === 200, { what: 'the tracking view' });
    await waitFor(
      async () => ((await (await fetch(`${edition.url('notifier')}/v1/notifications?dossierId=${dossier.id}`, { headers: ops })).json()) as { items: { status: string }[] }).items.some((n) => n.status === 'sent'),
      { what: 'the receipt SMS' },
    );
    // Whatever was due at the fixed time (a courier round of the morning) happens now, not during the requests.
    for (const service of edition.services) await service.fireDueTimers();
    await waitFor(() => storeIsQuiet(edition.sqlitePath), { what: 'every outbox sent and every consumer caught up' });
    ids.push(dossier.id, dossier.code, workItem.id);
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await edition?.stop();
  });

  it(`when ${RUNS} generated malformed or hostile requests hit every route, then none gets a 5xx, every refusal is problem+json and the stores are unchanged`, async () => {
    const before = storeSnapshot(edition.sqlitePath, snapshotOptions);
    const officers = ['pdn-reception-1', 'pdn-specialist-1', 'pdn-leader-1', 'pdn-courier-1', 'hue-ops-1', 'klg-specialist-1'];
    const credentials = [...(await Promise.all(officers.map((officer) => edition.as(officer)))), await edition.as()];
    const requests = fc.sample(fuzzRequest(operations, ids, credentials), { numRuns: RUNS, seed: SEED });
    const outcomes = await runAll(requests);

    const problems = outcomes.map((outcome) => ({ outcome, problem: judge(outcome) })).filter((o) => o.problem !== undefined);
    const report = problems.slice(0, 10).map(({ outcome: { request }, problem }) => `${request.method} ${request.operation.service} ${request.path.slice(0, 200)} [${request.defect}] → ${problem}`);
    expect(report).toEqual([]);

    // Every route was hit, and each with most of its defects.
    const hit = new Set(outcomes.map((o) => `${o.request.operation.service} ${o.request.operation.method} ${o.request.operation.path}`));
    expect(hit.size).toBe(operations.length);
    expect(outcomes.filter((o) => o.status > 0).length).toBeGreaterThanOrEqual(RUNS * 0.99);
    expect(new Set(outcomes.map((o) => o.request.defect)).size).toBeGreaterThanOrEqual(8);

    await waitFor(() => storeIsQuiet(edition.sqlitePath), { what: 'the stores to settle' });
    expect(storeSnapshot(edition.sqlitePath, snapshotOptions)).toEqual(before);
  }, 180_000);
});
