/** What the intake rules need from the outside world, as interfaces the module wires to adapters. */
import type { Catalogue } from '@motcua/catalogue';
import type { EventEnvelope } from '@motcua/contracts';
import type { WorkingCalendar } from '@motcua/working-time';
import type { Dossier } from './dossier.entity';
import type { Refusal } from './refusal.entity';
import type { OutboundResult, TransferRound } from './transfer-round.entity';

export interface DossierRepository {
  get(id: string): Promise<Dossier | undefined>;
  findByCode(code: string): Promise<Dossier | undefined>;
  insert(dossier: Dossier): Promise<void>;
  replace(dossier: Dossier): Promise<void>;
  /** Dossiers of the centre with this fingerprint received at or after `since`, withdrawn ones excluded, newest first. */
  findByFingerprint(centreId: string, fingerprint: string, since: string, limit: number): Promise<Dossier[]>;
  /** The dossier a submission with this `Idempotency-Key` and fingerprint opened since `since`, if any. */
  findBySubmission(submissionKey: string, fingerprint: string, since: string): Promise<Dossier | undefined>;
  /** Dossiers still RECEIVED at a reception point, received before `before`, oldest first. */
  findWaitingAt(receptionPointId: string, before: string): Promise<Dossier[]>;
}

export interface RefusalRepository {
  get(id: string): Promise<Refusal | undefined>;
  insert(refusal: Refusal): Promise<void>;
}

export interface TransferRoundRepository {
  get(id: string): Promise<TransferRound | undefined>;
  insert(round: TransferRound): Promise<void>;
  replace(round: TransferRound): Promise<void>;
  /** The produced rounds of a point on a day, by round time. */
  findByPoint(receptionPointId: string, date: string): Promise<TransferRound[]>;
}

export interface OutboundResultRepository {
  get(resultId: string): Promise<OutboundResult | undefined>;
  upsert(result: OutboundResult): Promise<void>;
  /** Results still waiting for a point, dispatched before `before`, oldest first. */
  findWaitingFor(receptionPointId: string, before: string): Promise<OutboundResult[]>;
}

/** The durable timer that produces a centre's manifests at its next round time. */
export interface RoundTimerPort {
  exists(centreId: string): Promise<boolean>;
  /** Sets (or moves) the centre's timer to the round at `dueAt`. */
  schedule(centreId: string, round: { date: string; time: string; dueAt: string }): Promise<void>;
}

export interface IntakeTransaction {
  dossiers: DossierRepository;
  refusals: RefusalRepository;
  rounds: TransferRoundRepository;
  outbound: OutboundResultRepository;
  roundTimers: RoundTimerPort;
  /** Queued with the state change; published after commit. */
  emit(event: EventEnvelope): Promise<void>;
  /** Atomic per-name counter starting at 1. */
  nextSequence(name: string): Promise<number>;
}

export type RunIntakeTransaction = <T>(work: (tx: IntakeTransaction) => Promise<T>) => Promise<T>;

/** Reads outside a transaction (committed data only). */
export interface IntakeReads {
  dossier(idOrCode: string): Promise<Dossier | undefined>;
  refusal(id: string): Promise<Refusal | undefined>;
  round(id: string): Promise<TransferRound | undefined>;
  roundsOf(receptionPointId: string, date: string): Promise<TransferRound[]>;
  /** What waits at (dossiers) and for (results) a point up to `before`: the next round's load if nothing changes. */
  waitingAt(receptionPointId: string, before: string): Promise<{ dossiers: Dossier[]; results: OutboundResult[] }>;
}

/** What every intake use case works with: reference data, time, ids and settings read once at start. */
export interface IntakeContext {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  clock: () => Date;
  newId: () => string;
  duplicateWindowHours: number;
  /** Whether a public postal point with this code is in the registry (results can be sent there). */
  isPostalPoint(code: string): boolean;
  /** The citizen's lookup link for a dossier code (printed on the receipt). */
  lookupUrl(code: string): string;
}
