/**
 * The tracking read model: one document per dossier with its current status, flags
 * and full timeline, projected from every topic. Projection is order-tolerant:
 * events of one dossier come from several topics and may arrive out of order, so
 * status, flags, appointment and assignee are derived again from the timeline
 * sorted by event time on every event, never from the order of arrival.
 */
import { dossierStates, eventNameOf, type DossierState, type EventEnvelope, type EventName } from '@motcua/contracts';
import { documentOf, reasonOf, type TimelineDocument } from './step-document.rules';

export type { TimelineDocument } from './step-document.rules';

/** Every status a dossier can be in: the lifecycle states of libs/contracts; the query API validates against this list. */
export const dossierStatuses = dossierStates;
export type DossierStatus = DossierState;

export interface TimelineEntry {
  eventId: string;
  name: EventName;
  type: string;
  service: string;
  time: string;
  traceId?: string;
  actorRole?: string;
  /** The status this step moved the dossier to, if it moved it (in the context of the steps before it). */
  status?: DossierStatus;
  /** Why, for steps that give a reason (supplement, rejection, extension, declined signature, withdrawal). */
  reason?: string;
  /** The document this step issued, at the route of the service that owns it. */
  document?: TimelineDocument;
  /** The appointment this step set (receipt, resumption after a supplement, extension). */
  appointmentAt?: string;
  /** Assignment steps: the officer who owns the work item from here on; absent means back in the queue. */
  assigneeId?: string;
  /** A postal pickup booked for the result: where it goes and the operator's tracking code. */
  postal?: { postalPointId: string; trackingCode: string };
  /** A result being ready: return's id for it (an electronic result is downloaded by it). */
  resultId?: string;
}

/** How the citizen chose to collect the result, without the address or e-mail (personal data stays with intake). */
export interface CollectionChoice {
  type: 'counter' | 'postal_point' | 'postal_home' | 'electronic';
  receptionPointId?: string;
  postalPointId?: string;
}

export interface DossierFlags {
  overdue: boolean;
  extended: boolean;
  potentialDuplicate: boolean;
}

export interface DossierView {
  id: string;
  code: string;
  centreId: string;
  procedureCode?: string;
  procedureName?: string;
  receptionPointId?: string;
  /** How the dossier came in (`counter`, `portal`), for the daily briefing's breakdown. */
  submissionChannel?: string;
  /**
   * The applicant's name only, for the tracking slip an officer prints; never the id
   * number, phone or address. Kept out of the list and status answers.
   */
  applicantName?: string;
  /**
   * The last four digits of the applicant's phone: what a citizen types with the code to
   * look the dossier up. Never in list or status answers, only compared.
   */
  phoneLast4?: string;
  returnChannel?: CollectionChoice;
  /** The officer currently owning the work item. */
  assigneeId?: string;
  status: DossierStatus;
  flags: DossierFlags;
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
  PostalPickupFailed: 18.5,
  PostalPickupCollected: 19,
  ResultReturned: 20,
  DossierWithdrawn: 21,
};

const finalStatuses: readonly DossierStatus[] = ['RETURNED', 'WITHDRAWN'];

/**
 * The status after a step, given the status before it; undefined when the step does
 * not move the dossier. Context matters for two steps: an assignment moves a dossier
 * into processing only the first time (a reassignment while a supplement is awaited
 * leaves it awaiting), and a rejection letter being ready keeps the dossier REJECTED
 * until it is handed over. A closed dossier stays closed.
 */
