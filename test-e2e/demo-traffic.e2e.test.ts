/**
 * `motcua start --demo`: the embedded edition with simulated citizens and officers.
 * A newcomer must see a live system within a minute: dossiers received, worked,
 * signed and handed back, all through the public APIs, with the citizens' texts sent.
 */
import { integratorHeadersFor, waitFor } from '@motcua/testing';
import { embeddedProcess, tempDir, type ManagedProcess } from './support/service-process';

interface Listed {
  items: { code: string; status: string }[];
  total: number;
}

describe('the live demo', () => {
  let motcua: ManagedProcess;
  /** Read as the portal: the edition signs its own officers in, so the test identity provider's tokens mean nothing to it. */
  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(url, { headers: integratorHeadersFor(url) });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    // Its own development key: the simulated officers sign in with tokens it mints.
    motcua = embeddedProcess(tempDir('demo'), {}, ['--demo', '--demo-every', '0.5'], { developmentAuth: true });
    await motcua.start(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
  }, 60_000);

  afterAll(async () => {
    expect(await motcua?.stop()).toBe(0);
  }, 30_000);

  it('when started with --demo, then within a minute dossiers are received, signed and returned through the lifecycle by simulated people', async () => {
    expect(motcua.logs).toContain('live demo: simulated citizens and officers');
    const tracking = motcua.url('tracking');
    const returned = await waitFor(
      async () => {
        const answer = await get<Listed>(`${tracking}/v1/dossiers?status=RETURNED&limit=200`);
        return answer.body.total >= 3 ? answer.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'three dossiers returned by the demo' },
    );
    const code = (returned.items[0] as { code: string }).code;
    const timeline = await get<{ items: { name: string }[] }>(`${tracking}/v1/dossiers/${code}/timeline`);
    const steps = timeline.body.items.map((s) => s.name);
    for (const step of ['DossierReceived', 'DossierAssigned', 'ResultReturned', 'NotificationSent']) expect(steps).toContain(step);
    // Dossiers are spread over the lifecycle, not only finished ones.
    const all = await get<Listed>(`${tracking}/v1/dossiers?limit=200`);
    expect(new Set(all.body.items.map((d) => d.status)).size).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
