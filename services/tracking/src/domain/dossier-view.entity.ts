/**
 * The tracking read model: one document per dossier with its current status, flags
 * and full timeline, projected from every topic. Projection is order-tolerant:
 * events of one dossier come from several topics and may arrive out of order, so
 * the status is derived from the timeline sorted by event time, not from arrival.
 */
import { eventNameOf, type EventEnvelope, type EventName } from '@motcua/contracts';

/** Every status a dossier can be in, in lifecycle order; the query API validates against this list. */
export const dossierStatuses = [
  'RECEIVED',
  'IN_TRANSIT',
  'IN_PROCESSING',
  'SUPPLEMENT_REQUESTED',
  'AWAITING_SIGNATURE',
  'SIGNED',
  'RESULT_READY',
  'REJECTED',
  'RETURNED',
  'WITHDRAWN',
] as const;

export type DossierStatus = (typeof dossierStatuses)[number];

export interface TimelineEntry {
  eventId: string;
  name: EventName;
  type: string;
  service: string;
  time: string;
  traceId?: string;
  actorRole?: string;
  /** The status this step moved the dossier to, if it moved it. */
  status?: DossierStatus;
}

export interface DossierView {
  id: string;
  code: string;
  centreId: string;
  procedureCode?: string;
  status: DossierStatus;
  flags: { overdue: boolean; extended: boolean };
  receivedAt?: string;
  appointmentAt?: string;
  updatedAt: string;
  timeline: TimelineEntry[];
}

/** Lifecycle order, to break ties between events stamped with the same millisecond. */
const rank: Record<EventName, number> = {
  DossierReceived: 0,
  PotentialDuplicateFlagged: 0.5,
  DossierInTransit: 1,
  DossierArrived: 2,
  DossierAssigned: 3,
  SupplementRequested: 4,
  SupplementProvided: 5,
  ProcessingResumed: 5.5,
  DossierOverdue: 6,
  DossierExtended: 7,
  ResultDrafted: 8,
  SignatureDeclined: 9,
  DossierRejected: 10,
  DocumentSigned: 11,
  ResultDispatched: 11.5,
  ResultTransferred: 11.7,
  ResultReady: 12,
  PostalPickupBooked: 13,
  NotificationSent: 15,
  NotificationDelivered: 16,
  NotificationFailed: 17,
  PostalDelivered: 18,
  PostalPickupCollected: 19,
  ResultReturned: 20,
  DossierWithdrawn: 21,
};

function statusEffect(envelope: EventEnvelope, name: EventName): DossierStatus | undefined {
  switch (name) {
    case 'DossierReceived':
      return 'RECEIVED';
    case 'DossierInTransit':
      return 'IN_TRANSIT';
    case 'DossierArrived':
    case 'DossierAssigned':
    case 'SupplementProvided':
    case 'SignatureDeclined':
      return 'IN_PROCESSING';
    case 'SupplementRequested':
      return 'SUPPLEMENT_REQUESTED';
    case 'ResultDrafted':
      return 'AWAITING_SIGNATURE';
    case 'DocumentSigned':
      return 'SIGNED';
    case 'ResultReady':
      // A rejection letter being ready keeps the dossier REJECTED until it is handed over.
      return (envelope.data as { kind?: string }).kind === 'rejection' ? undefined : 'RESULT_READY';
    case 'DossierRejected':
      return 'REJECTED';
    case 'ResultReturned':
      return 'RETURNED';
    case 'DossierWithdrawn':
      return 'WITHDRAWN';
    default:
      return undefined;
  }
}

export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.time.localeCompare(b.time) || rank[a.name] - rank[b.name] || a.eventId.localeCompare(b.eventId);
}

/**
 * Applies one event to the view (or starts it). Idempotent: an event already on
 * the timeline changes nothing, so a redelivery or a rebuild ends identical.
 */
export function project(view: DossierView | undefined, envelope: EventEnvelope, traceId: string | undefined): DossierView | undefined {
  const name = eventNameOf(envelope.type);
  if (!name) return view;
  if (view?.timeline.some((e) => e.eventId === envelope.id)) return view;
  const data = envelope.data as { dossierCode: string; centreId: string; actor?: { role: string }; procedureCode?: string };
  const status = statusEffect(envelope, name);
  const entry: TimelineEntry = {
    eventId: envelope.id,
    name,
    type: envelope.type,
    service: envelope.source.replace(/^\/motcua\//, ''),
    time: envelope.time,
    ...(traceId ? { traceId } : {}),
    ...(data.actor ? { actorRole: data.actor.role } : {}),
    ...(status ? { status } : {}),
  };
  const timeline = [...(view?.timeline ?? []), entry].sort(compareEntries);
  const latestStatus = [...timeline].reverse().find((e) => e.status)?.status ?? 'RECEIVED';
  const next: DossierView = {
    id: envelope.subject,
    code: data.dossierCode,
    centreId: data.centreId,
    status: latestStatus,
    flags: { ...(view?.flags ?? { overdue: false, extended: false }) },
    updatedAt: (timeline[timeline.length - 1] as TimelineEntry).time,
    timeline,
    ...(view?.procedureCode ? { procedureCode: view.procedureCode } : {}),
    ...(view?.receivedAt ? { receivedAt: view.receivedAt } : {}),
    ...(view?.appointmentAt ? { appointmentAt: view.appointmentAt } : {}),
  };
  if (name === 'DossierReceived') {
    const received = envelope.data as { procedureCode: string; receivedAt: string; appointmentAt: string };
    next.procedureCode = received.procedureCode;
    next.receivedAt = received.receivedAt;
    next.appointmentAt ??= received.appointmentAt;
  }
  if (name === 'DossierOverdue') next.flags.overdue = true;
  if (name === 'DossierExtended') {
    next.flags.extended = true;
    next.flags.overdue = false;
    next.appointmentAt = (envelope.data as { newAppointmentAt: string }).newAppointmentAt;
  }
  return next;
}
