/** The signer settings: local by default; remote needs its URL and token, and a bad value stops start-up naming the variable. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningConfig } from '../../src/config';

const base = () => ({ MOTCUA_STORE: 'sqlite', MOTCUA_DATA_DIR: mkdtempSync(join(tmpdir(), 'motcua-signing-config-')) });
const remote = { SIGNING_SIGNER: 'remote', SIGNING_REMOTE_URL: 'https://ky-so.example.vn/csc/v1/', SIGNING_REMOTE_TOKEN: 'token-1234567890' };

describe('signing configuration', () => {
  it('when SIGNING_SIGNER is unset, then the local PKCS#12 signer is used', () => {
    expect(loadSigningConfig(base()).signer).toEqual({ kind: 'local' });
  });

  it('when SIGNING_SIGNER=remote with URL and token, then the remote signer is configured with a 10 s timeout and the officer mapping', () => {
    const config = loadSigningConfig({ ...base(), ...remote, SIGNING_REMOTE_CREDENTIALS: 'pdn-leader-1=cred-001, klg-leader-1 = cred-002' });
    expect(config.signer).toEqual({
      kind: 'remote',
      url: 'https://ky-so.example.vn/csc/v1',
      token: 'token-1234567890',
      timeoutMs: 10_000,
      credentials: { 'pdn-leader-1': 'cred-001', 'klg-leader-1': 'cred-002' },
      trustedCaPems: [],
    });
    expect(config.p12Passphrase).toBe('');
  });

  it.each([
    [{ SIGNING_SIGNER: 'hsm' }, 'SIGNING_SIGNER'],
    [{ SIGNING_SIGNER: 'remote', SIGNING_REMOTE_TOKEN: 't' }, 'SIGNING_REMOTE_URL'],
    [{ SIGNING_SIGNER: 'remote', SIGNING_REMOTE_URL: 'ftp://x.example.vn' }, 'SIGNING_REMOTE_URL'],
    [{ SIGNING_SIGNER: 'remote', SIGNING_REMOTE_URL: 'https://x.example.vn' }, 'SIGNING_REMOTE_TOKEN'],
    [{ ...remote, SIGNING_REMOTE_TIMEOUT_MS: '10' }, 'SIGNING_REMOTE_TIMEOUT_MS'],
    [{ ...remote, SIGNING_REMOTE_TIMEOUT_MS: 'soon' }, 'SIGNING_REMOTE_TIMEOUT_MS'],
    [{ ...remote, SIGNING_REMOTE_CREDENTIALS: 'pdn-leader-1' }, 'SIGNING_REMOTE_CREDENTIALS'],
    [{ ...remote, SIGNING_REMOTE_CREDENTIALS: 'a=1,a=2' }, 'SIGNING_REMOTE_CREDENTIALS'],
    [{ ...remote, SIGNING_REMOTE_CA_FILE: '/nonexistent/ca.pem' }, 'SIGNING_REMOTE_CA_FILE'],
  ])('when %j, then start-up stops naming %s', (env, variable) => {
    expect(() => loadSigningConfig({ ...base(), ...env })).toThrow(variable);
  });

  it('when the token is blank, then start-up stops naming SIGNING_REMOTE_TOKEN', () => {
    expect(() => loadSigningConfig({ ...base(), SIGNING_SIGNER: 'remote', SIGNING_REMOTE_URL: 'https://x.example.vn', SIGNING_REMOTE_TOKEN: '   ' })).toThrow(/SIGNING_REMOTE_TOKEN: required/);
  });

  it('when SIGNING_REMOTE_CA_FILE holds a certificate, then /v1/verify is to trust it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-ca-')), 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = loadSigningConfig({ ...base(), ...remote, SIGNING_REMOTE_CA_FILE: file });
    expect(config.signer.kind === 'remote' && config.signer.trustedCaPems).toHaveLength(1);
  });
});
