/** What signing's rules need from the outside. */
import type { Emitter } from '@motcua/contracts';
import type { SignatureRequest, SignedDocument } from './signature-request.entity';

export interface SignatureRequestRepository {
  get(id: string): Promise<SignatureRequest | undefined>;
  findPendingForDossier(dossierId: string): Promise<SignatureRequest | undefined>;
  insert(request: SignatureRequest): Promise<void>;
  save(request: SignatureRequest): Promise<void>;
}

export interface DocumentRepository {
  get(id: string): Promise<SignedDocument | undefined>;
  insert(document: SignedDocument): Promise<void>;
}

export interface SigningTransaction extends Emitter {
  requests: SignatureRequestRepository;
  documents: DocumentRepository;
}

export type RunSigningTransaction = <T>(work: (tx: SigningTransaction) => Promise<T>) => Promise<T>;

/** SHA-256 hex of a text; a port so the domain stays free of node:crypto wiring choices. */
export type Digest = (content: string) => string;
