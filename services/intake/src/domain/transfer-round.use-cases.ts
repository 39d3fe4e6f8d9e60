/**
 * Courier rounds between satellite points and their main centre (DESIGN §2 "transfer
 * round"). At each round time a manifest is produced per satellite point and frozen:
 * inbound, the dossiers received there before the round time and still waiting;
 * outbound, the results waiting to be carried out to the point. At the satellite point
 * the courier confirms the pickup (results handed over, dossiers taken: DossierInTransit
 * and ResultTransferred), at the main centre the arrival (DossierArrived: processing
 * starts). Each confirmation is idempotent: repeating it changes nothing.
 *
 * A dossier left behind at a pickup is still RECEIVED, so the next round lists it
 * again: every manifest carries everything still waiting at its point.
 */
import { findCentre, type Centre, type ReceptionPoint } from '@motcua/catalogue';
import { applyAction, createEvent, rolesFor } from '@motcua/contracts';
import { AppError, ErrorCodes, isAppError } from '@motcua/errors';
import { localDateOf } from '@motcua/working-time';
import { actorRef, assertActsAt, type IntakeActor } from './intake.actor';
import { IntakeErrors, refused, roleNotAllowed, roundNotFound } from './intake.errors';
import type { IntakeContext, IntakeReads, IntakeTransaction, RunIntakeTransaction } from './intake.ports';
import { hasRounds, isRoundOf, latestRoundAtOrBefore, nextRoundAfter, roundInstant, roundsOn, satellitePoints, type RoundSlot } from './round-schedule.rules';
import { parseTransferRoundId, transferRoundId, type InboundItem, type OutboundItem, type TransferRound } from './transfer-round.entity';

export interface CourierSelection {
  /** Only these dossiers (absent: all on the round). */
  dossierIds?: string[] | undefined;
  /** Only these results (absent: all on the round). */
  resultIds?: string[] | undefined;
}

interface ResolvedRound {
  centre: Centre;
  point: ReceptionPoint;
  slot: RoundSlot;
}

/** The satellite point, centre and slot a round id names; 404 when it names no round of the catalogue. */
export function resolveRound(ctx: IntakeContext, id: string): ResolvedRound {
  const parts = parseTransferRoundId(id);
  if (!parts) throw roundNotFound(id, 'a round id is <receptionPointId>:<yyyymmdd>:<HHmm>');
  const centre = ctx.catalogue.centres.find((c) => c.receptionPoints.some((p) => p.id === parts.receptionPointId));
  const point = centre?.receptionPoints.find((p) => p.id === parts.receptionPointId);
  if (!centre || !point) throw roundNotFound(id, `unknown reception point ${parts.receptionPointId}`);
  if (point.kind !== 'satellite') throw roundNotFound(id, `${point.id} is the main counter: couriers serve satellite points`);
  if (!isRoundOf(centre, ctx.calendar, parts.date, parts.time)) throw roundNotFound(id, `centre ${centre.id} has no round at ${parts.time} on ${parts.date} (rounds ${centre.transferRounds.join(', ')} on working days)`);
  return { centre, point, slot: { date: parts.date, time: parts.time, at: roundInstant(parts.date, parts.time) } };
}

/** Produces (once) the manifest of a point's round: frozen from what is waiting now that was there before the round time. */
export async function produceRound(tx: IntakeTransaction, ctx: IntakeContext, resolved: ResolvedRound, producedBy: TransferRound['producedBy']): Promise<TransferRound> {
  const { centre, point, slot } = resolved;
  const id = transferRoundId(point.id, slot.date, slot.time);
  const existing = await tx.rounds.get(id);
  if (existing) return existing;
  const before = slot.at.toISOString();
  const dossiers = await tx.dossiers.findWaitingAt(point.id, before);
  const results = await tx.outbound.findWaitingFor(point.id, before);
  const round: TransferRound = {
    id,
    centreId: centre.id,
    receptionPointId: point.id,
    date: slot.date,
    time: slot.time,
    roundAt: before,
    producedAt: ctx.clock().toISOString(),
    producedBy,
    status: 'produced',
    inbound: dossiers.map((d) => ({ dossierId: d.id, dossierCode: d.code, procedureCode: d.procedureCode, receivedAt: d.receivedAt, status: 'listed' })),
    outbound: results.map((r) => ({ resultId: r.id, dossierId: r.dossierId, dossierCode: r.dossierCode, dispatchedAt: r.dispatchedAt, status: 'listed' })),
  };
  await tx.rounds.insert(round);
  return round;
}

