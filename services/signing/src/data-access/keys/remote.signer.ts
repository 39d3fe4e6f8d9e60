/**
 * The remote signer: a licensed remote-signing provider holds the leaders' keys and
 * certificates; this adapter sends it only a hash and builds the CMS around the raw
 * signature it returns, so the PDF gets the same detached CMS the local signer makes.
 *
 * The HTTP shape follows the Cloud Signature Consortium API (`credentials/info`,
 * `signatures/signHash`), which Vietnamese remote-signing providers follow closely:
 *
 *   POST {url}/credentials/info      { credentialId }
 *     200 { status: 'valid' | 'expired' | 'revoked' | 'suspended', certificates: [base64 DER, signer first] }
 *   POST {url}/signatures/signHash   { credentialId, hashAlgorithm: 'SHA-256', hash }
 *     200 { signature: base64, certificates: [base64 DER, signer first] }
 *   errors: 4xx/5xx { error, error_description }   (error: invalid_token, CERT_EXPIRED, CERT_REVOKED, ...)
 *
 * `hash` is, as in CSC signHash, the SHA-256 of the DER of the CMS signed attributes
 * (content type, signing time, and the message digest of the PDF's byte ranges): the
 * provider signs exactly what a CMS verifier checks, and never sees the document.
 *
 * Only network errors, timeouts, 429 and 5xx are retried (bounded exponential backoff);
 * anything else the provider says is final.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { backOff } from 'exponential-backoff';
import * as pkijs from 'pkijs';
import { AppError } from '@motcua/errors';
import type { CertificateFacts } from '../../domain/certificate.rules';
import { SigningErrors } from '../../domain/signature-request.entity';
import type { Signer } from '../../domain/signing.ports';

export const RemoteSigningErrors = {
  /** The provider could not be reached, timed out or failed (5xx) on every attempt: try again later. */
  REMOTE_UNAVAILABLE: 'SIGNING.REMOTE_UNAVAILABLE',
  /** The provider refused the call (token, credential, request): retrying will not help. */
  REMOTE_REFUSED: 'SIGNING.REMOTE_REFUSED',
} as const;

export interface RemoteSignerOptions {
  /** Base URL of the provider's API, without a trailing slash. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Per attempt. */
  timeoutMs: number;
  /** The provider's credential of an officer; the officer id when the mapping names none. */
  credentialOf: (officerId: string) => string;
  /** Attempts per call, the first included; 4 by default. */
  attempts?: number;
  /** Delay before the first retry, doubled each time, capped at 2 s; 250 ms by default. */
  firstRetryDelayMs?: number;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
} as const;

interface ProviderFailure {
  status: number;
  error?: string;
  description?: string;
}

