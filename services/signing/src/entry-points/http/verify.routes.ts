/** Public verification: anyone may check a signed result, by uploading it or by following its QR link. */
import { Type } from '@sinclair/typebox';
import { AppError } from '@motcua/errors';
import { apiRouter } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { Digest, PdfSignatureVerifier, RunSigningTransaction } from '../../domain/signing.ports';
import { publicRecord, verifyDocument } from '../../domain/signing.use-cases';
import { SigningErrors } from '../../domain/signature-request.entity';
import { findDocument } from '../../data-access/signing.store';
import { verifyPageContentSecurityPolicy, verifyPageHtml, verifyPageScript } from './verify.page';

const VerifyPageQuery = Type.Object({ document: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })) }, { additionalProperties: false });

/** Anyone holding a result checks it: the citizen, a bank, a court. The answers carry the signer and the record's digest, no personal data. */
const verifyAccess = { public: 'anyone holding a signed result may check it; no personal data in the answer' } as const;

export function verifyRoutes(deps: { store: ServiceStore; transaction: RunSigningTransaction; verifier: PdfSignatureVerifier; digest: Digest; maxBytes: number }) {
  const api = apiRouter();
  api.post(
    {
      path: '/v1/verify',
      summary: 'Check a signed result: its signature, and whether it is the one on record',
      access: verifyAccess,
      rawBody: { contentType: 'application/pdf', description: 'the PDF file itself', limitBytes: deps.maxBytes },
      responses: { 200: { description: 'the verification report: `valid`, signer, signing time, `matchesRecord`' } },
    },
    async ({ req, res }) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError(SigningErrors.VERIFY_NOT_A_PDF, 'validation', 'send the PDF itself as the request body with content-type application/pdf', { status: 415 });
      }
      if (req.body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError(SigningErrors.VERIFY_NOT_A_PDF, 'validation', 'the body is not a PDF file');
      res.json(await verifyDocument(deps.transaction, deps, req.body));
    },
  );
  api.get(
    { path: '/verify', summary: 'The public verification page (Vietnamese), optionally with a document\'s record for its QR link', access: verifyAccess, query: VerifyPageQuery, responses: { 200: { description: 'an HTML page', contentTypes: ['text/html; charset=utf-8'] } } },
    async ({ query, res }) => {
      const document = query.document ? await findDocument(deps.store, query.document) : undefined;
      res.set('content-security-policy', verifyPageContentSecurityPolicy);
      res.type('html').send(verifyPageHtml({ ...(query.document ? { documentId: query.document } : {}), ...(document ? { record: publicRecord(document) } : {}) }));
    },
  );
  api.get({ path: '/verify/verify.js', summary: 'The verification page\'s script', access: verifyAccess, responses: { 200: { description: 'JavaScript', contentTypes: ['application/javascript'] } } }, ({ res }) => {
    res.type('application/javascript').send(verifyPageScript);
  });
  return api.router;
}