/**
 * The stored round, or produced now when its time has passed but the timer has not
 * fired yet (same code path as the timer). Only today's rounds are produced on
 * demand: an older one that never ran stays unproduced, its dossiers are on later rounds.
 */
async function dueRound(tx: IntakeTransaction, ctx: IntakeContext, id: string, notDue: 'not-found' | 'conflict'): Promise<TransferRound> {
  const stored = await tx.rounds.get(id);
  if (stored) return stored;
  const resolved = resolveRound(ctx, id);
  const now = ctx.clock();
  if (resolved.slot.at.getTime() > now.getTime()) {
    const message = `round ${id} leaves at ${resolved.slot.time} on ${resolved.slot.date}: its manifest is produced then`;
    if (notDue === 'conflict') throw new AppError(IntakeErrors.TRANSFER_ROUND_NOT_DUE, 'conflict', message, { details: { roundAt: resolved.slot.at.toISOString() } });
    throw roundNotFound(id, `not produced yet: ${message}`);
  }
  if (resolved.slot.date !== localDateOf(now)) throw roundNotFound(id, 'the round did not run (no manifest was produced that day); its dossiers are on later rounds');
  return produceRound(tx, ctx, resolved, 'on-demand');
}

/** GET of one round: read-only when it exists, produced on demand when due today. */
export async function transferRound(run: RunIntakeTransaction, reads: IntakeReads, ctx: IntakeContext, id: string): Promise<TransferRound> {
  const stored = await reads.round(id);
  if (stored) return stored;
  try {
    return await run((tx) => dueRound(tx, ctx, id, 'not-found'));
  } catch (error) {
    // Another replica produced it at the same moment (unique id): theirs is the manifest.
    const raced = isAppError(error) && error.code === ErrorCodes.STORAGE_DUPLICATE_KEY ? await reads.round(id) : undefined;
    if (raced) return raced;
    throw error;
  }
}

export interface RoundSchedule {
  id: string;
  time: string;
  roundAt: string;
  produced: boolean;
}

/** A point's rounds on a day: the produced manifests and the whole day's schedule. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

export interface WaitingLoad {
  /** Dossiers received at the point and not yet carried in. */
  inbound: { dossierId: string; dossierCode: string; receivedAt: string }[];
  /** Results at the main centre waiting to be carried out to the point. */
  outbound: { resultId: string; dossierId: string; dossierCode: string; dispatchedAt: string }[];
}

export async function roundsOfPoint(
  reads: IntakeReads,
  ctx: IntakeContext,
  receptionPointId: string,
  date: string,
): Promise<{ items: TransferRound[]; schedule: RoundSchedule[]; waiting: WaitingLoad }> {
  const centre = ctx.catalogue.centres.find((c) => c.receptionPoints.some((p) => p.id === receptionPointId && p.kind === 'satellite'));
  if (!centre) throw refused(IntakeErrors.UNKNOWN_RECEPTION_POINT, `${receptionPointId} is not a satellite reception point`, [{ path: 'query/receptionPointId', message: 'not a satellite point' }]);
  const items = await reads.roundsOf(receptionPointId, date);
  const produced = new Set(items.map((r) => r.id));
  const schedule = roundsOn(centre, ctx.calendar, date).map((slot) => {
    const id = transferRoundId(receptionPointId, slot.date, slot.time);
    return { id, time: slot.time, roundAt: slot.at.toISOString(), produced: produced.has(id) };
  });
  // The courier's and the counter's view of the next round: everything waiting, whatever the date asked for
  // (no time bound: another service's clock may run a little ahead of intake's).
  const load = await reads.waitingAt(receptionPointId, END_OF_TIME);
  const waiting: WaitingLoad = {
    inbound: load.dossiers.map((d) => ({ dossierId: d.id, dossierCode: d.code, receivedAt: d.receivedAt })),
    outbound: load.results.map((r) => ({ resultId: r.id, dossierId: r.dossierId, dossierCode: r.dossierCode, dispatchedAt: r.dispatchedAt })),
  };
  return { items, schedule, waiting };
}

