/** What the intake rules need from the outside world, as interfaces main.ts wires to adapters. */
import type { EventEnvelope } from '@motcua/contracts';
import type { Dossier } from './dossier.entity';

export interface DossierRepository {
  get(id: string): Promise<Dossier | undefined>;
  findByCode(code: string): Promise<Dossier | undefined>;
  insert(dossier: Dossier): Promise<void>;
}

export interface IntakeTransaction {
  dossiers: DossierRepository;
  /** Queued with the state change; published after commit. */
  emit(event: EventEnvelope): Promise<void>;
  nextSequence(name: string): Promise<number>;
}

export type RunIntakeTransaction = <T>(work: (tx: IntakeTransaction) => Promise<T>) => Promise<T>;
export type IdGenerator = () => string;
