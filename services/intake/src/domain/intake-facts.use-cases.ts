/**
 * What intake learns from the other services. Their events are facts already decided
 * by the service that owns the step, so they are projected onto intake's dossier as
 * they are — no role check — with a history entry each; but a closed dossier
 * (returned, withdrawn) is never moved again. Results that return routes to one of a
 * centre's satellite points join that point's outbound queue for the next round.
 */
import { findReceptionPoint } from '@motcua/catalogue';
import {
  finalStates,
  isEvent,
  traceIdOf,
  type DossierState,
  type EventEnvelope,
  type HistoryEntry,
  type LifecycleAction,
  type TypedEnvelope,
} from '@motcua/contracts';
import type { Dossier } from './dossier.entity';
import type { IntakeContext, IntakeTransaction } from './intake.ports';

export type FactOutcome = 'applied' | 'ignored';

/** The dossier after the fact, or undefined when the fact changes nothing (closed, or already there). */
export function projectFact(dossier: Dossier, fact: { action: LifecycleAction; to: DossierState; envelope: EventEnvelope; reason?: string | undefined }): Dossier | undefined {
  if (finalStates.includes(dossier.state) || dossier.state === fact.to) return undefined;
  const actor = (fact.envelope.data as { actor?: { role: HistoryEntry['role']; id?: string } }).actor ?? { role: 'system' as const };
  const traceId = traceIdOf(fact.envelope.traceparent);
  const entry: HistoryEntry = {
    action: fact.action,
    from: dossier.state,
    to: fact.to,
    at: fact.envelope.time,
    role: actor.role,
    ...(actor.id ? { actorId: actor.id } : {}),
    centreId: dossier.centreId,
    ...(traceId ? { traceId } : {}),
    ...(fact.reason ? { reason: fact.reason } : {}),
  };
  return { ...dossier, state: fact.to, history: [...dossier.history, entry] };
}

async function project(tx: IntakeTransaction, envelope: EventEnvelope, action: LifecycleAction, to: DossierState, reason?: string): Promise<FactOutcome> {
  const dossier = await tx.dossiers.get(envelope.subject);
  if (!dossier) return 'ignored';
  const next = projectFact(dossier, { action, to, envelope, reason });
  if (!next) return 'ignored';
  await tx.dossiers.replace(next);
  return 'applied';
}

/** A result for a citizen who collects at a satellite point waits at the main centre for the next round out. */
async function resultDispatched(tx: IntakeTransaction, ctx: IntakeContext, envelope: TypedEnvelope<'ResultDispatched'>): Promise<FactOutcome> {
  const { data } = envelope;
  const channel = data.returnChannel;
  if (channel.type !== 'counter' || !channel.receptionPointId) return 'ignored';
  const point = findReceptionPoint(ctx.catalogue, data.centreId, channel.receptionPointId);
  if (point?.kind !== 'satellite') return 'ignored';
  if (await tx.outbound.get(data.resultId)) return 'ignored';
  await tx.outbound.upsert({
    id: data.resultId,
    dossierId: data.dossierId,
    dossierCode: data.dossierCode,
    centreId: data.centreId,
    receptionPointId: point.id,
    dispatchedAt: data.dispatchedAt,
    status: 'waiting',
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
  });
  return 'applied';
}

/** Applies one consumed event; events intake has no use for are ignored. */
export function applyFact(tx: IntakeTransaction, ctx: IntakeContext, envelope: EventEnvelope): Promise<FactOutcome> {
  if (isEvent(envelope, 'SupplementRequested')) return project(tx, envelope, 'requestSupplement', 'SUPPLEMENT_REQUESTED', envelope.data.reason);
  if (isEvent(envelope, 'DossierRejected')) return project(tx, envelope, 'reject', 'REJECTED', envelope.data.reason);
  if (isEvent(envelope, 'ResultReturned')) return project(tx, envelope, 'handOver', 'RETURNED');
  if (isEvent(envelope, 'ResultDispatched')) return resultDispatched(tx, ctx, envelope);
  return Promise.resolve('ignored');
}