function checkSelection(ids: string[] | undefined, onRound: Set<string>, what: string): Set<string> | undefined {
  if (!ids) return undefined;
  const unknown = ids.filter((id) => !onRound.has(id));
  if (unknown.length > 0) {
    throw refused(IntakeErrors.NOT_ON_ROUND, `not on this round: ${unknown.join(', ')}`, unknown.map((id) => ({ path: `body/${what}`, message: `${id} is not on the round` })));
  }
  return new Set(ids);
}

/**
 * At the satellite point: the courier hands over the results brought out and takes
 * the dossiers in. Items not selected wait for the next round. Once confirmed, the
 * pickup is closed: confirming again returns the round unchanged.
 */
export async function confirmPickup(run: RunIntakeTransaction, ctx: IntakeContext, id: string, selection: CourierSelection, actor: IntakeActor): Promise<TransferRound> {
  if (!rolesFor('dispatch').includes(actor.role)) throw roleNotAllowed(actor.role, 'pick up a transfer round');
  return run(async (tx) => {
    const round = await dueRound(tx, ctx, id, 'conflict');
    assertActsAt(actor, round.centreId);
    if (round.pickup) return round;
    const dossierIds = checkSelection(selection.dossierIds, new Set(round.inbound.map((i) => i.dossierId)), 'dossierIds');
    const resultIds = checkSelection(selection.resultIds, new Set(round.outbound.map((o) => o.resultId)), 'resultIds');
    const now = ctx.clock();
    const at = now.toISOString();

    const inbound: InboundItem[] = [];
    for (const item of round.inbound) {
      if (item.status !== 'listed') inbound.push(item);
      else if (dossierIds && !dossierIds.has(item.dossierId)) inbound.push({ ...item, status: 'left-behind' });
      else {
        const dossier = await tx.dossiers.get(item.dossierId);
        if (dossier?.state !== 'RECEIVED') {
          inbound.push({ ...item, status: 'skipped' });
          continue;
        }
        const dispatched = { ...applyAction(dossier, 'dispatch', actor, now, { traceparent: dossier.traceparent }), transferRoundId: round.id };
        await tx.dossiers.replace(dispatched);
        await tx.emit(
          createEvent({
            name: 'DossierInTransit',
            time: now,
            traceparent: dossier.traceparent,
            data: { dossierId: dossier.id, dossierCode: dossier.code, centreId: dossier.centreId, actor: actorRef(actor), receptionPointId: round.receptionPointId, roundId: round.id, departedAt: at },
          }),
        );
        inbound.push({ ...item, status: 'in-transit', departedAt: at });
      }
    }

    const outbound: OutboundItem[] = [];
    for (const item of round.outbound) {
      if (item.status !== 'listed') outbound.push(item);
      else if (resultIds && !resultIds.has(item.resultId)) outbound.push({ ...item, status: 'left-behind' });
      else {
        const result = await tx.outbound.get(item.resultId);
        if (result?.status !== 'waiting') {
          outbound.push({ ...item, status: 'skipped' });
          continue;
        }
        await tx.outbound.upsert({ ...result, status: 'transferred', roundId: round.id, transferredAt: at });
        await tx.emit(
          createEvent({
            name: 'ResultTransferred',
            time: now,
            ...(result.traceparent ? { traceparent: result.traceparent } : {}),
            data: {
              dossierId: result.dossierId,
              dossierCode: result.dossierCode,
              centreId: result.centreId,
              actor: actorRef(actor),
              resultId: result.id,
              receptionPointId: round.receptionPointId,
              roundId: round.id,
              arrivedAt: at,
            },
          }),
        );
        outbound.push({ ...item, status: 'transferred', transferredAt: at });
      }
    }

    const pickedUp: TransferRound = { ...round, status: 'picked-up', inbound, outbound, pickup: { at, ...(actor.id ? { officerId: actor.id } : {}) } };
    await tx.rounds.replace(pickedUp);
    return pickedUp;
  });
}

/**
 * At the main centre: the dossiers the courier carried arrive and enter processing.
 * Dossiers not selected stay in transit on this round until a later confirmation;
 * confirming an arrived dossier again changes nothing.
 */
