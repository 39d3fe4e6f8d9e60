import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { rsaSigner } from '../../src/data-access/keys/local-p12.signer';

describe('the native RSA signature in the local signer', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const digest = (text: string) => forge.md.sha256.create().update(text, 'utf8');

  it('when it signs a SHA-256 digest, then the bytes are exactly forge’s own RSASSA-PKCS1-v1_5 signature (the scheme is deterministic)', () => {
    for (const text of ['', 'chữ ký số', 'x'.repeat(10_000)]) {
      expect(Buffer.from(rsaSigner(createPrivateKey(privateKey)).sign(digest(text)), 'binary').toString('hex')).toBe(Buffer.from(forgeKey.sign(digest(text)), 'binary').toString('hex'));
    }
  });

  it('when the CMS of a PDF is built with it, then it is byte for byte the CMS forge builds with its own key (pdfsig checks the real ones in signed-result.component.test.ts)', () => {
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
    certificate.serialNumber = '01';
    certificate.validity.notBefore = new Date('2026-01-01T00:00:00Z');
    certificate.validity.notAfter = new Date('2027-01-01T00:00:00Z');
    certificate.setSubject([{ shortName: 'CN', value: 'test' }]);
    certificate.setIssuer([{ shortName: 'CN', value: 'test' }]);
    certificate.sign(forgeKey, forge.md.sha256.create());
    const cms = (key: unknown) => {
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer('%PDF-1.7 bytes to sign');
      p7.addCertificate(certificate);
      p7.addSigner({
        key: key as forge.pki.rsa.PrivateKey,
        certificate,
        digestAlgorithm: forge.pki.oids.sha256 as string,
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
          { type: forge.pki.oids.signingTime as string, value: new Date('2026-12-06T05:00:00Z') as unknown as string },
          { type: forge.pki.oids.messageDigest as string },
        ],
      });
      p7.sign({ detached: true });
      return forge.asn1.toDer(p7.toAsn1()).toHex();
    };
    expect(cms(rsaSigner(createPrivateKey(privateKey)))).toBe(cms(forgeKey));
  });
});
