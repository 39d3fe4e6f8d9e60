/** What the return rules need from the outside. */
import type { Emitter } from '@motcua/contracts';
import type { Result } from './result.entity';

export interface ResultRepository {
  get(id: string): Promise<Result | undefined>;
  findByDossier(dossierId: string): Promise<Result | undefined>;
  insert(result: Result): Promise<void>;
  save(result: Result): Promise<void>;
}

export interface ReturnTransaction extends Emitter {
  results: ResultRepository;
}

export type RunReturnTransaction = <T>(work: (tx: ReturnTransaction) => Promise<T>) => Promise<T>;
