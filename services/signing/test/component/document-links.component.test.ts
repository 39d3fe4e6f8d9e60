/**
 * signing's document route (the signed PDF) in-process on SQLite and the embedded bus: open to a
 * caller without a link (until issue 7), and through an expiring link only while the
 * link is genuine and unexpired.
 */
import { signLink } from '@motcua/runtime';
import { officerHeaders, waitFor } from '@motcua/testing';
import { sign, startSigningHarness, type SigningHarness } from '../support/signing-harness';

const secret = 'component-test-secret-0123456789abcdef';

describe('signed documents behind expiring links', () => {
  let harness: SigningHarness;
  let now = new Date('2026-11-25T08:00:00.000Z');
  let documentId: string;
  const url = () => harness.signing.url;

  beforeAll(async () => {
    harness = await startSigningHarness({ now: () => now, env: { RESULT_LINK_SECRET: secret } });
    const requestId = await harness.pendingRequest({ dossierId: 'd-1', dossierCode: 'PDN-261125-0001' });
    const signed = await waitFor(
      async () => {
        const response = await sign(url(), requestId, 'pdn-leader-1');
        return response.status === 200 ? response : undefined;
      },
      { what: 'the signed result' },
    );
    documentId = ((await signed.json()) as { document: { id: string } }).document.id;
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const path = () => `/v1/documents/${documentId}`;
  const codeOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code });

  it('when a document is fetched without a link, then an officer of its centre gets it, publicly cacheable headers unset', async () => {
    expect((await fetch(`${url()}${path()}`)).status).toBe(401);
    const response = await fetch(`${url()}${path()}`, { headers: await officerHeaders('pdn-reception-1') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('when a genuine link is used before its expiry, then the document is served privately; at the expiry it is refused', async () => {
    const { expires, signature } = signLink(secret, path(), new Date('2026-11-25T09:00:00.000Z'));
    const link = `${url()}${path()}?expires=${expires}&signature=${signature}`;
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    now = new Date('2026-11-25T09:00:00.000Z');
    expect(await codeOf(await fetch(link))).toEqual({ status: 403, code: 'DOCUMENT.LINK_EXPIRED' });
  });

  it('when a link is signed with another secret or lacks a parameter, then it is refused as invalid; a repeated parameter is a malformed query', async () => {
    now = new Date('2026-11-25T08:00:00.000Z');
    const genuine = signLink(secret, path(), new Date('2026-11-25T09:00:00.000Z'));
    const foreign = signLink('another-secret-0123456789abcdef-xyz', path(), new Date('2026-11-25T09:00:00.000Z'));
    for (const query of [`expires=${foreign.expires}&signature=${foreign.signature}`, `signature=${genuine.signature}`, `expires=${genuine.expires}`]) {
      expect(await codeOf(await fetch(`${url()}${path()}?${query}`))).toEqual({ status: 403, code: 'DOCUMENT.LINK_INVALID' });
    }
    // Refused by the route's query schema, before the link is checked or the document looked up.
    const repeated = await fetch(`${url()}${path()}?expires=${genuine.expires}&expires=${genuine.expires}&signature=${genuine.signature}`);
    expect(await codeOf(repeated)).toEqual({ status: 400, code: 'REQUEST.INVALID' });
  });

  it('when a genuine link names a document that does not exist, then it is 404 as without a link', async () => {
    const missing = `/v1/documents/${'0'.repeat(64)}`;
    const { expires, signature } = signLink(secret, missing, new Date('2026-11-25T09:00:00.000Z'));
    expect((await fetch(`${url()}${missing}?expires=${expires}&signature=${signature}`)).status).toBe(404);
  });
});
