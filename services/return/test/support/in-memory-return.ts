/** Return's transaction port in memory, with a fixed clock and link signer, for unit tests of the use cases. */
import { loadCatalogue } from '@motcua/catalogue';
import type { EventEnvelope } from '@motcua/contracts';
import type { ReturnContext, ReturnTransaction, RunReturnTransaction } from '../../src/domain/return.ports';
import type { ApplicantIdentity, Result } from '../../src/domain/result.entity';

export const catalogue = loadCatalogue();

export interface InMemoryReturn {
  results: Map<string, Result>;
  applicants: Map<string, ApplicantIdentity>;
  events: EventEnvelope[];
  tx: ReturnTransaction;
  /** Commits only when the work succeeds, like the real unit of work. */
  run: RunReturnTransaction;
  ctx: ReturnContext;
  setNow(now: Date): void;
}

export function inMemoryReturn(start = new Date('2026-11-25T08:00:00.000Z')): InMemoryReturn {
  let now = start;
  let ids = 0;
  const state = { results: new Map<string, Result>(), applicants: new Map<string, ApplicantIdentity>(), events: [] as EventEnvelope[] };
  const txOver = (results: Map<string, Result>, applicants: Map<string, ApplicantIdentity>, events: EventEnvelope[]): ReturnTransaction => ({
    results: {
      get: async (id) => results.get(id),
      findByDossier: async (dossierId) => [...results.values()].find((r) => r.dossierId === dossierId),
      insert: async (result) => {
        if (results.has(result.id)) throw new Error(`duplicate ${result.id}`);
        results.set(result.id, result);
      },
      save: async (result) => void results.set(result.id, result),
    },
    applicants: { get: async (id) => applicants.get(id), upsert: async (a) => void applicants.set(a.id, a) },
    emit: async (event) => void events.push(event),
  });
  const memory: InMemoryReturn = {
    ...state,
    tx: txOver(state.results, state.applicants, state.events),
    run: async (work) => {
      const results = new Map(state.results);
      const applicants = new Map(state.applicants);
      const events: EventEnvelope[] = [];
      const value = await work(txOver(results, applicants, events));
      for (const [k, v] of results) state.results.set(k, v);
      for (const [k, v] of applicants) state.applicants.set(k, v);
      state.events.push(...events);
      return value;
    },
    ctx: {
      catalogue,
      clock: () => now,
      newId: () => `res-${++ids}`,
      links: { issue: (documentId, expiresAt) => ({ url: `https://signing.test/v1/documents/${documentId}?expires=${expiresAt.getTime() / 1000}`, expiresAt }) },
      linkTtlMinutes: 60,
    },
    setNow: (next) => {
      now = next;
    },
  };
  return memory;
}

export const eventNames = (events: EventEnvelope[]): string[] => events.map((e) => e.type.split('.')[3] ?? e.type);
