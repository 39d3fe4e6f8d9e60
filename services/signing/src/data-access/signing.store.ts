/** Signing's collections and the adapter from the storage unit of work to its transaction port. */
import { bindPorts, domainTransaction } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { RunSigningTransaction, SigningTransaction } from '../domain/signing.ports';
import type { SignatureRequest, SignatureRequestStatus, SignedDocument } from '../domain/signature-request.entity';

export const requestsCollection: CollectionSpec = {
  name: 'signature_requests',
  indexes: [{ fields: ['dossierId', 'status'] }, { fields: ['centreId', 'status'] }],
};
export const documentsCollection: CollectionSpec = { name: 'documents', indexes: [{ fields: ['dossierId'] }, { fields: ['sha256'] }] };
/** The applicant's full name per dossier (id = dossier id), from intake's DossierReceived. */
export const applicantsCollection: CollectionSpec = { name: 'applicants', indexes: [] };
export const signingCollections = [requestsCollection, documentsCollection, applicantsCollection];

const ports = (tx: Tx): Omit<SigningTransaction, 'emit'> => {
  const requests = tx.collection<SignatureRequest>(requestsCollection);
  const documents = tx.collection<SignedDocument>(documentsCollection);
  const applicants = tx.collection<{ id: string; fullName: string }>(applicantsCollection);
  return {
    requests: {
      get: (id) => requests.get(id),
      findPendingForDossier: (dossierId) => requests.findOne({ dossierId, status: 'PENDING' }),
      insert: (request) => requests.insert(request),
      save: (request) => requests.replace(request),
    },
    documents: { get: (id) => documents.get(id), findBySha256: (sha256) => documents.findOne({ sha256 }), insert: (document) => documents.insert(document) },
    applicants: {
      get: (dossierId) => applicants.get(dossierId),
      put: (entry) => applicants.upsert(entry),
    },
  };
};

export function signingTransaction(store: ServiceStore): RunSigningTransaction {
  return domainTransaction(store, ports);
}

export function signingPorts(tx: Tx): SigningTransaction {
  return bindPorts(tx, ports);
}

export function findSignatureRequests(
  store: ServiceStore,
  query: { dossierId?: string | undefined; centreId?: string | undefined; status?: SignatureRequestStatus | undefined; limit: number; offset: number },
): Promise<SignatureRequest[]> {
  const filter: Filter = {};
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.status) filter['status'] = query.status;
  return store.read((tx) => tx.collection<SignatureRequest>(requestsCollection).find(filter, { limit: query.limit, offset: query.offset, sort: [{ field: 'createdAt', direction: 'asc' }] }));
}

export function findDocument(store: ServiceStore, id: string): Promise<SignedDocument | undefined> {
  return store.read((tx) => tx.collection<SignedDocument>(documentsCollection).get(id));
}
