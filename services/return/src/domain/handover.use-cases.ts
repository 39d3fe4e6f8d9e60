/**
 * Handing a result over: at the counter to the applicant or an authorised person,
 * or, for an electronic result, by issuing its download link. Each checks, before
 * writing anything and in this order: the officer's centre, the role (the lifecycle
 * table's), the channel, that the result has reached its point, the table's state
 * rule, then who is collecting it. A refusal changes nothing.
 */
import { assertSameCentre, type Officer } from '@motcua/catalogue';
import { applyAction, LifecycleErrors, nextState, rolesFor, type HistoryActor, type Role } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { checkRecipient, type Recipient } from './recipient.rules';
import { resultEvent, systemActor } from './return.events';
import type { ReturnContext, ReturnTransaction, RunReturnTransaction } from './return.ports';
import { resultNotFound, ReturnErrors, type ApplicantIdentity, type Receipt, type Result } from './result.entity';

async function load(tx: ReturnTransaction, id: string): Promise<Result> {
  const result = await tx.results.get(id);
  if (!result) throw resultNotFound(id);
  return result;
}

/** The table's role rule for `handOver`, checked before anything about the result is revealed. */
function assertMayHandOver(role: Role): void {
  if (!rolesFor('handOver').includes(role)) {
    throw new AppError(LifecycleErrors.ROLE_NOT_ALLOWED, 'forbidden', `role ${role} may not handOver a dossier`, { details: { action: 'handOver', role } });
  }
}

function wrongChannel(result: Result, expected: string): AppError {
  return new AppError(ReturnErrors.WRONG_CHANNEL, 'conflict', `result ${result.id} goes back by ${result.returnChannel.type}, not ${expected}`, {
    details: { returnChannel: result.returnChannel.type },
  });
}

async function applicantOf(tx: ReturnTransaction, result: Result): Promise<ApplicantIdentity> {
  const applicant = await tx.applicants.get(result.dossierId);
  if (!applicant) {
    throw new AppError(ReturnErrors.APPLICANT_UNKNOWN, 'conflict', `the receipt of dossier ${result.dossierCode} has not reached return yet: try again in a moment`, { retryable: true });
  }
  return applicant;
}

async function recordReturn(tx: ReturnTransaction, result: Result, actor: HistoryActor, receipt: Receipt, now: Date, reason?: string): Promise<Result> {
  const returned: Result = {
    ...applyAction(result, 'handOver', actor, now, { reason, traceparent: result.traceparent }),
    status: 'RETURNED',
    returnedAt: now.toISOString(),
    receivedBy: receipt,
  };
  await tx.results.save(returned);
  await tx.emit(
    resultEvent(
      'ResultReturned',
      returned,
      actor,
      { kind: returned.kind, receivedBy: { fullName: receipt.fullName, idNumberLast4: receipt.idNumberLast4 }, returnedAt: now.toISOString() },
      now,
    ),
  );
  return returned;
}

/**
 * Counter handover by a reception officer of the centre: the person shows the
 * applicant's id number, or an authorisation (recorded) with their own.
 */
export function handOverAtCounter(run: RunReturnTransaction, ctx: ReturnContext, id: string, recipient: Recipient, officer: Officer): Promise<Result> {
  return run(async (tx) => {
    const result = await load(tx, id);
    assertSameCentre(officer, result.centreId);
    assertMayHandOver(officer.role);
    if (result.returnChannel.type !== 'counter') throw wrongChannel(result, 'counter handover');
    if (result.status === 'AWAITING_TRANSFER') {
      throw new AppError(ReturnErrors.AWAITING_TRANSFER, 'conflict', `result ${id} is waiting for the transfer round to ${result.receptionPointId ?? 'its point'}: it can be handed over once it arrives`);
    }
    nextState(result.state, 'handOver', officer.role);
    const receipt = checkRecipient(await applicantOf(tx, result), recipient);
    if (!receipt) {
      throw new AppError(ReturnErrors.RECIPIENT_MISMATCH, 'validation', `the id number shown is not the applicant's and no authorisation was given`, {
        status: 422,
        fields: [
          { path: 'body/receivedBy/idNumber', message: 'must be the applicant’s id number' },
          { path: 'body/authorisation', message: 'required when someone else collects the result' },
        ],
      });
    }
    const reason = receipt.authorisation ? `Nhận thay theo giấy ủy quyền số ${receipt.authorisation.documentNumber}` : undefined;
    return recordReturn(tx, result, { role: officer.role, id: officer.id }, receipt, ctx.clock(), reason);
  });
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
  result: Result;
}

/**
 * An expiring link to the signed document of an electronic result, for a reception
 * officer of the centre or (no officer) the integrator's portal.
 *
 * Issuing the first link is the handover: ResultReturned, received by the applicant
 * (name and last four digits from the receipt). Signing serves the document and
 * cannot tell return that the link was used, and a round trip for it would add a
 * failure mode for little: the link goes to the applicant only, so issuing it is when
 * the result leaves the centre's hands. Later links (the first expired, a second
 * device) are issued without another handover.
 *
 * The integrator's handover is recorded as `system`: the table lets only reception
 * or the system hand over, and the portal (its API key checked against the result's
 * centre by the route) acts on the citizen's behalf as part of the automatic return.
 */
export function issueDownloadLink(run: RunReturnTransaction, ctx: ReturnContext, id: string, officer: Officer | undefined): Promise<DownloadLink> {
  return run(async (tx) => {
    const result = await load(tx, id);
    if (officer) {
      assertSameCentre(officer, result.centreId);
      assertMayHandOver(officer.role);
    }
    if (result.returnChannel.type !== 'electronic') throw wrongChannel(result, 'download');
    const documentId = result.documentId;
    if (!documentId) throw new AppError(ReturnErrors.NO_DOCUMENT, 'conflict', `result ${id} is a rejection letter: it has no signed document to download`);
    const now = ctx.clock();
    let current = result;
    if (result.state !== 'RETURNED') {
      const actor: HistoryActor = officer ? { role: officer.role, id: officer.id } : systemActor;
      nextState(result.state, 'handOver', actor.role);
      const applicant = await applicantOf(tx, result);
      current = await recordReturn(tx, result, actor, { fullName: applicant.fullName, idNumberLast4: applicant.idNumberLast4, as: 'download' }, now);
    }
    const link = ctx.links.issue(documentId, new Date(now.getTime() + ctx.linkTtlMinutes * 60_000));
    current = { ...current, downloadLinksIssued: (current.downloadLinksIssued ?? 0) + 1 };
    await tx.results.save(current);
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), result: current };
  });
}
