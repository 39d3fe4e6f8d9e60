/** Intake's collections and the adapter from the storage unit of work to the intake transaction port. */
import { domainTransaction } from '@motcua/runtime';
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import type { Dossier } from '../domain/dossier.entity';
import type { DossierRepository, IntakeTransaction, RunIntakeTransaction } from '../domain/intake.ports';

export const dossiersCollection: CollectionSpec = {
  name: 'dossiers',
  indexes: [{ fields: ['code'], unique: true }, { fields: ['centreId', 'status'] }],
};

export const intakeCollections = [dossiersCollection];

function dossierRepository(tx: Pick<Tx, 'collection'>): DossierRepository {
  const dossiers = tx.collection<Dossier>(dossiersCollection);
  return {
    get: (id) => dossiers.get(id),
    findByCode: (code) => dossiers.findOne({ code }),
    insert: (dossier) => dossiers.insert(dossier),
  };
}

export function intakeTransaction(store: ServiceStore): RunIntakeTransaction {
  return domainTransaction<Omit<IntakeTransaction, 'emit'>>(store, (tx) => ({
    dossiers: dossierRepository(tx),
    nextSequence: (name) => tx.nextSequence(name),
  }));
}

export function intakeReads(store: ServiceStore): Pick<DossierRepository, 'get' | 'findByCode'> {
  return {
    get: (id) => store.read((tx) => dossierRepository(tx).get(id)),
    findByCode: (code) => store.read((tx) => dossierRepository(tx).findByCode(code)),
  };
}
