/**
 * The leader's side of signing through the HTTP API: who may sign or decline (a leader
 * of the dossier's own centre, named by x-officer-id), idempotent signing, and
 * certificates that are revoked or expired refused with their codes.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, topicOfType } from '@motcua/contracts';
import { officerHeaders, OPS_DESK, waitFor } from '@motcua/testing';
import forge from 'node-forge';
import { readFileSync } from 'node:fs';
import { sign, startSigningHarness, type SigningHarness } from '../support/signing-harness';

describe('leader workflow', () => {
  let harness: SigningHarness;
  let now = new Date('2026-11-25T08:00:00.000Z');
  const url = () => harness.signing.url;
  const codeOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code });

  /** Waits until the dossier's applicant is known to signing, then returns the first answer that is not "applicant unknown". */
  const signWhenReady = (requestId: string, officer: string | undefined, body: unknown = {}) =>
    waitFor(
      async () => {
        const response = await sign(url(), requestId, officer, body);
        if (response.status === 409 && ((await response.clone().json()) as { code?: string }).code === 'SIGNING.APPLICANT_UNKNOWN') return undefined;
        return response;
      },
      { what: 'an answer other than applicant unknown' },
    );

  beforeAll(async () => {
    harness = await startSigningHarness({ now: () => now });
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('when no officer, a specialist, or a leader of another centre signs, then it is refused and the request stays pending', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-auth', dossierCode: 'PDN-261125-0101' });
    expect(await codeOf(await sign(url(), requestId, undefined))).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect(await codeOf(await sign(url(), requestId, 'pdn-specialist-1'))).toEqual({ status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect(await codeOf(await sign(url(), requestId, 'hue-ops-1'))).toEqual({ status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect(await codeOf(await sign(url(), requestId, 'klg-leader-1'))).toEqual({ status: 403, code: 'AUTH.WRONG_CENTRE' });
    expect(await codeOf(await sign(url(), requestId, 'pdn-leader-1', { signerId: 'klg-leader-1' }))).toEqual({ status: 400, code: 'SIGNING.SIGNER_MISMATCH' });
    const pending = (await (await fetch(`${url()}/v1/signature-requests?dossierId=d-auth&status=pending`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: unknown[] };
    expect(pending.items).toHaveLength(1);
  });

  it('when a leader signs twice (the second time naming themselves as signerId), then both answers carry the first document', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-twice', dossierCode: 'PDN-261125-0102' });
    const first = (await (await signWhenReady(requestId, 'pdn-leader-1')).json()) as { status: string; documentId: string; document: { sha256: string } };
    const second = (await (await sign(url(), requestId, 'pdn-leader-1', { signerId: 'pdn-leader-1' })).json()) as typeof first;
    expect(first.status).toBe('SIGNED');
    expect(second).toMatchObject({ status: 'SIGNED', documentId: first.documentId, document: { sha256: first.document.sha256 } });
    await waitFor(async () => harness.published.some((e) => e.type === 'vn.motcua.signing.DocumentSigned.v1' && (e.data as { dossierId: string }).dossierId === 'd-twice'), { what: 'DocumentSigned' });
    expect(harness.published.filter((e) => e.type === 'vn.motcua.signing.DocumentSigned.v1' && (e.data as { dossierId: string }).dossierId === 'd-twice')).toHaveLength(1);
  });

  it('when the leader declines with a reason, then SignatureDeclined goes back to processing and signing it later is refused', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-decline', dossierCode: 'PDN-261125-0103' });
    const response = await fetch(`${url()}/v1/signature-requests/${requestId}/decline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await officerHeaders('pdn-leader-1' ))},
      body: JSON.stringify({ reason: 'Sai họ tên người được khai sinh' }),
    });
    expect(await response.json()).toMatchObject({ status: 'DECLINED', declineReason: 'Sai họ tên người được khai sinh', signerId: 'pdn-leader-1' });
    const declined = await waitFor(async () => harness.published.find((e) => e.type === 'vn.motcua.signing.SignatureDeclined.v1' && (e.data as { dossierId: string }).dossierId === 'd-decline'), {
      what: 'SignatureDeclined',
    });
    expect(declined.data).toMatchObject({ reason: 'Sai họ tên người được khai sinh', actor: { role: 'leader', id: 'pdn-leader-1' } });
    expect(await codeOf(await sign(url(), requestId, 'pdn-leader-1'))).toEqual({ status: 409, code: 'SIGNING.REQUEST_ALREADY_DECIDED' });
  });

  it('when the citizen withdraws the dossier before the leader decides, then the request is closed and signing it is refused', async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-withdrawn', dossierCode: 'PDN-261125-0104' });
    const withdrawn = createEvent({
      name: 'DossierWithdrawn',
      data: { dossierId: 'd-withdrawn', dossierCode: 'PDN-261125-0104', centreId: 'hue-phong-dien', actor: { role: 'citizen' }, reason: 'Công dân rút hồ sơ', withdrawnAt: now.toISOString() },
    });
    await harness.bus.publish([{ topic: topicOfType(withdrawn.type), envelope: withdrawn }]);
    await waitFor(
      async () => ((await (await fetch(`${url()}/v1/signature-requests?dossierId=d-withdrawn&status=withdrawn`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { status: string }[] }).items[0]?.status === 'WITHDRAWN',
      { what: 'the request to be closed' },
    );
    expect(await codeOf(await sign(url(), requestId, 'pdn-leader-1'))).toEqual({ status: 409, code: 'SIGNING.REQUEST_ALREADY_DECIDED' });
    expect(harness.published.some((e) => e.type === 'vn.motcua.signing.DocumentSigned.v1' && (e.data as { dossierId: string }).dossierId === 'd-withdrawn')).toBe(false);
  });

  it("when the leader's certificate serial is on the revocation list, then signing is refused with SIGNING.CERT_REVOKED", async () => {
    const p12 = readFileSync(join(harness.dataDir, 'signing', 'leaders', 'klg-leader-1.p12'));
    const passphrase = readFileSync(join(harness.dataDir, 'signing', 'p12.passphrase'), 'utf8').trim();
    const bags = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase).getBags({ bagType: forge.pki.oids.certBag as string });
    const leaderCertificate = (bags[forge.pki.oids.certBag as string] ?? []).map((b) => b.cert).find((c) => c?.extensions.some((e: { name?: string; cA?: boolean }) => e.name === 'basicConstraints' && !e.cA));
    appendFileSync(join(harness.dataDir, 'signing', 'revoked-serials.txt'), `# key lost on 2026-11-24\n${leaderCertificate?.serialNumber}\n`);
    const requestId = await harness.pendingRequest({ dossierId: 'd-revoked', dossierCode: 'KLG-261125-0001', centreId: 'hue-kim-long' });
    expect(await codeOf(await signWhenReady(requestId, 'klg-leader-1'))).toEqual({ status: 409, code: 'SIGNING.CERT_REVOKED' });
  });

  it("when the leader's certificate has expired, then signing is refused with SIGNING.CERT_EXPIRED", async () => {
    const requestId = await harness.pendingRequest({ dossierId: 'd-expired', dossierCode: 'PDN-261125-0104' });
    // Leader certificates are issued for three years from the first start.
    now = new Date('2030-01-01T08:00:00.000Z');
    expect(await codeOf(await signWhenReady(requestId, 'pdn-leader-1'))).toEqual({ status: 409, code: 'SIGNING.CERT_EXPIRED' });
    now = new Date('2026-11-25T08:00:00.000Z');
  });

  it('when something that is not a PDF is sent to /v1/verify, then it is refused; a PDF larger than the limit is 413', async () => {
    expect(await codeOf(await fetch(`${url()}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }))).toEqual({ status: 415, code: 'SIGNING.VERIFY_NOT_A_PDF' });
    expect(await codeOf(await fetch(`${url()}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: 'hello' }))).toEqual({ status: 400, code: 'SIGNING.VERIFY_NOT_A_PDF' });
    const large = Buffer.alloc(11 * 1024 * 1024, 0x20);
    large.write('%PDF-1.7\n');
    expect((await fetch(`${url()}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: large })).status).toBe(413);
  });
});
