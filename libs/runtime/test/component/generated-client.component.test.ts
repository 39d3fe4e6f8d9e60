/**
 * What an integrator does with the contract: generate a client from intake's
 * /openapi.json with standard tools (the openapi-typescript command for the types,
 * openapi-fetch for the calls), type-check a small program against it with the TypeScript compiler,
 * and run that program to submit a dossier. A body the contract forbids does not
 * compile, so the generated types are the schemas, not `any`.
 */
import { testAuth, type TestAuth } from '@motcua/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { createSqliteStore, type Store } from '@motcua/storage';
import { intakeModule } from '@motcua/intake';
import { startService, type RunningService } from '../../src/service-host';

const root = join(__dirname, '..', '..', '..', '..');

/** The integrator's program: with its API key, submit a dossier with a retry-safe key, then read it back. */
const program = (applicantPhone: string) => `
import createClient from 'openapi-fetch';
import type { paths } from './intake-api';

export async function run(baseUrl: string, apiKey: string) {
  const client = createClient<paths>({ baseUrl, headers: { 'X-API-Key': apiKey } });
  const submit = () =>
    client.POST('/v1/dossiers', {
      params: { header: { 'Idempotency-Key': 'portal-2026-000123' } },
      body: {
        procedureCode: '1.001193',
        centreId: 'hue-phong-dien',
        submissionChannel: 'portal',
        applicant: { fullName: 'Trần Thị Bình (dữ liệu mẫu)', idNumber: '046190012345', phone: ${applicantPhone} },
        documents: [
          { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
          { code: 'GCS', name: 'Giấy chứng sinh' },
        ],
        returnChannel: { type: 'electronic', email: 'binh@example.vn' },
      },
    });
  const first = await submit();
  if (!first.data) throw new Error('submission refused: ' + JSON.stringify(first.error));
  const again = await submit();
  const read = await client.GET('/v1/dossiers/{id}', { params: { path: { id: first.data.id } } });
  return {
    status: first.response.status,
    code: first.data.code,
    state: first.data.state,
    appointmentAt: first.data.appointmentAt,
    replayed: again.response.headers.get('idempotent-replayed'),
    sameDossier: again.data?.id === first.data.id,
    readBack: read.data?.code,
  };
}
`;

function typeErrors(dir: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    baseUrl: dir,
    paths: { 'openapi-fetch': [join(root, 'node_modules', 'openapi-fetch', 'dist', 'index.d.cts')] },
  };
  const compiled = ts.createProgram([join(dir, 'client.ts')], options);
  return ts.getPreEmitDiagnostics(compiled).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a client generated from intake\'s /openapi.json', () => {
  let store: Store;
  let bus: EventBus;
  let intake: RunningService;
  let dir: string;
  let auth: TestAuth;

  beforeAll(async () => {
    const logger = createLogger({ service: 'intake', level: 'silent' });
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-client-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    auth = await testAuth(store);
    intake = await startService(intakeModule, { auth: auth.authenticator, store, bus, logger, port: 0, host: '127.0.0.1', clock: () => new Date('2026-11-25T02:00:00.000Z') });
    dir = mkdtempSync(join(tmpdir(), 'motcua-generated-'));
    // The command, as an integrator runs it, pointed at the service (an ES module tool: run by node, not inside jest).
    // Not execFileSync: the service that answers it runs in this process.
    await promisify(execFile)(process.execPath, [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), `${intake.url}/openapi.json`, '--output', join(dir, 'intake-api.ts')]);
  }, 60_000);
  afterAll(async () => {
    await intake?.stop();
    await bus?.close();
    await store?.close();
  });

  it('when the integrator\'s program is compiled against the generated types and run, then it submits a dossier, retries it safely and reads it back', async () => {
    const source = program("'0912345678'");
    writeFileSync(join(dir, 'client.ts'), source);
    expect(typeErrors(dir)).toEqual([]);

    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const exports: { run?: (baseUrl: string, apiKey: string) => Promise<Record<string, unknown>> } = {};
    new Function('require', 'exports', outputText)(createRequire(join(root, 'package.json')), exports);
    const { key } = await auth.apiKeys.create({ integratorId: 'national-portal', name: 'the national public-service portal', centres: ['hue-phong-dien'], operations: ['dossiers:write', 'dossiers:read'] });
    const result = await exports.run!(intake.url, key);
    expect(result).toEqual({
      status: 201,
      code: expect.stringMatching(/^[A-Z]+-\d{6}-\d{4}$/),
      state: 'IN_PROCESSING',
      appointmentAt: expect.any(String),
      replayed: 'true',
      sameDossier: true,
      readBack: result['code'],
    });
  });

  it('when the program sends a phone number as a number, then it does not compile against the generated types', () => {
    writeFileSync(join(dir, 'client.ts'), program('912345678'));
    expect(typeErrors(dir).join('\n')).toMatch(/Type 'number' is not assignable to type 'string'/);
  });
});
