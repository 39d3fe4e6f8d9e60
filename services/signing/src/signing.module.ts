/** Composition of the signing service. */
import { createHash, randomUUID } from 'node:crypto';
import { loadCatalogue } from '@motcua/catalogue';
import type { Catalogue } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';
import type { ServiceModule } from '@motcua/runtime';
import { loadSigningConfig, type SigningConfig } from './config';
import { signingCollections, signingTransaction } from './data-access/signing.store';
import { documentContentsCollection, fileDocumentContents, storeDocumentContents } from './data-access/documents/document-contents';
import { openLocalSigner } from './data-access/keys/local-p12.signer';
import { resultPdf } from './data-access/pdf/result.pdf';
import { pdfSignatureVerifier } from './data-access/pdf/pdf-signature.verifier';
import { remoteSigner } from './data-access/keys/remote.signer';
import type { Digest, Signer } from './domain/signing.ports';
import type { SigningContext } from './domain/signing.use-cases';
import { signingRoutes } from './entry-points/http/signature-requests.routes';
import { documentRoutes } from './entry-points/http/documents.routes';
import { verifyRoutes } from './entry-points/http/verify.routes';
import { signingConsumers } from './entry-points/messaging/signing.consumers';

const sha256: Digest = (content) => createHash('sha256').update(content).digest('hex');

export const signingModule: ServiceModule = {
  name: 'signing',
  description:
    'The leaders\' signing queue, the signed results themselves, and the public verification of a signed result (page and API).',
  collections: [...signingCollections, documentContentsCollection],
  async create({ store, clock, logger }) {
    // Read once at start: a bad setting, catalogue entry or key file stops start-up naming it.
    const config = loadSigningConfig();
    const catalogue = loadCatalogue();
    const centreName = (id: string) => catalogue.centres.find((c) => c.id === id)?.name ?? id;
    const { signer, trustedCaPems } = await openSigner(config, catalogue, centreName, clock, logger);
    const transaction = signingTransaction(store);
    const contents = config.store === 'sqlite' ? fileDocumentContents(config.dataDir) : storeDocumentContents(store);
    const signing: SigningContext = {
      catalogue,
      signer,
      pdf: resultPdf,
      contents,
      digest: sha256,
      clock,
      newId: randomUUID,
      verifyUrl: (documentId) => `${config.publicUrl}/verify?document=${encodeURIComponent(documentId)}`,
    };
    return {
      routers: [
        signingRoutes({ store, transaction, catalogue, signing }),
        documentRoutes({ store, contents, clock, resultLinkSecret: config.resultLinkSecret, catalogue }),
        verifyRoutes({ store, transaction, verifier: pdfSignatureVerifier(trustedCaPems), digest: sha256, maxBytes: config.verifyMaxBytes }),
      ],
      consumers: signingConsumers(store, clock),
    };
  },
};

/** The configured signer, and the CA certificates /v1/verify trusts for the signatures it makes. */
async function openSigner(
  config: SigningConfig,
  catalogue: Catalogue,
  centreName: (id: string) => string,
  clock: () => Date,
  logger: Logger,
): Promise<{ signer: Signer; trustedCaPems: string[] }> {
  if (config.signer.kind === 'remote') {
    const { credentials } = config.signer;
    logger.info({ url: config.signer.url, timeoutMs: config.signer.timeoutMs, trustedCas: config.signer.trustedCaPems.length }, 'signing with the remote-signing provider');
    return {
      signer: remoteSigner({ url: config.signer.url, token: config.signer.token, timeoutMs: config.signer.timeoutMs, credentialOf: (officerId) => credentials[officerId] ?? officerId }),
      trustedCaPems: config.signer.trustedCaPems,
    };
  }
  const signer = await openLocalSigner({
    dir: config.keysDir,
    passphrase: config.p12Passphrase,
    leaders: catalogue.officers.filter((o) => o.role === 'leader').map((o) => ({ id: o.id, name: o.name, centreName: centreName(o.centreId) })),
    clock,
  });
  if (signer.issuedOnStart.length > 0) logger.info({ leaders: signer.issuedOnStart.length, dir: config.keysDir }, 'issued local signing certificates for leaders without one');
  // Printed so that users can add the local CA to their PDF reader's trusted certificates.
  logger.info({ caCertificatePath: signer.caCertificatePath, caCertificatePem: signer.caCertificatePem }, `signing with the local CA; trust ${signer.caCertificatePath} to see signatures as trusted`);
  return { signer, trustedCaPems: [signer.caCertificatePem] };
}
