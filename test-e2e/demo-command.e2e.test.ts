/**
 * `motcua demo`, as Docker Compose's one-shot `demo` container runs it: against running
 * services (here the embedded edition, started without its own demo dossier), it submits
 * the demo dossier once, and on a system that already shows a dossier it submits none.
 * Like the container, it has the services' settings and no API key: it creates its own
 * in the deployment's key store.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '@motcua/testing';
import { embeddedProcess, repoRoot, tempDir, type ManagedProcess } from './support/service-process';
import { get } from './support/journey';

const run = promisify(execFile);

describe('motcua demo against running services', () => {
  let motcua: ManagedProcess;
  const dataDir = tempDir('demo');
  const url = (service: Parameters<ManagedProcess['url']>[0]) => motcua.url(service);
  const demo = () =>
    run(process.execPath, ['bin/motcua.js', 'demo', '--intake-url', url('intake'), '--tracking-url', url('tracking')], { cwd: repoRoot, env: { ...process.env, MOTCUA_DATA_DIR: dataDir } });

  beforeAll(async () => {
    motcua = embeddedProcess(dataDir);
    await motcua.start(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
  }, 60_000);

  afterAll(async () => {
    await motcua?.stop();
  }, 30_000);

  it('when the system has no dossier, then the demo dossier is submitted once, and a later run submits none', async () => {
    const first = await demo();
    const code = /demo dossier (\S+) \(sample data\)/.exec(first.stdout)?.[1];
    expect(code).toBeDefined();
    const shown = await waitFor(
      async () => {
        const view = await get<{ status: string }>(`${url('tracking')}/v1/dossiers/${code}`);
        return view.status === 200 ? view.body.status : undefined;
      },
      { timeoutMs: 20_000, what: 'tracking to show the demo dossier' },
    );
    expect(shown).toBe('RECEIVED');

    const second = await demo();
    expect(second.stdout).toMatch(/tracking already shows 1 dossier\(s\): no demo dossier submitted/);
    expect((await get<{ total: number }>(`${url('tracking')}/v1/dossiers`)).body.total).toBe(1);
  }, 60_000);
});
