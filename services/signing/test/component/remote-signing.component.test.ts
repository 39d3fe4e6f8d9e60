/**
 * signing with SIGNING_SIGNER=remote against the remote-signing simulator: the result
 * signed through the HTTP API carries the provider's certificate and passes pdfsig;
 * a revoked or expired credential is refused before anything is signed or emitted;
 * an unreachable or failing provider is retried, then reported as unavailable; a
 * token the provider no longer accepts is a refusal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPeer, officerHeaders, OPS_DESK, pdfPeer, runPdfTool, waitFor } from '@motcua/testing';
import { startRemoteSigningSimulator, type RemoteSigningSimulator } from '../../src/data-access/keys/remote-signing.simulator';
import { sign, startSigningHarness, type SigningHarness } from '../support/signing-harness';

const TOKEN = 'simulator-token-0123456789';
const LEADERS = [
  { id: 'pdn-leader-1', name: 'Hoàng Thị Thảo (mẫu)', centreName: 'Trung tâm Phục vụ hành chính công phường Phong Điền' },
  { id: 'klg-leader-1', name: 'Ngô Thị Vy (mẫu)', centreName: 'Trung tâm Phục vụ hành chính công phường Kim Long' },
];

describe('signing through a remote-signing provider', () => {
  let simulator: RemoteSigningSimulator;
  let harness: SigningHarness;
  const now = new Date('2026-11-25T08:00:00.000Z');
  const url = () => harness.signing.url;
  const work = mkdtempSync(join(tmpdir(), 'motcua-remote-signing-'));

  const signWhenReady = (requestId: string, officer: string) =>
    waitFor(
      async () => {
        const response = await sign(url(), requestId, officer);
        if (response.status === 409 && ((await response.clone().json()) as { code?: string }).code === 'SIGNING.APPLICANT_UNKNOWN') return undefined;
        return response;
      },
      { what: 'an answer other than applicant unknown' },
    );
  const problem = async (response: Response) => {
    const body = (await response.json()) as { code?: string };
    return { status: response.status, code: body.code };
  };
  const signedEvents = (dossierId: string) => harness.published.filter((e) => e.type === 'vn.motcua.signing.DocumentSigned.v1' && (e.data as { dossierId: string }).dossierId === dossierId);
  const pending = async (dossierId: string) => ((await (await fetch(`${url()}/v1/signature-requests?dossierId=${dossierId}&status=pending`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: unknown[] }).items;

  beforeAll(async () => {
    simulator = await startRemoteSigningSimulator({ dir: join(work, 'provider'), passphrase: 'simulator-passphrase', token: TOKEN, leaders: LEADERS, clock: () => now });
    harness = await startSigningHarness({
      now: () => now,
      env: {
        SIGNING_SIGNER: 'remote',
        SIGNING_REMOTE_URL: simulator.url,
        SIGNING_REMOTE_TOKEN: TOKEN,
        SIGNING_REMOTE_TIMEOUT_MS: '2000',
        SIGNING_REMOTE_CA_FILE: simulator.caCertificatePath,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await simulator?.stop();
  });

  afterEach(() => {
    simulator.failNext(0);
    simulator.setToken(TOKEN);
  });

  describeWithPeer(pdfPeer(), 'checked by the standard PDF tools', (pdf) => {
    it("when a leader signs through the API, then the PDF carries the provider's certificate for the leader and pdfsig reports it valid", async () => {
      const requestId = await harness.pendingRequest({ dossierId: 'd-remote-1', dossierCode: 'PDN-261125-0201' });
      const response = await signWhenReady(requestId, 'pdn-leader-1');
      expect(response.status).toBe(200);
      const body = (await response.json()) as { documentId: string; document: { signer: { name: string; certificateIssuer: string } } };
      expect(body.document.signer.name).toBe('Hoàng Thị Thảo (mẫu)');
      expect(simulator.signatures('pdn-leader-1')).toBe(1);
      // The provider saw a bearer token and a hash, never the document.
      expect(simulator.calls.filter((c) => c.path === '/signatures/signHash')).toEqual([{ path: '/signatures/signHash', credentialId: 'pdn-leader-1', status: 200 }]);

      const bytes = Buffer.from(await (await fetch(`${url()}/v1/documents/${body.documentId}`, { headers: await officerHeaders('pdn-leader-1') })).arrayBuffer());
      const file = join(work, 'remote-signed.pdf');
      writeFileSync(file, bytes);
      const run = await runPdfTool(pdf.pdfsig, [file]);
      expect(run.stdout).toContain('Signature Validation: Signature is Valid.');
      expect(run.stdout).toContain('Signer Certificate Common Name: Hoàng Thị Thảo (mẫu)');
      expect(run.stdout).toContain('Signing Hash Algorithm: SHA-256');
      expect(run.stdout).toContain('Total document signed');

      const verified = await fetch(`${url()}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: bytes });
      expect(await verified.json()).toMatchObject({ valid: true, intact: true, trusted: true, signerName: 'Hoàng Thị Thảo (mẫu)', signingTime: now.toISOString(), matchesRecord: true });
    });
  });

  it('when the provider says the credential is revoked, then signing is 409 SIGNING.CERT_REVOKED, nothing is signed or emitted, and the request stays pending', async () => {
    simulator.answer('klg-leader-1', 'revoked');
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-revoked', dossierCode: 'KLG-261125-0201', centreId: 'hue-kim-long' });
    expect(await problem(await signWhenReady(requestId, 'klg-leader-1'))).toEqual({ status: 409, code: 'SIGNING.CERT_REVOKED' });
    expect(simulator.signatures('klg-leader-1')).toBe(0);
    expect(await pending('d-remote-revoked')).toHaveLength(1);
    expect(signedEvents('d-remote-revoked')).toHaveLength(0);
  });

  it('when the provider says the credential has expired, then signing is 409 SIGNING.CERT_EXPIRED', async () => {
    simulator.answer('klg-leader-1', 'expired');
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-expired', dossierCode: 'KLG-261125-0202', centreId: 'hue-kim-long' });
    expect(await problem(await signWhenReady(requestId, 'klg-leader-1'))).toEqual({ status: 409, code: 'SIGNING.CERT_EXPIRED' });
    expect(simulator.signatures('klg-leader-1')).toBe(0);
    simulator.answer('klg-leader-1', 'valid');
  });

  it('when the provider is down and comes back while the call is retried, then the result is signed', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-down', dossierCode: 'PDN-261125-0202' });
    const before = simulator.signatures('pdn-leader-1');
    await simulator.stop();
    const signing = signWhenReady(requestId, 'pdn-leader-1');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await simulator.start();
    const response = await signing;
    expect(response.status).toBe(200);
    expect(simulator.signatures('pdn-leader-1')).toBe(before + 1);
    await waitFor(async () => signedEvents('d-remote-down').length === 1 || undefined, { what: 'DocumentSigned' });
  });

  it('when the provider answers 503 twice, then the third attempt signs', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-503', dossierCode: 'PDN-261125-0203' });
    const calls = simulator.calls.length;
    simulator.failNext(2, 503);
    const response = await signWhenReady(requestId, 'pdn-leader-1');
    expect(response.status).toBe(200);
    expect(simulator.calls.slice(calls, calls + 3).map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('when the provider keeps failing, then signing is 503 SIGNING.REMOTE_UNAVAILABLE after the bounded retries and the request stays pending', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-unavailable', dossierCode: 'PDN-261125-0204' });
    const calls = simulator.calls.length;
    simulator.failNext(1_000, 502);
    expect(await problem(await signWhenReady(requestId, 'pdn-leader-1'))).toEqual({ status: 503, code: 'SIGNING.REMOTE_UNAVAILABLE' });
    // Four attempts at the certificate, then it gives up: signHash is never reached.
    expect(simulator.calls.slice(calls).map((c) => `${c.path} ${c.status}`)).toEqual(Array(4).fill('/credentials/info 502'));
    expect(await pending('d-remote-unavailable')).toHaveLength(1);
  });

  it('when the provider no longer accepts our token, then signing is SIGNING.REMOTE_REFUSED without retrying', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-remote-token', dossierCode: 'PDN-261125-0205' });
    simulator.setToken('rotated-token-the-service-does-not-have');
    const calls = simulator.calls.length;
    expect(await problem(await signWhenReady(requestId, 'pdn-leader-1'))).toEqual({ status: 502, code: 'SIGNING.REMOTE_REFUSED' });
    expect(simulator.calls.slice(calls).filter((c) => c.status === 401)).toHaveLength(1);
    expect(await pending('d-remote-token')).toHaveLength(1);
  });
});
