/**
 * When a signer's certificate may sign: inside its validity period and not revoked.
 * A refusal is permanent for this request (a retry will not help until the
 * certificate is renewed), so it is a conflict with a stable code, not a retry.
 */
import { AppError } from '@motcua/errors';
import { SigningErrors } from './signature-request.entity';

/** What the rules need to know of an X.509 certificate. */
export interface CertificateFacts {
  subjectCommonName: string;
  issuerCommonName: string;
  /** Lower-case hex, as in the revocation list. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/** Throws SIGNING.CERT_REVOKED, SIGNING.CERT_EXPIRED or SIGNING.CERT_NOT_YET_VALID; returns when the certificate may sign at `now`. */
export function assertCertificateUsable(certificate: CertificateFacts, now: Date, revokedSerials: ReadonlySet<string>): void {
  const details = { serialNumber: certificate.serialNumber, subject: certificate.subjectCommonName, notBefore: certificate.notBefore.toISOString(), notAfter: certificate.notAfter.toISOString() };
  // Revocation first: a revoked certificate is refused as revoked even after it has also expired.
  if (revokedSerials.has(certificate.serialNumber.toLowerCase())) {
    throw new AppError(SigningErrors.CERT_REVOKED, 'conflict', `the signing certificate ${certificate.serialNumber} of ${certificate.subjectCommonName} has been revoked`, { details });
  }
  if (now.getTime() > certificate.notAfter.getTime()) {
    throw new AppError(SigningErrors.CERT_EXPIRED, 'conflict', `the signing certificate of ${certificate.subjectCommonName} expired at ${details.notAfter}`, { details });
  }
  if (now.getTime() < certificate.notBefore.getTime()) {
    throw new AppError(SigningErrors.CERT_NOT_YET_VALID, 'conflict', `the signing certificate of ${certificate.subjectCommonName} is valid only from ${details.notBefore}`, { details });
  }
}
