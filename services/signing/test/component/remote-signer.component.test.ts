/**
 * The remote signer adapter on its own against the simulator and a provider that never
 * answers: the credential mapping, a refusal that comes only at signHash, timeouts,
 * and an unknown credential.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remoteSigner } from '../../src/data-access/keys/remote.signer';
import { startRemoteSigningSimulator, type RemoteSigningSimulator } from '../../src/data-access/keys/remote-signing.simulator';

const TOKEN = 'simulator-token-0123456789';
const signingTime = new Date();

describe('remote signer adapter', () => {
  let simulator: RemoteSigningSimulator;
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    simulator = await startRemoteSigningSimulator({
      dir: join(mkdtempSync(join(tmpdir(), 'motcua-remote-signer-')), 'provider'),
      passphrase: 'simulator-passphrase',
      token: TOKEN,
      leaders: [{ id: 'cred-007', name: 'Hoàng Thị Thảo (mẫu)', centreName: 'Phong Điền' }],
    });
    // Accepts connections and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await simulator.stop();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  const signer = (overrides: Partial<Parameters<typeof remoteSigner>[0]> = {}) =>
    remoteSigner({ url: simulator.url, token: TOKEN, timeoutMs: 2_000, credentialOf: (officer) => (officer === 'pdn-leader-1' ? 'cred-007' : officer), firstRetryDelayMs: 10, ...overrides });

  it("when an officer is mapped to a credential, then that credential's certificate and signature are used", async () => {
    const info = await signer().certificateOf('pdn-leader-1');
    expect(info?.certificate).toMatchObject({ subjectCommonName: 'Hoàng Thị Thảo (mẫu)', issuerCommonName: 'motcua CA cục bộ (local demo CA)' });
    const cms = await signer().sign('pdn-leader-1', Buffer.from('the signed byte ranges'), signingTime);
    expect(cms.subarray(0, 1).toString('hex')).toBe('30');
    expect(simulator.signatures('cred-007')).toBe(1);
  });

  it('when the provider knows no such credential, then the officer has no certificate', async () => {
    expect(await signer().certificateOf('someone-else')).toBeUndefined();
  });

  it('when the certificate is revoked between the check and signHash, then sign refuses with SIGNING.CERT_REVOKED', async () => {
    await signer().certificateOf('pdn-leader-1');
    simulator.answer('cred-007', 'revoked');
    await expect(signer().sign('pdn-leader-1', Buffer.from('x'), signingTime)).rejects.toMatchObject({ code: 'SIGNING.CERT_REVOKED', status: 409 });
    simulator.answer('cred-007', 'valid');
  });

  it('when the provider does not answer in time, then each attempt times out and the call is SIGNING.REMOTE_UNAVAILABLE', async () => {
    const started = Date.now();
    await expect(signer({ url: silentUrl, timeoutMs: 150, attempts: 2 }).certificateOf('pdn-leader-1')).rejects.toMatchObject({ code: 'SIGNING.REMOTE_UNAVAILABLE', status: 503, retryable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('when the provider rejects the token, then it is SIGNING.REMOTE_REFUSED and not retryable', async () => {
    await expect(signer({ token: 'wrong' }).sign('pdn-leader-1', Buffer.from('x'), signingTime)).rejects.toMatchObject({ code: 'SIGNING.REMOTE_REFUSED', retryable: false });
  });
});