export async function confirmArrival(run: RunIntakeTransaction, ctx: IntakeContext, id: string, selection: Pick<CourierSelection, 'dossierIds'>, actor: IntakeActor): Promise<TransferRound> {
  if (!rolesFor('arrive').includes(actor.role)) throw roleNotAllowed(actor.role, 'confirm the arrival of a transfer round');
  return run(async (tx) => {
    const round = await tx.rounds.get(id);
    if (!round) {
      resolveRound(ctx, id);
      throw new AppError(IntakeErrors.TRANSFER_ROUND_NOT_PICKED_UP, 'conflict', `round ${id} has not been picked up: nothing is in transit on it`);
    }
    assertActsAt(actor, round.centreId);
    if (!round.pickup) throw new AppError(IntakeErrors.TRANSFER_ROUND_NOT_PICKED_UP, 'conflict', `round ${id} has not been picked up: nothing is in transit on it`);
    const dossierIds = checkSelection(selection.dossierIds, new Set(round.inbound.map((i) => i.dossierId)), 'dossierIds');
    const now = ctx.clock();
    const at = now.toISOString();

    let changed = false;
    const inbound: InboundItem[] = [];
    for (const item of round.inbound) {
      if (item.status !== 'in-transit' || (dossierIds && !dossierIds.has(item.dossierId))) {
        inbound.push(item);
        continue;
      }
      changed = true;
      const dossier = await tx.dossiers.get(item.dossierId);
      if (dossier?.state !== 'IN_TRANSIT' || dossier.transferRoundId !== round.id) {
        inbound.push({ ...item, status: 'skipped' });
        continue;
      }
      await tx.dossiers.replace(applyAction(dossier, 'arrive', actor, now, { traceparent: dossier.traceparent }));
      await tx.emit(
        createEvent({
          name: 'DossierArrived',
          time: now,
          traceparent: dossier.traceparent,
          data: { dossierId: dossier.id, dossierCode: dossier.code, centreId: dossier.centreId, actor: actorRef(actor), receptionPointId: round.receptionPointId, arrivedAt: at },
        }),
      );
      inbound.push({ ...item, status: 'arrived', arrivedAt: at });
    }

    const status = inbound.some((i) => i.status === 'in-transit') ? 'picked-up' : 'arrived';
    if (!changed && status === round.status) return round;
    const arrived: TransferRound = { ...round, status, inbound, arrival: { at, ...(actor.id ? { officerId: actor.id } : {}) } };
    await tx.rounds.replace(arrived);
    return arrived;
  });
}

/**
 * The centre's round timer fired: produce the manifests of its latest due round for
 * every satellite point, then move the timer to the next round. After downtime only the
 * latest round is produced — it lists everything still waiting.
 */
export async function roundTimerFired(tx: IntakeTransaction, ctx: IntakeContext, centreId: string): Promise<void> {
  const centre = findCentre(ctx.catalogue, centreId);
  if (!centre || !hasRounds(centre)) return;
  const now = ctx.clock();
  const slot = latestRoundAtOrBefore(centre, ctx.calendar, now);
  if (slot) {
    for (const point of satellitePoints(centre)) await produceRound(tx, ctx, { centre, point, slot }, 'timer');
  }
  const next = nextRoundAfter(centre, ctx.calendar, now);
  if (next) await tx.roundTimers.schedule(centre.id, { date: next.date, time: next.time, dueAt: next.at.toISOString() });
}

/** At start: every centre with rounds gets its timer, unless it already has one (a restart keeps a timer that is due). */
export async function scheduleRoundTimers(run: RunIntakeTransaction, ctx: IntakeContext): Promise<number> {
  return run(async (tx) => {
    let scheduled = 0;
    const now = ctx.clock();
    for (const centre of ctx.catalogue.centres.filter(hasRounds)) {
      if (await tx.roundTimers.exists(centre.id)) continue;
      const next = nextRoundAfter(centre, ctx.calendar, now);
      if (!next) continue;
      await tx.roundTimers.schedule(centre.id, { date: next.date, time: next.time, dueAt: next.at.toISOString() });
      scheduled += 1;
    }
    return scheduled;
  });
}