/** Thrown inside an attempt; the retry policy reads `retryable`. */
class AttemptFailed extends Error {
  constructor(
    readonly retryable: boolean,
    readonly failure: ProviderFailure | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface CredentialInfo {
  status: string;
  certificates: string[];
}

interface SignHashAnswer {
  signature: string;
  certificates: string[];
}

function commonNameOf(name: pkijs.RelativeDistinguishedNames): string {
  const value = name.typesAndValues.find((t) => t.type === OID.commonName)?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof value?.valueBlock?.value === 'string' ? value.valueBlock.value : '';
}

export function certificateFactsOf(certificate: pkijs.Certificate): CertificateFacts {
  return {
    subjectCommonName: commonNameOf(certificate.subject),
    issuerCommonName: commonNameOf(certificate.issuer),
    serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^(00)+(?=.)/, '').toLowerCase(),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
  };
}

function parseChain(certificates: unknown, credentialId: string): { chain: pkijs.Certificate[]; der: Buffer[] } {
  if (!Array.isArray(certificates) || certificates.length === 0 || !certificates.every((c) => typeof c === 'string')) {
    throw refused(`the provider returned no certificate chain for credential ${credentialId}`);
  }
  const der = certificates.map((c) => Buffer.from(c, 'base64'));
  try {
    return { chain: der.map((d) => pkijs.Certificate.fromBER(new Uint8Array(d))), der };
  } catch (error) {
    throw refused(`the provider returned a certificate that is not X.509 DER for credential ${credentialId} (${(error as Error).message})`);
  }
}

const refused = (message: string, details?: Record<string, unknown>) =>
  new AppError(RemoteSigningErrors.REMOTE_REFUSED, 'permanent', message, { status: 502, retryable: false, ...(details ? { details } : {}) });

/** What the provider said about the certificate, as the domain's codes; undefined when it said nothing about it. */
function certificateRefusal(error: string | undefined, credentialId: string, description?: string): AppError | undefined {
  const said = (error ?? '').toUpperCase();
  const details = { credentialId, ...(description ? { provider: description } : {}) };
  if (said === 'CERT_REVOKED' || said === 'REVOKED' || said === 'SUSPENDED' || said === 'CERT_SUSPENDED') {
    return new AppError(SigningErrors.CERT_REVOKED, 'conflict', `the remote-signing provider says the certificate of credential ${credentialId} is revoked or suspended`, { details });
  }
  if (said === 'CERT_EXPIRED' || said === 'EXPIRED') {
    return new AppError(SigningErrors.CERT_EXPIRED, 'conflict', `the remote-signing provider says the certificate of credential ${credentialId} has expired`, { details });
  }
  return undefined;
}

/** The DER of the signed attributes as the signature covers them: the [0] IMPLICIT of SignerInfo re-tagged as SET OF (RFC 5652 §5.4). */
function signedAttributesToSign(attributes: pkijs.SignedAndUnsignedAttributes): Buffer {
  const der = Buffer.from(attributes.toSchema().toBER(false));
  der[0] = 0x31;
  return der;
}

export function remoteSigner(options: RemoteSignerOptions): Signer {
  const attempts = options.attempts ?? 4;

  async function call<T>(path: string, body: Record<string, unknown>): Promise<T> {
    const url = `${options.url}${path}`;
    const once = async (): Promise<T> => {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        throw new AttemptFailed(true, undefined, timedOut ? `no answer within ${options.timeoutMs} ms` : `cannot reach the provider (${(error as Error).message})`);
      }
      const text = await response.text().catch(() => '');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (response.ok) {
        if (typeof json !== 'object' || json === null) throw new AttemptFailed(false, { status: response.status }, 'the provider answered 2xx without a JSON body');
        return json as T;
      }
      const problem = (typeof json === 'object' && json !== null ? json : {}) as { error?: unknown; error_description?: unknown };
      const failure: ProviderFailure = {
        status: response.status,
        ...(typeof problem.error === 'string' ? { error: problem.error } : {}),
        ...(typeof problem.error_description === 'string' ? { description: problem.error_description } : {}),
      };
      const retryable = response.status >= 500 || response.status === 429;
      throw new AttemptFailed(retryable, failure, `the provider answered ${response.status}${failure.error ? ` ${failure.error}` : ''}${failure.description ? `: ${failure.description}` : ''}`);
    };

    try {
      return await backOff(once, {
        numOfAttempts: attempts,
        startingDelay: options.firstRetryDelayMs ?? 250,
        timeMultiple: 2,
        maxDelay: 2_000,
        // No jitter: one leader's click is one caller, not a herd, and a fixed schedule is what the operations guide can state.
        jitter: 'none',
        retry: (error: unknown) => error instanceof AttemptFailed && error.retryable,
      });
    } catch (error) {
      if (!(error instanceof AttemptFailed)) throw error;
      const credentialId = typeof body['credentialId'] === 'string' ? body['credentialId'] : '';
      const byCertificate = certificateRefusal(error.failure?.error, credentialId, error.failure?.description);
      if (byCertificate) throw byCertificate;
      const details = { path, credentialId, ...(error.failure ? { providerStatus: error.failure.status, providerError: error.failure.error } : {}) };
      if (error.retryable) {
        throw new AppError(RemoteSigningErrors.REMOTE_UNAVAILABLE, 'transient', `the remote-signing provider is unavailable after ${attempts} attempts: ${error.message}`, { details, cause: error });
      }
      throw refused(`the remote-signing provider refused ${path}: ${error.message}`, details);
    }
  }

