/**
 * A result signed through the HTTP API is a PDF that the standard verifier (poppler's
 * pdfsig) accepts as signed by the leader, that reads back in Vietnamese, renders, and
 * that both pdfsig and POST /v1/verify reject once one byte is changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describeWithPeer, officerHeaders, pdfPeer, runPdfTool, waitFor } from '@motcua/testing';
import { RESULT, sign, startSigningHarness, type SigningHarness } from '../support/signing-harness';

const LEADER = 'pdn-leader-1';
const LEADER_NAME = 'Hoàng Thị Thảo (mẫu)';
const APPLICANT = 'Nguyễn Thị Hồng Nhung';

/** Signs, retrying while the dossier's reception has not reached signing yet (two topics, no order between them). */
async function signWhenReady(harness: SigningHarness, requestId: string, officer = LEADER): Promise<Response> {
  return waitFor(
    async () => {
      const response = await sign(harness.signing.url, requestId, officer);
      if (response.status === 409 && ((await response.clone().json()) as { code?: string }).code === 'SIGNING.APPLICANT_UNKNOWN') return undefined;
      return response;
    },
    { what: 'signing once the applicant is known' },
  );
}

describeWithPeer(pdfPeer(), 'a signed result checked by the standard PDF tools', (pdf) => {
  let harness: SigningHarness;
  const now = new Date('2026-11-25T08:00:00.000Z');
  const work = mkdtempSync(join(tmpdir(), 'motcua-signed-pdf-'));
  let signedBody: { documentId: string; document: { id: string; sha256: string; kind: string; signer: { name: string } } };
  let bytes: Buffer;
  let file: string;

  beforeAll(async () => {
    harness = await startSigningHarness({ now: () => now });
    const requestId = await harness.pendingRequest({ dossierId: 'd-pdf-1', dossierCode: 'PDN-261125-0007', applicant: APPLICANT });
    const response = await signWhenReady(harness, requestId);
    expect(response.status).toBe(200);
    signedBody = (await response.json()) as typeof signedBody;
    const download = await fetch(`${harness.signing.url}/v1/documents/${signedBody.documentId}`, { headers: await officerHeaders('pdn-leader-1') });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    bytes = Buffer.from(await download.arrayBuffer());
    file = join(work, 'signed.pdf');
    writeFileSync(file, bytes);
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('when the document is asked for without a download link, then only an officer of its centre (or ops) gets it', async () => {
    const ask = async (officer?: string) => fetch(`${harness.signing.url}/v1/documents/${signedBody.documentId}`, officer ? { headers: await officerHeaders(officer) } : {});
    const anonymous = await ask();
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('AUTH.UNAUTHENTICATED');
    const elsewhere = await ask('klg-reception-1');
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('AUTH.WRONG_CENTRE');
    expect((await ask('pdn-reception-1')).status).toBe(200);
    expect((await ask('hue-ops-1')).status).toBe(200);
  });

  it('when a leader signs a result through the API, then pdfsig reports the signature valid and the leader as signer', async () => {
    const run = await runPdfTool(pdf.pdfsig, [file]);
    expect(run.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(run.stdout).toContain(`Signer Certificate Common Name: ${LEADER_NAME}`);
    expect(run.stdout).toContain('Signing Hash Algorithm: SHA-256');
    expect(run.stdout).toContain('Total document signed');
    expect(signedBody.document).toMatchObject({ kind: 'pades-cms', sha256: createHash('sha256').update(bytes).digest('hex'), signer: { name: LEADER_NAME } });
  });

  it('when a result is signed, then DocumentSigned says pades-cms with the digest of exactly the bytes served', async () => {
    const event = await waitFor(async () => harness.published.find((e) => e.type === 'vn.motcua.signing.DocumentSigned.v1'), { what: 'DocumentSigned' });
    expect(event.data).toMatchObject({
      documentId: signedBody.documentId,
      documentSha256: createHash('sha256').update(bytes).digest('hex'),
      signatureKind: 'pades-cms',
      signer: { id: LEADER, name: LEADER_NAME },
      actor: { role: 'leader', id: LEADER },
    });
  });

  it('when the signed PDF is sent to /v1/verify unchanged, then it is valid, names signer, time and dossier, and matches the record', async () => {
    const response = await fetch(`${harness.signing.url}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: bytes });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      valid: true,
      intact: true,
      trusted: true,
      coversWholeDocument: true,
      signerName: LEADER_NAME,
      signingTime: now.toISOString(),
      matchesRecord: true,
      document: { id: signedBody.documentId, dossierCode: 'PDN-261125-0007', signerName: LEADER_NAME },
    });
  });

  it('when one byte inside the signed range is flipped, then pdfsig and /v1/verify both report the signature invalid', async () => {
    const tampered = Buffer.from(bytes);
    // A byte of the first content stream: well inside the first signed range, and the file still parses.
    const at = tampered.indexOf('stream\n') + 20;
    expect(at).toBeGreaterThan(20);
    expect(at).toBeLessThan(tampered.indexOf('/ByteRange'));
    tampered[at] = (tampered[at] as number) ^ 0x01;
    const tamperedFile = join(work, 'tampered.pdf');
    writeFileSync(tamperedFile, tampered);

    const run = await runPdfTool(pdf.pdfsig, [tamperedFile]);
    expect(run.stdout).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    expect(run.stdout).not.toContain('Signature is Valid.');

    const response = await fetch(`${harness.signing.url}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: tampered });
    expect(await response.json()).toMatchObject({ valid: false, intact: false, matchesRecord: false });
  });

  it('when bytes are appended after the signature, then /v1/verify says the signature no longer covers the document', async () => {
    const appended = Buffer.concat([bytes, Buffer.from('\n% added later\n')]);
    const response = await fetch(`${harness.signing.url}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: appended });
    expect(await response.json()).toMatchObject({ valid: false, intact: true, coversWholeDocument: false, matchesRecord: false });
  });

  it('when the text is extracted with pdftotext, then the Vietnamese text is there exactly, diacritics included', async () => {
    const run = await runPdfTool(pdf.pdftotext, ['-enc', 'UTF-8', file, '-']);
    expect(run.code).toBe(0);
    const text = run.stdout.normalize('NFC');
    for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', APPLICANT, RESULT.title.toUpperCase(), 'PDN-261125-0007', 'Thủ tục đăng ký khai sinh', LEADER_NAME, 'ngày 25 tháng 11 năm 2026']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`/verify?document=${signedBody.documentId}`);
  });

  it('when the PDF is rendered with pdftoppm, then a page image comes out', async () => {
    const prefix = join(work, 'page');
    const run = await runPdfTool(pdf.pdftoppm, ['-png', '-r', '50', '-f', '1', '-l', '1', file, prefix]);
    expect(run.code).toBe(0);
    const image = readdirSync(work).find((name) => name.startsWith('page') && name.endsWith('.png'));
    expect(image).toBeDefined();
    expect(statSync(join(work, image as string)).size).toBeGreaterThan(2000);
  });

  it('when the rendered page’s QR code is scanned, then it reads the public verification link of this document', async () => {
    const prefix = join(work, 'qr');
    const run = await runPdfTool(pdf.pdftoppm, ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
    expect(run.code).toBe(0);
    const page = PNG.sync.read(readFileSync(`${prefix}.png`));
    const scanned = jsQR(new Uint8ClampedArray(page.data), page.width, page.height);
    expect(scanned?.data).toMatch(new RegExp(`/verify\\?document=${signedBody.documentId}$`));
  });

  it('when the QR link is followed, then the public page shows the record without the applicant', async () => {
    const response = await fetch(`${harness.signing.url}/verify?document=${signedBody.documentId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('PDN-261125-0007');
    expect(page).toContain(LEADER_NAME);
    expect(page).not.toContain(APPLICANT);
  });

  it('when signed PDFs are stored, then they are files under the data directory named by their SHA-256', () => {
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(existsSync(join(harness.dataDir, 'documents', sha.slice(0, 2), `${sha}.pdf`))).toBe(true);
    expect(existsSync(join(harness.dataDir, 'signing', 'ca.crt.pem'))).toBe(true);
    expect(existsSync(join(harness.dataDir, 'signing', 'leaders', `${LEADER}.p12`))).toBe(true);
  });
});
