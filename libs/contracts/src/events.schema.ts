/**
 * The event catalogue: one JSON Schema (TypeBox, so the TypeScript type comes from the
 * same definition) per event in DESIGN.md §4. A breaking change is a new `.v2` entry,
 * never an edit of an existing one.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Applicant, DocumentRef, Id, IsoDateTime, ResultDraft, ReturnChannel, ShortText, eventData } from './common.schema';
import type { EmittingService } from './topics';

const Sha256 = Type.String({ pattern: '^[a-f0-9]{64}$' });

export const DossierReceivedV1 = eventData({
  procedureCode: Type.String({ minLength: 1, maxLength: 32 }),
  procedureName: Type.String({ minLength: 1, maxLength: 300 }),
  receptionPointId: Id,
  submissionChannel: Type.Union([Type.Literal('counter'), Type.Literal('portal')]),
  viaSatellite: Type.Boolean(),
  receivedAt: IsoDateTime,
  appointmentAt: IsoDateTime,
  applicant: Applicant,
  documents: Type.Array(DocumentRef, { maxItems: 50 }),
  returnChannel: ReturnChannel,
  requiresSignature: Type.Boolean(),
});
export const DossierInTransitV1 = eventData({ receptionPointId: Id, roundId: Type.Optional(Id), departedAt: IsoDateTime });
export const DossierArrivedV1 = eventData({ receptionPointId: Id, arrivedAt: IsoDateTime });
export const SupplementProvidedV1 = eventData({ documents: Type.Array(DocumentRef, { minItems: 1, maxItems: 50 }), providedAt: IsoDateTime });
export const DossierWithdrawnV1 = eventData({ reason: ShortText, withdrawnAt: IsoDateTime });
/** Same applicant, procedure and documents as earlier dossiers within the detection window: flagged for an officer, not merged. */
export const PotentialDuplicateFlaggedV1 = eventData({
  duplicateOf: Type.Array(Type.Object({ dossierId: Id, dossierCode: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 20,
  }),
  windowHours: Type.Integer({ minimum: 1, maximum: 8760 }),
  flaggedAt: IsoDateTime,
});
/** A result carried out to a satellite point on a transfer round has arrived there for collection. */
export const ResultTransferredV1 = eventData({ resultId: Id, receptionPointId: Id, roundId: Id, arrivedAt: IsoDateTime });

export const DossierAssignedV1 = eventData({ workItemId: Id, assigneeId: Type.Optional(Id), assignedAt: IsoDateTime });
export const SupplementRequestedV1 = eventData({
  workItemId: Id,
  reason: ShortText,
  requestedDocuments: Type.Array(DocumentRef, { maxItems: 50 }),
  requestedAt: IsoDateTime,
});
export const ResultDraftedV1 = eventData({
  workItemId: Id,
  procedureCode: Type.String({ minLength: 1, maxLength: 32 }),
  result: ResultDraft,
  returnChannel: ReturnChannel,
  draftedAt: IsoDateTime,
});
export const DossierRejectedV1 = eventData({ workItemId: Id, reason: ShortText, returnChannel: ReturnChannel, rejectedAt: IsoDateTime });
/** The supplement came in: the clock runs again, from the time left (`resume`) or afresh (`restart`). */
export const ProcessingResumedV1 = eventData({
  workItemId: Id,
  clockRule: Type.Union([Type.Literal('restart'), Type.Literal('resume')]),
  appointmentAt: IsoDateTime,
  resumedAt: IsoDateTime,
});
export const DossierOverdueV1 = eventData({ workItemId: Id, appointmentAt: IsoDateTime, detectedAt: IsoDateTime });
export const DossierExtendedV1 = eventData({
  workItemId: Id,
  previousAppointmentAt: IsoDateTime,
  newAppointmentAt: IsoDateTime,
  reason: ShortText,
});

export const DocumentSignedV1 = eventData({
  signatureRequestId: Id,
  documentId: Id,
  documentSha256: Sha256,
  /** What the signature is: `sha256-digest-record` is a digest kept on record, not a cryptographic signature. */
  signatureKind: Type.Union([Type.Literal('sha256-digest-record'), Type.Literal('pades-cms')]),
  signer: Type.Object({ id: Id, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  returnChannel: ReturnChannel,
  signedAt: IsoDateTime,
});
export const SignatureDeclinedV1 = eventData({ signatureRequestId: Id, workItemId: Id, reason: ShortText, declinedAt: IsoDateTime });

const ResultKind = Type.Union([Type.Literal('result'), Type.Literal('rejection')]);
export const ResultReadyV1 = eventData({
  resultId: Id,
  kind: ResultKind,
  returnChannel: ReturnChannel,
  documentId: Type.Optional(Id),
  readyAt: IsoDateTime,
});
export const ResultDispatchedV1 = eventData({ resultId: Id, returnChannel: ReturnChannel, trackingCode: Type.Optional(Id), dispatchedAt: IsoDateTime });
export const ResultReturnedV1 = eventData({
  resultId: Id,
  kind: ResultKind,
  receivedBy: Type.Object(
    // Only the last four digits of the id shown at handover travel on the bus: enough to tell who, not to reuse.
    { fullName: Type.String({ minLength: 1, maxLength: 200 }), idNumberLast4: Type.String({ pattern: '^[0-9]{4}$' }) },
    { additionalProperties: false },
  ),
  returnedAt: IsoDateTime,
});

const NotificationChannel = Type.Union([Type.Literal('sms')]);
export const NotificationSentV1 = eventData({
  notificationId: Id,
  template: Type.String({ minLength: 1, maxLength: 64 }),
  templateVersion: Type.Integer({ minimum: 1 }),
  channel: NotificationChannel,
  provider: Type.String({ minLength: 1, maxLength: 64 }),
  segments: Type.Integer({ minimum: 1, maximum: 20 }),
  sentAt: IsoDateTime,
});
export const NotificationDeliveredV1 = eventData({ notificationId: Id, deliveredAt: IsoDateTime });
export const NotificationFailedV1 = eventData({
  notificationId: Id,
  failure: Type.Union([Type.Literal('temporary'), Type.Literal('permanent'), Type.Literal('technical')]),
  reason: ShortText,
  failedAt: IsoDateTime,
});
export const PostalPickupBookedV1 = eventData({ pickupId: Id, postalPointId: Id, trackingCode: Id, bookedAt: IsoDateTime });
export const PostalPickupCollectedV1 = eventData({ pickupId: Id, collectedAt: IsoDateTime });
export const PostalDeliveredV1 = eventData({ pickupId: Id, deliveredAt: IsoDateTime });
/** The post could not take or deliver the result: it goes back to counter collection. */
export const PostalPickupFailedV1 = eventData({
  pickupId: Id,
  reason: Type.Union([Type.Literal('booking-failed'), Type.Literal('returned-to-sender')]),
  detail: ShortText,
  failedAt: IsoDateTime,
});

/** name → (emitting service, schema). The CloudEvents type is derived: vn.motcua.<service>.<Name>.v1 */
export const catalogue = {
  DossierReceived: { service: 'intake', schema: DossierReceivedV1 },
  DossierInTransit: { service: 'intake', schema: DossierInTransitV1 },
  DossierArrived: { service: 'intake', schema: DossierArrivedV1 },
  SupplementProvided: { service: 'intake', schema: SupplementProvidedV1 },
  DossierWithdrawn: { service: 'intake', schema: DossierWithdrawnV1 },
  PotentialDuplicateFlagged: { service: 'intake', schema: PotentialDuplicateFlaggedV1 },
  ResultTransferred: { service: 'intake', schema: ResultTransferredV1 },
  DossierAssigned: { service: 'processing', schema: DossierAssignedV1 },
  SupplementRequested: { service: 'processing', schema: SupplementRequestedV1 },
  ResultDrafted: { service: 'processing', schema: ResultDraftedV1 },
  DossierRejected: { service: 'processing', schema: DossierRejectedV1 },
  ProcessingResumed: { service: 'processing', schema: ProcessingResumedV1 },
  DossierOverdue: { service: 'processing', schema: DossierOverdueV1 },
  DossierExtended: { service: 'processing', schema: DossierExtendedV1 },
  DocumentSigned: { service: 'signing', schema: DocumentSignedV1 },
  SignatureDeclined: { service: 'signing', schema: SignatureDeclinedV1 },
  ResultReady: { service: 'return', schema: ResultReadyV1 },
  ResultDispatched: { service: 'return', schema: ResultDispatchedV1 },
  ResultReturned: { service: 'return', schema: ResultReturnedV1 },
  NotificationSent: { service: 'notifier', schema: NotificationSentV1 },
  NotificationDelivered: { service: 'notifier', schema: NotificationDeliveredV1 },
  NotificationFailed: { service: 'notifier', schema: NotificationFailedV1 },
  PostalPickupBooked: { service: 'notifier', schema: PostalPickupBookedV1 },
  PostalPickupCollected: { service: 'notifier', schema: PostalPickupCollectedV1 },
  PostalDelivered: { service: 'notifier', schema: PostalDeliveredV1 },
  PostalPickupFailed: { service: 'notifier', schema: PostalPickupFailedV1 },
} as const satisfies Record<string, { service: EmittingService; schema: unknown }>;

export type EventName = keyof typeof catalogue;
export type EventData<N extends EventName> = Static<(typeof catalogue)[N]['schema']>;

export type DossierReceived = EventData<'DossierReceived'>;
export type ResultDrafted = EventData<'ResultDrafted'>;
export type DossierRejected = EventData<'DossierRejected'>;
export type SupplementRequested = EventData<'SupplementRequested'>;
export type SupplementProvided = EventData<'SupplementProvided'>;
export type DossierWithdrawn = EventData<'DossierWithdrawn'>;
export type DossierArrived = EventData<'DossierArrived'>;
export type ResultDispatched = EventData<'ResultDispatched'>;
export type ResultTransferred = EventData<'ResultTransferred'>;
export type DocumentSigned = EventData<'DocumentSigned'>;
export type ResultReady = EventData<'ResultReady'>;
export type ResultReturned = EventData<'ResultReturned'>;