function statusAfter(name: EventName, before: DossierStatus): DossierStatus | undefined {
  if (finalStatuses.includes(before)) return undefined;
  switch (name) {
    case 'DossierReceived':
      return 'RECEIVED';
    case 'DossierInTransit':
      return 'IN_TRANSIT';
    case 'DossierAssigned':
      // A main-counter dossier goes to processing without an event of its own: its first assignment shows it.
      return before === 'RECEIVED' || before === 'IN_TRANSIT' ? 'IN_PROCESSING' : undefined;
    case 'DossierArrived':
    case 'SupplementProvided':
    case 'ProcessingResumed':
    case 'SignatureDeclined':
      return 'IN_PROCESSING';
    case 'SupplementRequested':
      return 'SUPPLEMENT_REQUESTED';
    case 'ResultDrafted':
      return 'AWAITING_SIGNATURE';
    case 'DocumentSigned':
      return 'SIGNED';
    case 'DossierRejected':
      return 'REJECTED';
    case 'ResultReady':
      return before === 'REJECTED' ? undefined : 'RESULT_READY';
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

interface Derived {
  timeline: TimelineEntry[];
  status: DossierStatus;
  flags: DossierFlags;
  appointmentAt?: string;
  assigneeId?: string;
}

/** Everything that depends on the order of steps, folded over the sorted timeline. */
function deriveFrom(sorted: TimelineEntry[]): Derived {
  let status: DossierStatus = 'RECEIVED';
  const flags: DossierFlags = { overdue: false, extended: false, potentialDuplicate: false };
  let appointmentAt: string | undefined;
  let assigneeId: string | undefined;
  const timeline = sorted.map(({ status: _previous, ...entry }) => {
    const next = statusAfter(entry.name, status);
    if (next) status = next;
    if (entry.appointmentAt) {
      appointmentAt = entry.appointmentAt;
      // A new appointment (extension, or the clock restarted after a supplement) is not overdue until it passes.
      flags.overdue = false;
    }
    if (entry.name === 'DossierOverdue') flags.overdue = true;
    if (entry.name === 'DossierExtended') {
      // Also for steps projected before they carried their appointment.
      flags.extended = true;
      flags.overdue = false;
    }
    if (entry.name === 'PotentialDuplicateFlagged') flags.potentialDuplicate = true;
    if (entry.name === 'DossierAssigned') assigneeId = entry.assigneeId;
    return next ? { ...entry, status: next } : entry;
  });
  return { timeline, status, flags, appointmentAt, assigneeId };
}

type EventFacts = {
  dossierId: string;
  dossierCode: string;
  centreId: string;
  actor?: { role: string };
  appointmentAt?: string;
  newAppointmentAt?: string;
  assigneeId?: string;
  postalPointId?: string;
  trackingCode?: string;
  resultId?: string;
};

/** Kept as UTC ISO strings (`…Z`) whatever offset the event used, so they compare and range-filter as text. */
function appointmentSetBy(name: EventName, data: EventFacts): string | undefined {
  const given = name === 'DossierReceived' || name === 'ProcessingResumed' ? data.appointmentAt : name === 'DossierExtended' ? data.newAppointmentAt : undefined;
  return given === undefined ? undefined : new Date(given).toISOString();
}

function entryOf(envelope: EventEnvelope, name: EventName, traceId: string | undefined): TimelineEntry {
  const data = envelope.data as EventFacts;
  const reason = reasonOf(name, envelope.data);
  const document = documentOf(name, envelope.data);
  const appointmentAt = appointmentSetBy(name, data);
  return {
    eventId: envelope.id,
    name,
    type: envelope.type,
    service: envelope.source.replace(/^\/motcua\//, ''),
    time: envelope.time,
    ...(traceId ? { traceId } : {}),
    ...(data.actor ? { actorRole: data.actor.role } : {}),
    ...(reason ? { reason } : {}),
    ...(document ? { document } : {}),
    ...(appointmentAt ? { appointmentAt } : {}),
    ...(name === 'DossierAssigned' && data.assigneeId ? { assigneeId: data.assigneeId } : {}),
    ...(name === 'ResultReady' && data.resultId ? { resultId: data.resultId } : {}),
    ...(name === 'PostalPickupBooked' && data.postalPointId && data.trackingCode ? { postal: { postalPointId: data.postalPointId, trackingCode: data.trackingCode } } : {}),
  };
}

/** Facts only the receipt carries; kept from whichever projection saw it. */
const receiptFields = ['procedureCode', 'procedureName', 'receptionPointId', 'submissionChannel', 'applicantName', 'phoneLast4', 'returnChannel', 'receivedAt'] as const;
type ReceiptFacts = Partial<Pick<DossierView, (typeof receiptFields)[number]>>;

function receiptFactsOf(envelope: EventEnvelope): ReceiptFacts {
  const received = envelope.data as {
    procedureCode: string;
    procedureName?: string;
    receptionPointId?: string;
    submissionChannel?: string;
    receivedAt: string;
    applicant?: { fullName?: string; phone?: string };
    returnChannel?: CollectionChoice;
  };
  // Only the name and the phone's last four digits cross into the read model: the id number, full phone and address stay with intake.
  const phone = received.applicant?.phone;
  const channel = received.returnChannel;
  return {
    procedureCode: received.procedureCode,
    receivedAt: received.receivedAt,
    ...(received.procedureName ? { procedureName: received.procedureName } : {}),
    ...(received.receptionPointId ? { receptionPointId: received.receptionPointId } : {}),
    ...(received.submissionChannel ? { submissionChannel: received.submissionChannel } : {}),
    ...(received.applicant?.fullName ? { applicantName: received.applicant.fullName } : {}),
    ...(phone && phone.length >= 4 ? { phoneLast4: phone.slice(-4) } : {}),
    ...(channel
      ? {
          returnChannel: {
            type: channel.type,
            ...(channel.receptionPointId ? { receptionPointId: channel.receptionPointId } : {}),
            ...(channel.postalPointId ? { postalPointId: channel.postalPointId } : {}),
          },
        }
      : {}),
  };
}

function keptReceiptFacts(view: DossierView | undefined): ReceiptFacts {
  const kept: ReceiptFacts = {};
  for (const field of receiptFields) if (view?.[field]) Object.assign(kept, { [field]: view[field] });
  return kept;
}

/**
 * Applies one event to the view (or starts it). Idempotent: an event already on
 * the timeline changes nothing, so a redelivery or a rebuild ends identical.
 */
export function project(view: DossierView | undefined, envelope: EventEnvelope, traceId: string | undefined): DossierView | undefined {
  const name = eventNameOf(envelope.type);
  if (!name) return view;
  if (view?.timeline.some((e) => e.eventId === envelope.id)) return view;
  const data = envelope.data as EventFacts;
  const sorted = [...(view?.timeline ?? []), entryOf(envelope, name, traceId)].sort(compareEntries);
  const derived = deriveFrom(sorted);
  // Views projected before steps carried their appointment keep the one they had.
  const appointmentAt = derived.appointmentAt ?? view?.appointmentAt;
  return {
    id: envelope.subject,
    code: data.dossierCode,
    centreId: data.centreId,
    status: derived.status,
    flags: derived.flags,
    updatedAt: (derived.timeline[derived.timeline.length - 1] as TimelineEntry).time,
    timeline: derived.timeline,
    ...keptReceiptFacts(view),
    ...(name === 'DossierReceived' ? receiptFactsOf(envelope) : {}),
    ...(appointmentAt ? { appointmentAt } : {}),
    ...(derived.assigneeId ? { assigneeId: derived.assigneeId } : {}),
  };
}

/** What a dossier looked like at an instant: derived from the steps stamped strictly before it. */
export interface DossierStateAt {
  status: DossierStatus;
  flags: DossierFlags;
  appointmentAt?: string;
  /** The steps before the instant, in order, with the status each moved the dossier to. */
  timeline: TimelineEntry[];
}

/**
 * The dossier as it stood at `instant` (an ISO time compared as text, so `…Z` like the
 * timeline): undefined when none of its steps had happened yet. Same fold as the
 * projection, over a prefix of the timeline, so "at the end of the day" and "now"
 * never disagree about the rules.
 */
export function stateAt(view: DossierView, instant: string): DossierStateAt | undefined {
  const before = view.timeline.filter((entry) => new Date(entry.time).toISOString() < instant);
  if (before.length === 0) return undefined;
  const derived = deriveFrom(before);
  const appointmentAt = derived.appointmentAt ?? view.appointmentAt;
  return { status: derived.status, flags: derived.flags, timeline: derived.timeline, ...(appointmentAt ? { appointmentAt } : {}) };
}

/**
 * `base` with the steps of `other` it lacks (those `take` accepts), derived again from
 * the union: how a rebuilt view takes in the steps the live projection saw while the
 * rebuild ran. Receipt facts come from whichever view has them.
 */
export function mergeViews(base: DossierView | undefined, other: DossierView, take: (entry: TimelineEntry) => boolean = () => true): DossierView | undefined {
  const known = new Set(base?.timeline.map((e) => e.eventId) ?? []);
  const extra = other.timeline.filter((e) => !known.has(e.eventId) && take(e));
  if (extra.length === 0) return base;
  const derived = deriveFrom([...(base?.timeline ?? []), ...extra].sort(compareEntries));
  const appointmentAt = derived.appointmentAt ?? base?.appointmentAt ?? other.appointmentAt;
  return {
    id: other.id,
    code: base?.code ?? other.code,
    centreId: base?.centreId ?? other.centreId,
    status: derived.status,
    flags: derived.flags,
    updatedAt: (derived.timeline[derived.timeline.length - 1] as TimelineEntry).time,
    timeline: derived.timeline,
    ...keptReceiptFacts(other),
    ...keptReceiptFacts(base),
    ...(appointmentAt ? { appointmentAt } : {}),
    ...(derived.assigneeId ? { assigneeId: derived.assigneeId } : {}),
  };
}
