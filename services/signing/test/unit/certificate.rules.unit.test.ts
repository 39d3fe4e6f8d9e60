/** When a leader's certificate may sign: inside its validity, not revoked; refusals carry stable codes. */
import { AppError } from '@motcua/errors';
import { assertCertificateUsable, type CertificateFacts } from '../../src/domain/certificate.rules';

const certificate: CertificateFacts = {
  subjectCommonName: 'Hoàng Thị Thảo (mẫu)',
  issuerCommonName: 'motcua CA cục bộ (local demo CA)',
  serialNumber: '1a2b3c',
  notBefore: new Date('2026-01-01T00:00:00.000Z'),
  notAfter: new Date('2028-12-31T23:59:59.000Z'),
};

function refusal(now: string, revoked: string[] = []): AppError | undefined {
  try {
    assertCertificateUsable(certificate, new Date(now), new Set(revoked));
    return undefined;
  } catch (error) {
    return error as AppError;
  }
}

describe('certificate rules', () => {
  it('when the certificate is inside its validity and not revoked, then it may sign', () => {
    expect(refusal('2027-06-01T00:00:00.000Z')).toBeUndefined();
  });

  it('when the certificate has expired, then signing is refused with SIGNING.CERT_EXPIRED, a conflict that a retry will not fix', () => {
    const error = refusal('2029-01-01T00:00:00.000Z');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SIGNING.CERT_EXPIRED', status: 409, retryable: false });
    expect(error?.details).toMatchObject({ serialNumber: '1a2b3c', notAfter: '2028-12-31T23:59:59.000Z' });
  });

  it('when the certificate is not valid yet, then signing is refused with SIGNING.CERT_NOT_YET_VALID', () => {
    expect(refusal('2025-12-31T00:00:00.000Z')).toMatchObject({ code: 'SIGNING.CERT_NOT_YET_VALID' });
  });

  it('when the serial is on the revocation list (any case), then signing is refused with SIGNING.CERT_REVOKED', () => {
    expect(refusal('2027-06-01T00:00:00.000Z', ['ffff', '1a2b3c'])).toMatchObject({ code: 'SIGNING.CERT_REVOKED', status: 409 });
  });

  it('when a revoked certificate has also expired, then it is refused as revoked', () => {
    expect(refusal('2029-01-01T00:00:00.000Z', ['1a2b3c'])).toMatchObject({ code: 'SIGNING.CERT_REVOKED' });
  });
});
