/** Return's collections and the adapter from the storage unit of work to its transaction port. */
import { bindPorts, domainTransaction } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { ResultQuery, ReturnTransaction, RunReturnTransaction } from '../domain/return.ports';
import type { ApplicantIdentity, Result } from '../domain/result.entity';

export const resultsCollection: CollectionSpec = {
  name: 'results',
  indexes: [{ fields: ['dossierId'], unique: true }, { fields: ['centreId', 'state'] }, { fields: ['receptionPointId', 'status'] }],
};
/** One per dossier (id = dossier id): the name and the hashed id number of the applicant. */
export const applicantsCollection: CollectionSpec = { name: 'applicants' };
export const returnCollections = [resultsCollection, applicantsCollection];

const ports = (tx: Tx): Omit<ReturnTransaction, 'emit'> => {
  const results = tx.collection<Result>(resultsCollection);
  const applicants = tx.collection<ApplicantIdentity>(applicantsCollection);
  return {
    results: {
      get: (id) => results.get(id),
      findByDossier: (dossierId) => results.findOne({ dossierId }),
      insert: (result) => results.insert(result),
      save: (result) => results.replace(result),
    },
    applicants: { get: (dossierId) => applicants.get(dossierId), upsert: (applicant) => applicants.upsert(applicant) },
  };
};

export const returnTransaction = (store: ServiceStore): RunReturnTransaction => domainTransaction(store, ports);
export const returnPorts = (tx: Tx): ReturnTransaction => bindPorts(tx, ports);

export function findResults(store: ServiceStore, query: ResultQuery): Promise<Result[]> {
  const filter: Filter = {};
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.receptionPointId) filter['receptionPointId'] = query.receptionPointId;
  if (query.state) filter['state'] = query.state;
  if (query.status) filter['status'] = query.status;
  return store.read((tx) => tx.collection<Result>(resultsCollection).find(filter, { limit: query.limit, offset: query.offset, sort: [{ field: 'createdAt', direction: 'asc' }] }));
}

export function getResult(store: ServiceStore, id: string): Promise<Result | undefined> {
  return store.read((tx) => tx.collection<Result>(resultsCollection).get(id));
}
