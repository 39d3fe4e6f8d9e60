/**
 * The credentials an engineer meets on day one, through the real commands: `motcua
 * start` prints development tokens and a portal key (and they work), `motcua token`
 * mints more with the same development key, `motcua keys` creates, lists, rotates and
 * revokes integrators' keys in the store the running services read. Nothing runs open.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { embeddedProcess, repoRoot, serviceNames, tempDir, type ManagedProcess } from './support/service-process';
import { birthRegistration } from './support/lifecycle-journeys';

const run = promisify(execFile);

describe('development credentials and the credential commands', () => {
  const dataDir = tempDir('credentials');
  let motcua: ManagedProcess;
  const url = (service: (typeof serviceNames)[number]) => motcua.url(service);
  const motcuaCommand = async (...args: string[]) => (await run(process.execPath, ['bin/motcua.js', ...args], { cwd: repoRoot, env: { ...process.env, MOTCUA_DATA_DIR: dataDir } })).stdout;
  const status = async (target: string, headers: Record<string, string>) => (await fetch(target, { headers })).status;
  let printed: { tokens: Map<string, string>; apiKey: string; consoleUrl: string };

  const readPrinted = (logs: string) => {
    const tokens = new Map([...logs.matchAll(/^\s+(reception|specialist|leader|courier|ops)\s+(\S+)\s+(eyJ\S+)$/gm)].map((m) => [m[2] as string, m[3] as string]));
    return { tokens, apiKey: /X-API-Key\): (mck_\S+)/.exec(logs)?.[1] ?? '', consoleUrl: /signed in as \S+: (\S+#token=\S+)/.exec(logs)?.[1] ?? '' };
  };

  beforeAll(async () => {
    motcua = embeddedProcess(dataDir, {}, ['--no-demo'], { developmentAuth: true });
    await motcua.start([...serviceNames]);
    printed = readPrinted(motcua.logs);
  }, 60_000);
  afterAll(async () => {
    await motcua?.stop();
  }, 30_000);

  it('when the embedded edition starts, then it prints a token per role and a portal key, and they work; without them nothing answers', async () => {
    expect([...printed.tokens.keys()].sort()).toEqual(['hue-ops-1', 'pdn-courier-1', 'pdn-leader-1', 'pdn-reception-1', 'pdn-specialist-1']);
    expect(printed.apiKey).toMatch(/^mck_/);
    expect(printed.consoleUrl.startsWith(`${url('tracking')}/console#token=`)).toBe(true);

    const submitted = await fetch(`${url('intake')}/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${printed.tokens.get('pdn-reception-1')}` },
      body: JSON.stringify(birthRegistration()),
    });
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };
    expect(await status(`${url('intake')}/v1/dossiers/${id}`, { 'x-api-key': printed.apiKey })).toBe(200);
    expect(await status(`${url('intake')}/v1/dossiers/${id}`, {})).toBe(401);
    expect(await status(`${url('tracking')}/v1/ops/pipeline`, { authorization: `Bearer ${printed.tokens.get('hue-ops-1')}` })).toBe(200);
  });

  it('when `motcua token` mints a leader of Kim Long, then the services take it, and it reaches Kim Long only', async () => {
    const token = (await motcuaCommand('token', '--role', 'leader', '--centre', 'hue-kim-long')).trim();
    const bearer = { authorization: `Bearer ${token}` };
    expect(await status(`${url('signing')}/v1/signature-requests`, bearer)).toBe(200);
    expect(await status(`${url('signing')}/v1/signature-requests?centreId=hue-phong-dien`, bearer)).toBe(403);
    await expect(motcuaCommand('token', '--role', 'admin', '--centre', 'hue-kim-long')).rejects.toMatchObject({ code: 2 });
    await expect(motcuaCommand('token', '--role', 'leader', '--centre', 'nowhere')).rejects.toMatchObject({ code: 2 });
  });

  it('when `motcua keys` creates, rotates and revokes a key, then the running services follow at once', async () => {
    const created = await motcuaCommand('keys', 'create', '--integrator', 'hue-portal', '--name', 'Cổng dịch vụ công', '--centres', 'hue-phong-dien', '--operations', 'dossiers:read');
    const record = JSON.parse(created.split('\n')[0] as string) as { id: string; centres: string[]; operations: string[] };
    expect(record).toMatchObject({ centres: ['hue-phong-dien'], operations: ['dossiers:read'] });
    const first = /(mck_\S+)/.exec(created.split('\n')[1] as string)?.[1] as string;
    const reads = `${url('tracking')}/v1/dossiers?centreId=hue-phong-dien`;
    expect(await status(reads, { 'x-api-key': first })).toBe(200);
    expect(await status(`${url('tracking')}/v1/dossiers?centreId=hue-kim-long`, { 'x-api-key': first })).toBe(403);

    const listed = await motcuaCommand('keys', 'list', '--integrator', 'hue-portal');
    expect(listed).toContain(record.id);
    expect(listed).not.toContain(first.split('_')[2]);
    expect(listed).not.toContain('secretHash');

    const rotated = await motcuaCommand('keys', 'rotate', record.id, '--grace-hours', '0');
    const second = /(mck_\S+)/.exec(rotated)?.[1] as string;
    expect(await status(reads, { 'x-api-key': first })).toBe(401);
    expect(await status(reads, { 'x-api-key': second })).toBe(200);

    await motcuaCommand('keys', 'revoke', record.id);
    const refused = await fetch(reads, { headers: { 'x-api-key': second } });
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([401, 'AUTH.API_KEY_REVOKED']);
    await expect(motcuaCommand('keys', 'create', '--integrator', 'x', '--name', 'y', '--operations', 'everything')).rejects.toMatchObject({ code: 2 });
  });

  it('when the edition restarts, then the printed portal key and the tokens minted before still work', async () => {
    const before = printed;
    await motcua.stop();
    await motcua.start([...serviceNames]);
    const after = readPrinted(motcua.logs);
    expect(after.apiKey).toBe(before.apiKey);
    expect(await status(`${url('tracking')}/v1/dossiers`, { authorization: `Bearer ${before.tokens.get('pdn-reception-1')}` })).toBe(200);
    expect(await status(`${url('tracking')}/v1/dossiers`, { 'x-api-key': before.apiKey })).toBe(200);
  }, 60_000);
});
