/**
 * Intake's transaction port in memory, for unit tests of the rules: the same queries
 * as data-access (fingerprint window, waiting dossiers, waiting results), and a unit of
 * work that keeps nothing when the work throws — so "refused and changed nothing" is
 * checked the way the store would enforce it.
 */
import type { EventEnvelope } from '@motcua/contracts';
import { loadCatalogue } from '@motcua/catalogue';
import { loadCalendar } from '@motcua/working-time';
import type { Dossier } from '../../src/domain/dossier.entity';
import type { IntakeContext, IntakeReads, IntakeTransaction, RunIntakeTransaction } from '../../src/domain/intake.ports';
import type { Refusal } from '../../src/domain/refusal.entity';
import type { OutboundResult, TransferRound } from '../../src/domain/transfer-round.entity';

export const catalogue = loadCatalogue();
export const calendar = loadCalendar();

interface State {
  dossiers: Dossier[];
  refusals: Refusal[];
  rounds: TransferRound[];
  outbound: OutboundResult[];
  events: EventEnvelope[];
  sequences: Record<string, number>;
  timers: Record<string, { date: string; time: string; dueAt: string }>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function memoryIntake(start = new Date('2026-12-02T09:00:00+07:00')) {
  let now = start;
  let ids = 0;
  let state: State = { dossiers: [], refusals: [], rounds: [], outbound: [], events: [], sequences: {}, timers: {} };

  const replaceIn = <T extends { id: string }>(list: T[], doc: T) => {
    const index = list.findIndex((d) => d.id === doc.id);
    if (index < 0) throw new Error(`no ${doc.id} to replace`);
    list[index] = copy(doc);
  };
  const insertIn = <T extends { id: string }>(list: T[], doc: T) => {
    if (list.some((d) => d.id === doc.id)) throw new Error(`duplicate id ${doc.id}`);
    list.push(copy(doc));
  };

  const ports = (s: State): IntakeTransaction => ({
    dossiers: {
      get: async (id) => copy(s.dossiers.find((d) => d.id === id)),
      findByCode: async (code) => copy(s.dossiers.find((d) => d.code === code)),
      insert: async (d) => insertIn(s.dossiers, d),
      replace: async (d) => replaceIn(s.dossiers, d),
      findByFingerprint: async (centreId, fingerprint, since, limit) =>
        copy(
          s.dossiers
            .filter((d) => d.centreId === centreId && d.fingerprint === fingerprint && d.receivedAt >= since && d.state !== 'WITHDRAWN')
            .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
            .slice(0, limit),
        ),
      findBySubmission: async (key, fingerprint, since) => copy(s.dossiers.find((d) => d.submissionKey === key && d.fingerprint === fingerprint && d.receivedAt >= since)),
      findWaitingAt: async (point, before) =>
        copy(s.dossiers.filter((d) => d.receptionPointId === point && d.state === 'RECEIVED' && d.receivedAt < before).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))),
    },
    refusals: { get: async (id) => copy(s.refusals.find((r) => r.id === id)), insert: async (r) => insertIn(s.refusals, r) },
    rounds: {
      get: async (id) => copy(s.rounds.find((r) => r.id === id)),
      insert: async (r) => insertIn(s.rounds, r),
      replace: async (r) => replaceIn(s.rounds, r),
      findByPoint: async (point, date) => copy(s.rounds.filter((r) => r.receptionPointId === point && r.date === date)),
    },
    outbound: {
      get: async (id) => copy(s.outbound.find((r) => r.id === id)),
      upsert: async (r) => {
        const index = s.outbound.findIndex((o) => o.id === r.id);
        if (index < 0) s.outbound.push(copy(r));
        else s.outbound[index] = copy(r);
      },
      findWaitingFor: async (point, before) => copy(s.outbound.filter((r) => r.receptionPointId === point && r.status === 'waiting' && r.dispatchedAt < before)),
    },
    roundTimers: {
      exists: async (centreId) => centreId in s.timers,
      schedule: async (centreId, round) => {
        s.timers[centreId] = round;
      },
    },
    emit: async (event) => void s.events.push(event),
    nextSequence: async (name) => (s.sequences[name] = (s.sequences[name] ?? 0) + 1),
  });

  /** All or nothing, like the store's unit of work. */
  const run: RunIntakeTransaction = async (work) => {
    const draft = copy(state);
    const result = await work(ports(draft));
    state = draft;
    return result;
  };
  const reads: IntakeReads = {
    dossier: async (idOrCode) => copy(state.dossiers.find((d) => d.id === idOrCode || d.code === idOrCode)),
    refusal: async (id) => copy(state.refusals.find((r) => r.id === id)),
    round: async (id) => copy(state.rounds.find((r) => r.id === id)),
    roundsOf: async (point, date) => copy(state.rounds.filter((r) => r.receptionPointId === point && r.date === date)),
    waitingAt: async (point, before) => {
      const repositories = ports(state);
      return { dossiers: await repositories.dossiers.findWaitingAt(point, before), results: await repositories.outbound.findWaitingFor(point, before) };
    },
  };
  const ctx: IntakeContext = {
    catalogue,
    calendar,
    clock: () => now,
    newId: () => `id-${++ids}`,
    duplicateWindowHours: 72,
    isPostalPoint: (code) => code.startsWith('DBC-'),
    lookupUrl: (code) => `http://localhost:8086/tra-cuu/${code}`,
  };
  return {
    run,
    reads,
    ctx,
    get state(): State {
      return state;
    },
    /** Moves the clock (absolute ISO or instant). */
    at(instant: string | Date): void {
      now = new Date(instant);
    },
    /** Runs work on the current state directly (consumers and timers get a transaction from the host). */
    inTx: <T>(work: (tx: IntakeTransaction) => Promise<T>) => run(work),
  };
}
