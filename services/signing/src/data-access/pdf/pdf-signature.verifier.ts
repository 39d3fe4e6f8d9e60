/**
 * Checks the signature inside a PDF: pdf-lib finds the signature dictionary (its
 * ByteRange and Contents) by parsing the file, pkijs verifies the CMS — the signature
 * over the signed attributes and their message digest against the SHA-256 of the
 * byte ranges — and then whether the signer's chain ends at a trusted CA.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import type { PdfSignatureCheck, PdfSignatureVerifier } from '../../domain/signing.ports';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

const OID = { commonName: '2.5.4.3', signingTime: '1.2.840.113549.1.9.5' } as const;

interface FoundSignature {
  byteRange: number[];
  contents: Uint8Array;
}

function findSignatures(pdf: PDFDocument): FoundSignature[] {
  const found: FoundSignature[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const range = object.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    const contents = object.get(PDFName.of('Contents'));
    if (!range || !(contents instanceof PDFHexString || contents instanceof PDFString)) continue;
    const byteRange = range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
    found.push({ byteRange, contents: contents.asBytes() });
  }
  return found;
}

const pemBody = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));

function certificateFromPem(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(pemBody(pem));
}

function commonNameOf(certificate: pkijs.Certificate): string | undefined {
  const value = certificate.subject.typesAndValues.find((t) => t.type === OID.commonName)?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof value?.valueBlock?.value === 'string' ? value.valueBlock.value : undefined;
}

function signingTimeOf(signedData: pkijs.SignedData): string | undefined {
  const attribute = signedData.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const value = attribute?.values[0];
  return value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime ? value.toDate().toISOString() : undefined;
}

const notSigned = (problem: string): PdfSignatureCheck => ({ signed: false, intact: false, coversWholeDocument: false, trusted: false, problem });

export function pdfSignatureVerifier(trustedCaPems: string[]): PdfSignatureVerifier {
  const trusted = trustedCaPems.map(certificateFromPem);
  return {
    async check(bytes) {
      let pdf: PDFDocument;
      try {
        pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
      } catch (error) {
        return notSigned(`not a readable PDF: ${(error as Error).message}`);
      }
      const signatures = findSignatures(pdf);
      // The signature covering the most of the file is the last one applied.
      const signature = signatures.sort((a, b) => (b.byteRange[2] ?? 0) + (b.byteRange[3] ?? 0) - ((a.byteRange[2] ?? 0) + (a.byteRange[3] ?? 0)))[0];
      if (!signature) return notSigned('the PDF carries no signature');
      const [start, firstLength, second, secondLength] = signature.byteRange;
      if (signature.byteRange.length !== 4 || [start, firstLength, second, secondLength].some((n) => n === undefined || !Number.isInteger(n) || n < 0)) {
        return notSigned('the signature byte range is malformed');
      }
      const a = start as number;
      const b = firstLength as number;
      const c = second as number;
      const d = secondLength as number;
      if (a + b > c || c + d > bytes.length) return { ...notSigned('the signature byte range points outside the file'), signed: true };
      const coversWholeDocument = a === 0 && c + d === bytes.length && bytes[b] === 0x3c /* < */ && bytes[c - 1] === 0x3e; /* > */
      const signedBytes = new Uint8Array(Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)])).buffer;

      let signedData: pkijs.SignedData;
      try {
        const contentInfo = pkijs.ContentInfo.fromBER(signature.contents);
        signedData = new pkijs.SignedData({ schema: contentInfo.content });
      } catch (error) {
        return { ...notSigned(`the signature is not a CMS SignedData: ${(error as Error).message}`), signed: true, coversWholeDocument };
      }
      const facts: Partial<PdfSignatureCheck> = {};
      const signingTime = signingTimeOf(signedData);
      if (signingTime) facts.signingTime = signingTime;

      let intact = false;
      let problem: string | undefined;
      try {
        const result = await signedData.verify({ signer: 0, data: signedBytes, checkChain: false, extendedMode: true });
        intact = result.signatureVerified === true;
        if (result.signerCertificate) {
          const name = commonNameOf(result.signerCertificate);
          if (name) facts.signerName = name;
          facts.certificateSerial = Buffer.from(result.signerCertificate.serialNumber.valueBlock.valueHexView).toString('hex');
        }
        if (!intact) problem = result.message || 'the signature does not match the signed bytes';
      } catch (error) {
        const failure = error as { message?: string; signerCertificate?: pkijs.Certificate };
        if (failure.signerCertificate) {
          const name = commonNameOf(failure.signerCertificate);
          if (name) facts.signerName = name;
        }
        problem = `the signature does not match the signed bytes (${failure.message ?? String(error)})`;
      }

      let isTrusted = false;
      if (intact) {
        try {
          isTrusted = (await signedData.verify({ signer: 0, data: signedBytes, checkChain: true, trustedCerts: trusted, ...(signingTime ? { checkDate: new Date(signingTime) } : {}) })) === true;
        } catch {
          isTrusted = false;
        }
        if (!isTrusted) problem = 'the signer certificate does not chain to a trusted certificate authority';
      }
      if (intact && !coversWholeDocument) problem = 'bytes were added or changed outside the signed ranges';
      return { signed: true, intact, coversWholeDocument, trusted: isTrusted, ...facts, ...(problem ? { problem } : {}) };
    },
  };
}
