/**
 * What return does with the notifier's postal outcomes: a result collected at the
 * postal point (PostalPickupCollected) or delivered home (PostalDelivered) is handed
 * over by `system` — the operator's report is the handover — and one the post could
 * not deliver (PostalPickupFailed) moves to the centre's
 * main counter, where a reception officer hands it over as usual.
 */
import { findCentre, mainReceptionPoint } from '@motcua/catalogue';
import { applyAction, nextState, type EventData, type EventEnvelope, type ReturnChannel } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { resultEvent, systemActor } from './return.events';
import type { ReturnContext, ReturnTransaction } from './return.ports';
import { ReturnErrors, type Result } from './result.entity';

const isPostal = (channel: ReturnChannel): boolean => channel.type === 'postal_point' || channel.type === 'postal_home';

async function postalResult(tx: ReturnTransaction, pickupId: string, eventName: string): Promise<Result> {
  // The notifier books one pickup per result, with the result's id.
  const result = await tx.results.get(pickupId);
  if (!result) throw new AppError(ReturnErrors.RESULT_NOT_FOUND, 'permanent', `${eventName} names pickup ${pickupId}, which is no result return has`);
  return result;
}

/** Consumer of PostalPickupCollected and PostalDelivered. Returns the result when this call handed it over. */
export async function postalHandedOver(tx: ReturnTransaction, ctx: ReturnContext, event: EventEnvelope<{ pickupId: string; collectedAt?: string; deliveredAt?: string }>): Promise<Result | undefined> {
  const data = event.data;
  const result = await postalResult(tx, data.pickupId, event.type);
  // Already returned, or moved to the counter after a failure the operator later contradicted: nothing to do.
  if (result.state === 'RETURNED' || !isPostal(result.returnChannel)) return undefined;
  nextState(result.state, 'handOver', systemActor.role);
  const applicant = await tx.applicants.get(result.dossierId);
  if (!applicant) throw new AppError(ReturnErrors.APPLICANT_UNKNOWN, 'transient', `the receipt of dossier ${result.dossierCode} has not reached return yet`, { retryable: true });
  const now = ctx.clock();
  const how = data.collectedAt ? `Nhận tại điểm bưu chính ${result.returnChannel.postalPointId ?? ''}`.trim() : 'Bưu chính đã phát tại địa chỉ người dân';
  const returnedAt = data.collectedAt ?? data.deliveredAt ?? now.toISOString();
  const returned: Result = {
    ...applyAction(result, 'handOver', systemActor, now, { reason: how, traceparent: result.traceparent }),
    status: 'RETURNED',
    returnedAt,
    receivedBy: { fullName: applicant.fullName, idNumberLast4: applicant.idNumberLast4, as: 'postal' },
  };
  await tx.results.save(returned);
  await tx.emit(resultEvent('ResultReturned', returned, systemActor, { kind: returned.kind, receivedBy: { fullName: applicant.fullName, idNumberLast4: applicant.idNumberLast4 }, returnedAt }, now, event));
  return returned;
}

export type PostalFailure = EventData<'PostalPickupFailed'>;

const reasonText: Record<PostalFailure['reason'], string> = {
  'booking-failed': 'Bưu chính không nhận chuyển kết quả',
  'returned-to-sender': 'Bưu chính hoàn trả kết quả (không phát được)',
};

/**
 * Consumer of the postal failure: the result's channel becomes the centre's main
 * counter (recorded with its reason), and ResultReady says where it now waits.
 */
export async function postalFailed(tx: ReturnTransaction, ctx: ReturnContext, event: EventEnvelope<PostalFailure>): Promise<Result | undefined> {
  const result = await postalResult(tx, event.data.pickupId, event.type);
  if (result.state === 'RETURNED' || !isPostal(result.returnChannel)) return undefined;
  const centre = findCentre(ctx.catalogue, result.centreId);
  const main = centre ? mainReceptionPoint(centre) : undefined;
  const to: ReturnChannel = { type: 'counter', ...(main ? { receptionPointId: main.id } : {}) };
  const now = ctx.clock();
  const reason = `${reasonText[event.data.reason]}${event.data.detail ? `: ${event.data.detail}` : ''}; chuyển sang trả tại quầy`.slice(0, 500);
  const moved: Result = {
    ...result,
    returnChannel: to,
    ...(main ? { receptionPointId: main.id } : {}),
    channelChanges: [...(result.channelChanges ?? []), { from: result.returnChannel, to, at: now.toISOString(), role: 'system', reason }],
  };
  await tx.results.save(moved);
  await tx.emit(
    resultEvent(
      'ResultReady',
      moved,
      systemActor,
      { kind: moved.kind, returnChannel: to, ...(moved.documentId ? { documentId: moved.documentId } : {}), readyAt: moved.readyAt ?? now.toISOString() },
      now,
      event,
    ),
  );
  return moved;
}
