/** What the return rules need from the outside: storage, the bus, the catalogue, a link signer. */
import type { Catalogue } from '@motcua/catalogue';
import type { DossierState, Emitter } from '@motcua/contracts';
import type { ApplicantIdentity, Result, ResultStatus } from './result.entity';

export interface ResultRepository {
  get(id: string): Promise<Result | undefined>;
  findByDossier(dossierId: string): Promise<Result | undefined>;
  insert(result: Result): Promise<void>;
  save(result: Result): Promise<void>;
}

export interface ApplicantRepository {
  get(dossierId: string): Promise<ApplicantIdentity | undefined>;
  upsert(applicant: ApplicantIdentity): Promise<void>;
}

export interface ReturnTransaction extends Emitter {
  results: ResultRepository;
  applicants: ApplicantRepository;
}

export type RunReturnTransaction = <T>(work: (tx: ReturnTransaction) => Promise<T>) => Promise<T>;

export interface ResultQuery {
  dossierId?: string | undefined;
  centreId?: string | undefined;
  receptionPointId?: string | undefined;
  state?: DossierState | undefined;
  status?: ResultStatus | undefined;
  limit: number;
  offset: number;
}

/** Signs a link to a signed document that works until `expiresAt` (signing checks it). */
export interface DownloadLinks {
  issue(documentId: string, expiresAt: Date): { url: string; expiresAt: Date };
}

/** Everything a use case needs besides its transaction. */
export interface ReturnContext {
  catalogue: Catalogue;
  clock: () => Date;
  newId: () => string;
  links: DownloadLinks;
  linkTtlMinutes: number;
}
