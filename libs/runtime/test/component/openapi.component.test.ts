/**
 * Each service's OpenAPI document against the service itself, all six started on the
 * embedded edition: every express route is an operation of the document and every
 * operation a route; the document is valid OpenAPI 3.1; the checked-in copy under
 * docs/openapi is the served one (UPDATE_DOCS=1 rewrites it, as `motcua openapi`
 * does); and every request schema in it has limits, refuses unknown fields and keeps
 * personal data out of URLs.
 */
import { testAuth } from '@motcua/testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Router, type Express } from 'express';
import { createLogger, ServiceMetrics } from '@motcua/observability';
import { createSqliteStore, type Store } from '@motcua/storage';
import { createHttpApp, listen } from '../../src/http/http-app';
import { openApiFileText } from '../../../../cli/src/openapi-command';
import { startThrowawayEdition, type ThrowawayEdition } from '../../../../cli/src/throwaway-edition';

type Json = Record<string, unknown>;
type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

const root = join(__dirname, '..', '..', '..', '..');
const services = ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'] as const;

/** `GET /v1/dossiers/:id` for every route express would dispatch to, mounted routers included. */
function expressRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

/** The same list from the document: `/v1/dossiers/{id}` back to express's `:id`. */
function documentedRoutes(document: Json): string[] {
  const paths = document['paths'] as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

function routeDifferences(app: Express, document: Json): { undocumented: string[]; missing: string[] } {
  const actual = expressRoutes(app);
  const documented = documentedRoutes(document);
  return { undocumented: actual.filter((r) => !documented.includes(r)), missing: documented.filter((r) => !actual.includes(r)) };
}

/** Where a request schema lacks a limit: strings without a length bound, arrays without a size, objects open to unknown fields, numbers unbounded. */
function unlimited(schema: Json, at: string, findings: string[]): string[] {
  if (schema['anyOf']) (schema['anyOf'] as Json[]).forEach((s, i) => unlimited(s, `${at}/anyOf/${i}`, findings));
  switch (schema['type']) {
    case 'string':
      if (schema['maxLength'] === undefined && schema['const'] === undefined && schema['enum'] === undefined) findings.push(`${at}: string without maxLength`);
      break;
    case 'integer':
    case 'number':
      if (schema['maximum'] === undefined) findings.push(`${at}: number without maximum`);
      break;
    case 'array':
      if (schema['maxItems'] === undefined) findings.push(`${at}: array without maxItems`);
      unlimited(schema['items'] as Json, `${at}/items`, findings);
      break;
    case 'object':
      if (schema['additionalProperties'] !== false) findings.push(`${at}: object accepting unknown fields`);
      for (const [name, property] of Object.entries((schema['properties'] ?? {}) as Record<string, Json>)) unlimited(property, `${at}/${name}`, findings);
      break;
  }
  return findings;
}

/** Names that would carry a citizen's personal data; they belong in bodies, never in a URL (logs, proxies, browser history). */
const personalDataNames = /^(id_?number|cccd|cmnd|phone|mobile|tel|address|email|full_?name|name|birth|dob)/i;

function requestSchemaFindings(document: Json): string[] {
  const findings: string[] = [];
  for (const [path, operations] of Object.entries(document['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of (operation['parameters'] ?? []) as Json[]) {
        if (parameter['$ref'] || parameter['in'] === 'header') continue;
        unlimited(parameter['schema'] as Json, `${where} ${parameter['in']} ${parameter['name']}`, findings);
        if (personalDataNames.test(parameter['name'] as string)) findings.push(`${where}: personal data in the URL (${parameter['in']} ${parameter['name']})`);
      }
      const body = (operation['requestBody'] as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.['application/json']?.schema;
      if (body) unlimited(body, `${where} body`, findings);
    }
  }
  return findings;
}

/** @seriousme/openapi-schema-validator is an ES module only: it runs in a child process (support/validate-openapi.mjs). */
function validateOpenApi(documents: Record<string, Json>): Record<string, { valid: boolean; errors: unknown[]; version: string }> {
  const output = execFileSync(process.execPath, [join(__dirname, '..', 'support', 'validate-openapi.mjs')], { input: JSON.stringify(documents), encoding: 'utf8' });
  return JSON.parse(output) as Record<string, { valid: boolean; errors: unknown[]; version: string }>;
}

describe('OpenAPI documents of the six services', () => {
  let edition: ThrowawayEdition;
  const documents = new Map<string, Json>();

  beforeAll(async () => {
    edition = await startThrowawayEdition();
    for (const service of edition.services) documents.set(service.name, (await (await fetch(`${service.url}/openapi.json`)).json()) as Json);
  }, 120_000);
  afterAll(() => edition?.stop());

  describe.each(services)('%s', (name) => {
    const document = () => documents.get(name)!;
    const app = () => edition.services.find((s) => s.name === name)!.app;

    it('when its express routes are listed, then each is an operation of its /openapi.json and each operation is a route', () => {
      expect(routeDifferences(app(), document())).toEqual({ undocumented: [], missing: [] });
      expect(documentedRoutes(document()).length).toBeGreaterThan(5);
    });

    it('when the document is checked against the OpenAPI 3.1 schema, then it is valid', () => {
      expect(validateOpenApi({ [name]: document() })[name]).toEqual({ valid: true, errors: [], version: '3.1' });
    });

    it(`when docs/openapi/${name}.json is read, then it is exactly the served document`, () => {
      const file = join(root, 'docs', 'openapi', `${name}.json`);
      const served = openApiFileText(document());
      if (process.env['UPDATE_DOCS'] === '1') writeFileSync(file, served);
      else expect(readFileSync(file, 'utf8')).toBe(served);
    });

    it('when its request schemas are audited, then every string, array and number is bounded, unknown fields are refused and no personal data goes in a URL', () => {
      expect(requestSchemaFindings(document())).toEqual([]);
    });

    it('when /docs is opened, then the page and its renderer come from the service itself, under a CSP that allows no other origin', async () => {
      const url = edition.url(name);
      const page = await fetch(`${url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets.every((asset) => asset.startsWith('/docs/'))).toBe(true);
      for (const asset of assets) expect((await fetch(`${url}${asset}`)).status).toBe(200);
    });
  });

  describe('the checks themselves', () => {
    let store: Store;
    beforeAll(async () => {
      store = await createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'motcua-openapi-')), 'store.db') });
    });
    afterAll(() => store?.close());

    it('when a route is registered on a plain express router, then it is reported as undocumented', async () => {
      const plain = Router();
      plain.get('/v1/secret-report', (_req, res) => {
        res.json({});
      });
      const logger = createLogger({ service: 'intake', level: 'silent' });
    const app = createHttpApp({ service: 'intake', logger, metrics: new ServiceMetrics('intake', logger), routers: [plain], readiness: [], idempotency: { store: store.forService('intake'), ttlMs: 60_000 }, auth: (await testAuth(store)).authenticator });
      const running = await listen(app, 0, '127.0.0.1');
      const document = (await (await fetch(`${running.url}/openapi.json`)).json()) as Json;
      await running.close();
      expect(routeDifferences(app, document)).toEqual({ undocumented: ['GET /v1/secret-report'], missing: [] });
    });

    it('when a document breaks the OpenAPI schema, then the validator says so', () => {
      const broken = { ...documents.get('intake')!, paths: { '/v1/x': { get: { responses: { 200: { content: {} } } } } } };
      expect(validateOpenApi({ broken })['broken']!.valid).toBe(false);
    });

    it('when a schema has an unbounded string, an open object or a phone number in the query, then the audit names each', () => {
      const document = {
        paths: {
          '/v1/x': {
            get: { parameters: [{ name: 'phone', in: 'query', schema: { type: 'string', maxLength: 10 } }] },
            post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' }, tags: { type: 'array', items: { type: 'string', maxLength: 5 } } } } } } } },
          },
        },
      };
      expect(requestSchemaFindings(document).sort()).toEqual(
        ['GET /v1/x: personal data in the URL (query phone)', 'POST /v1/x body: object accepting unknown fields', 'POST /v1/x body/note: string without maxLength', 'POST /v1/x body/tags: array without maxItems'].sort(),
      );
    });
  });
});