  return {
    async certificateOf(officerId) {
      const credentialId = options.credentialOf(officerId);
      let info: CredentialInfo;
      try {
        info = await call<CredentialInfo>('/credentials/info', { credentialId });
      } catch (error) {
        // An unknown credential is a leader without a certificate: the use case says SIGNING.CERT_MISSING.
        if (error instanceof AppError && error.details['providerStatus'] === 404) return undefined;
        throw error;
      }
      const byStatus = info.status === 'valid' ? undefined : certificateRefusal(info.status, credentialId);
      if (byStatus) throw byStatus;
      if (info.status !== 'valid') throw refused(`the provider says credential ${credentialId} is ${String(info.status)}`);
      const { chain } = parseChain(info.certificates, credentialId);
      // Validity dates are checked by the domain rule against the service clock.
      return { certificate: certificateFactsOf(chain[0] as pkijs.Certificate), revokedSerials: new Set<string>() };
    },

    async sign(officerId, content, signingTime) {
      const credentialId = options.credentialOf(officerId);
      const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
        type: 0,
        attributes: [
          new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
          new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
          new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() })] }),
        ],
      });
      const toBeSigned = signedAttributesToSign(signedAttrs);
      const answer = await call<SignHashAnswer>('/signatures/signHash', {
        credentialId,
        hashAlgorithm: 'SHA-256',
        hash: createHash('sha256').update(toBeSigned).digest('base64'),
      });
      if (typeof answer.signature !== 'string' || answer.signature === '') throw refused(`the provider returned no signature for credential ${credentialId}`);
      const signature = Buffer.from(answer.signature, 'base64');
      const { chain, der } = parseChain(answer.certificates, credentialId);
      const signerCertificate = chain[0] as pkijs.Certificate;

      // The provider's certificate is checked again here: it may have changed since certificateOf.
      const facts = certificateFactsOf(signerCertificate);
      if (signingTime.getTime() > facts.notAfter.getTime() || signingTime.getTime() < facts.notBefore.getTime()) {
        throw new AppError(SigningErrors.CERT_EXPIRED, 'conflict', `the certificate the provider signed with for ${facts.subjectCommonName} is not valid at ${signingTime.toISOString()}`, {
          details: { credentialId, serialNumber: facts.serialNumber, notBefore: facts.notBefore.toISOString(), notAfter: facts.notAfter.toISOString() },
        });
      }
      // A signature that does not verify would make a PDF every reader rejects: refuse it here instead.
      const publicKey = new X509Certificate(der[0] as Buffer).publicKey;
      if (!verifySignature('sha256', toBeSigned, publicKey, signature)) {
        throw refused(`the signature the provider returned for credential ${credentialId} does not verify with its certificate`);
      }

      const keyAlgorithm = signerCertificate.subjectPublicKeyInfo.algorithm.algorithmId;
      const signedData = new pkijs.SignedData({
        version: 1,
        encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
        digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() })],
        certificates: chain,
        signerInfos: [
          new pkijs.SignerInfo({
            version: 1,
            sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCertificate.issuer, serialNumber: signerCertificate.serialNumber }),
            digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
            signedAttrs,
            signatureAlgorithm:
              keyAlgorithm === OID.ecPublicKey
                ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
                : new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
            signature: new asn1js.OctetString({ valueHex: signature }),
          }),
        ],
      });
      const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
      return Buffer.from(contentInfo.toSchema().toBER(false));
    },
  };
}
