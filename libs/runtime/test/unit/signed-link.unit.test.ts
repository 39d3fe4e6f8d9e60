/**
 * Expiring signed links: what one service signs another accepts until the expiry and
 * never after; any edit of path, expiry or signature makes the link invalid; and the
 * shared secret is configured, or generated once per data directory.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULT_LINK_SECRET_FILE, sharedLinkSecret, signLink, signedPath, verifyLink } from '../../src/http/signed-link';

const secret = 'a-test-secret-of-at-least-32-characters';
const path = '/v1/documents/abc123';
const issuedAt = new Date('2026-11-25T02:00:00.000Z');
const expiresAt = new Date('2026-11-26T02:00:00.000Z');

describe('signed links', () => {
  it('when a link is checked before its expiry, then it is valid; at and after the expiry it is expired', () => {
    const { expires, signature } = signLink(secret, path, expiresAt);
    expect(expires).toBe(expiresAt.getTime() / 1000);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyLink(secret, path, String(expires), signature, issuedAt)).toEqual({ valid: true });
    expect(verifyLink(secret, path, String(expires), signature, new Date(expiresAt.getTime() - 1))).toEqual({ valid: true });
    expect(verifyLink(secret, path, String(expires), signature, expiresAt)).toEqual({ valid: false, reason: 'expired' });
    expect(verifyLink(secret, path, String(expires), signature, new Date('2027-01-01T00:00:00Z'))).toEqual({ valid: false, reason: 'expired' });
  });

  it('when the expiry, the path, the signature or the secret differ from what was signed, then the link is invalid, even if it would also be expired', () => {
    const { expires, signature } = signLink(secret, path, expiresAt);
    const later = String(expires + 86_400);
    expect(verifyLink(secret, path, later, signature, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(secret, '/v1/documents/abc124', String(expires), signature, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyLink(secret, path, String(expires), flipped, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(`${secret}x`, path, String(expires), signature, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    // An edited expiry is refused as invalid whatever the time: nobody learns the link was once good.
    expect(verifyLink(secret, path, String(expires - 86_400 * 2), signature, new Date('2027-01-01T00:00:00Z'))).toEqual({ valid: false, reason: 'invalid' });
  });

  it('when a parameter is missing, malformed or of another length, then the link is invalid without throwing', () => {
    const { expires, signature } = signLink(secret, path, expiresAt);
    expect(verifyLink(secret, path, undefined, signature, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(secret, path, String(expires), undefined, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(secret, path, '1e12', signature, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(secret, path, String(expires), signature.slice(0, 20), issuedAt)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyLink(secret, path, String(expires), `${signature}%00`, issuedAt)).toEqual({ valid: false, reason: 'invalid' });
  });

  it('signedPath appends both parameters to the path', () => {
    const { expires, signature } = signLink(secret, path, expiresAt);
    expect(signedPath(secret, path, expiresAt)).toBe(`${path}?expires=${expires}&signature=${signature}`);
  });
});

describe('the shared link secret', () => {
  const sqlite = (dir: string) => ({ MOTCUA_DATA_DIR: dir, MOTCUA_STORE: 'sqlite' as const });

  it('when it is configured, then it is used as given; a short one stops start-up without showing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-link-'));
    expect(sharedLinkSecret('RESULT_LINK_SECRET', secret, sqlite(dir))).toBe(secret);
    expect(() => sharedLinkSecret('RESULT_LINK_SECRET', 'short-secret', sqlite(dir))).toThrow(/RESULT_LINK_SECRET: must be at least 32 characters/);
    try {
      sharedLinkSecret('RESULT_LINK_SECRET', 'short-secret', sqlite(dir));
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('short-secret');
      expect((error as Error).message).not.toContain('short-secret');
    }
  });

  it('when it is not configured on SQLite, then one is generated in the data directory on the first start and read back on the next', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'motcua-link-')), 'data');
    const first = sharedLinkSecret('RESULT_LINK_SECRET', undefined, sqlite(dir));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dir, RESULT_LINK_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(sharedLinkSecret('RESULT_LINK_SECRET', '', sqlite(dir))).toBe(first);
  });

  it('when the secret file is damaged, then start-up fails naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-link-'));
    writeFileSync(join(dir, RESULT_LINK_SECRET_FILE), 'abc\n');
    expect(() => sharedLinkSecret('RESULT_LINK_SECRET', undefined, sqlite(dir))).toThrow(/result-link\.secret: holds fewer than 32 characters/);
  });

  it('when it is not configured on MongoDB, then start-up fails naming the variable', () => {
    expect(() => sharedLinkSecret('RESULT_LINK_SECRET', undefined, { MOTCUA_DATA_DIR: '/nonexistent', MOTCUA_STORE: 'mongo' })).toThrow(
      /RESULT_LINK_SECRET: required when MOTCUA_STORE=mongo/,
    );
  });
});
