/** Intake's collections and the adapter from the storage unit of work to the intake transaction port. */
import { dossierStates, type DossierState } from '@motcua/contracts';
import { bindPorts, domainTransaction, setTimer, timersCollection, type Timer } from '@motcua/runtime';
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import type { Dossier } from '../domain/dossier.entity';
import type { IntakeReads, IntakeTransaction, RunIntakeTransaction } from '../domain/intake.ports';
import type { Refusal } from '../domain/refusal.entity';
import type { OutboundResult, TransferRound } from '../domain/transfer-round.entity';

export const dossiersCollection: CollectionSpec = {
  name: 'dossiers',
  indexes: [
    { fields: ['code'], unique: true },
    { fields: ['centreId', 'state'] },
    // Duplicate detection: the fingerprint, never the id number, is what is indexed.
    { fields: ['centreId', 'fingerprint', 'receivedAt'] },
    // A submission retried under its Idempotency-Key after a crash.
    { fields: ['submissionKey'] },
    // Manifests: what still waits at a satellite point.
    { fields: ['receptionPointId', 'state', 'receivedAt'] },
  ],
};
export const refusalsCollection: CollectionSpec = { name: 'refusals', indexes: [{ fields: ['centreId', 'refusedAt'] }] };
export const transferRoundsCollection: CollectionSpec = { name: 'transfer_rounds', indexes: [{ fields: ['receptionPointId', 'date'] }, { fields: ['centreId', 'date'] }] };
export const outboundResultsCollection: CollectionSpec = { name: 'outbound_results', indexes: [{ fields: ['receptionPointId', 'status', 'dispatchedAt'] }] };

export const intakeCollections = [dossiersCollection, refusalsCollection, transferRoundsCollection, outboundResultsCollection];

/** The durable timer kind that produces a centre's manifests at its round times. */
export const ROUND_TIMER_KIND = 'transfer-round';
export const roundTimerId = (centreId: string): string => `${ROUND_TIMER_KIND}:${centreId}`;

/** Withdrawn dossiers do not count as earlier submissions. */
const notWithdrawn: DossierState[] = dossierStates.filter((state) => state !== 'WITHDRAWN');

type Reader = Pick<Tx, 'collection'>;

function repositories(tx: Reader): Omit<IntakeTransaction, 'emit' | 'nextSequence'> {
  const dossiers = tx.collection<Dossier>(dossiersCollection);
  const refusals = tx.collection<Refusal>(refusalsCollection);
  const rounds = tx.collection<TransferRound>(transferRoundsCollection);
  const outbound = tx.collection<OutboundResult>(outboundResultsCollection);
  const timers = tx.collection<Timer>(timersCollection);
  return {
    dossiers: {
      get: (id) => dossiers.get(id),
      findByCode: (code) => dossiers.findOne({ code }),
      insert: (dossier) => dossiers.insert(dossier),
      replace: (dossier) => dossiers.replace(dossier),
      findByFingerprint: (centreId, fingerprint, since, limit) =>
        dossiers.find({ centreId, fingerprint, receivedAt: { gte: since }, state: notWithdrawn }, { sort: [{ field: 'receivedAt', direction: 'desc' }], limit }),
      findBySubmission: (submissionKey, fingerprint, since) => dossiers.findOne({ submissionKey, fingerprint, receivedAt: { gte: since } }),
      findWaitingAt: (receptionPointId, before) =>
        dossiers.find({ receptionPointId, state: 'RECEIVED', receivedAt: { lt: before } }, { sort: [{ field: 'receivedAt', direction: 'asc' }] }),
    },
    refusals: {
      get: (id) => refusals.get(id),
      insert: (refusal) => refusals.insert(refusal),
    },
    rounds: {
      get: (id) => rounds.get(id),
      insert: (round) => rounds.insert(round),
      replace: (round) => rounds.replace(round),
      findByPoint: (receptionPointId, date) => rounds.find({ receptionPointId, date }, { sort: [{ field: 'roundAt', direction: 'asc' }] }),
    },
    outbound: {
      get: (id) => outbound.get(id),
      upsert: (result) => outbound.upsert(result),
      findWaitingFor: (receptionPointId, before) =>
        outbound.find({ receptionPointId, status: 'waiting', dispatchedAt: { lt: before } }, { sort: [{ field: 'dispatchedAt', direction: 'asc' }] }),
    },
    roundTimers: {
      exists: async (centreId) => (await timers.get(roundTimerId(centreId))) !== undefined,
      schedule: (centreId, round) =>
        setTimer(tx, { id: roundTimerId(centreId), kind: ROUND_TIMER_KIND, dueAt: round.dueAt, payload: { centreId, date: round.date, time: round.time } }),
    },
  };
}

/** The intake ports over an open storage transaction (consumers and timers get theirs from the host). */
export function intakePorts(tx: Tx): IntakeTransaction {
  return bindPorts(tx, (t) => ({ ...repositories(t), nextSequence: (name: string) => t.nextSequence(name) }));
}

export function intakeTransaction(store: ServiceStore): RunIntakeTransaction {
  return domainTransaction<Omit<IntakeTransaction, 'emit'>>(store, (tx) => ({ ...repositories(tx), nextSequence: (name) => tx.nextSequence(name) }));
}

export function intakeReads(store: ServiceStore): IntakeReads {
  const read = <T>(work: (repos: ReturnType<typeof repositories>) => Promise<T>) => store.read((tx) => work(repositories(tx)));
  return {
    dossier: (idOrCode) => read(async (r) => (await r.dossiers.get(idOrCode)) ?? (await r.dossiers.findByCode(idOrCode))),
    refusal: (id) => read((r) => r.refusals.get(id)),
    round: (id) => read((r) => r.rounds.get(id)),
    roundsOf: (receptionPointId, date) => read((r) => r.rounds.findByPoint(receptionPointId, date)),
    waitingAt: (receptionPointId, before) =>
      read(async (r) => ({ dossiers: await r.dossiers.findWaitingAt(receptionPointId, before), results: await r.outbound.findWaitingFor(receptionPointId, before) })),
  };
}
