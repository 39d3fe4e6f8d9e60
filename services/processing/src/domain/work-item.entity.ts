/**
 * A dossier's work item at the processing desk. Its state is the dossier's lifecycle
 * state as processing knows it, moved only through the shared transition table
 * (`applyAction` in @motcua/contracts), so an action the table refuses changes nothing.
 * The deadline clock is stored as plain data with ISO strings and converted to the
 * working-time library's clock for every computation.
 */
import {
  applyAction,
  type DossierState,
  type HistoryActor,
  type HistoryEntry,
  type LifecycleAction,
  type ResultDraft,
  type ReturnChannel,
  type Role,
} from '@motcua/contracts';
import type { DeadlineClock, DeadlineRule } from '@motcua/working-time';

/** The procedure's rules as they were when the dossier was received: a later catalogue edit does not move a running deadline. */
export interface ProcedureRules {
  deadline: DeadlineRule;
  supplementClock: 'restart' | 'resume';
  sector: string;
}

export type StoredClock =
  | { state: 'running'; appointmentAt: string }
  | { state: 'paused'; pausedAt: string; remainingMinutes: number; appointmentAt: string };

/** Who did something, as printed on a document. */
export interface OfficerRef {
  id: string;
  name: string;
  role: Role;
}

export interface SupplementRequestRecord {
  reason: string;
  documents: { code: string; name: string }[];
  requestedAt: string;
  requestedBy: OfficerRef;
  /** The appointment in force when the clock stopped. */
  appointmentAt: string;
}

/** An extension with its apology letter (form 04). */
export interface ExtensionRecord {
  reason: string;
  previousAppointmentAt: string;
  newAppointmentAt: string;
  issuedAt: string;
  issuedBy: OfficerRef;
}

export interface RejectionRecord {
  reason: string;
  rejectedAt: string;
  rejectedBy: OfficerRef;
}

export interface WorkItem {
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  receptionPointId: string;
  viaSatellite: boolean;
  procedureCode: string;
  procedureName: string;
  rules: ProcedureRules;
  /** The applicant's name only, for the letters: no id number or phone is kept here. */
  applicantName: string;
  returnChannel: ReturnChannel;
  receivedAt: string;
  clock: StoredClock;
  /** The clock's appointment, kept at the top level so the queue sorts on it. */
  appointmentAt: string;
  /** Flagged once the running clock passed the appointment; cleared when the appointment moves. */
  overdue: boolean;
  assigneeId?: string;
  supplementRequests: SupplementRequestRecord[];
  extensions: ExtensionRecord[];
  result?: ResultDraft;
  rejection?: RejectionRecord;
  state: DossierState;
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
  traceparent?: string;
}

/** States in which an item still counts towards its assignee's load. */
export const openStates: readonly DossierState[] = ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'AWAITING_SIGNATURE'];

export function toDeadlineClock(clock: StoredClock): DeadlineClock {
  if (clock.state === 'running') return { state: 'running', appointmentAt: new Date(clock.appointmentAt) };
  return { state: 'paused', pausedAt: new Date(clock.pausedAt), remainingMinutes: clock.remainingMinutes, appointmentAt: new Date(clock.appointmentAt) };
}

export function toStoredClock(clock: DeadlineClock): StoredClock {
  if (clock.state === 'running') return { state: 'running', appointmentAt: clock.appointmentAt.toISOString() };
  return { state: 'paused', pausedAt: clock.pausedAt.toISOString(), remainingMinutes: clock.remainingMinutes, appointmentAt: clock.appointmentAt.toISOString() };
}

/** The item with a new clock; a new appointment clears the overdue flag (it was for the old one). */
export function withClock(item: WorkItem, clock: DeadlineClock): WorkItem {
  const stored = toStoredClock(clock);
  const moved = stored.appointmentAt !== item.appointmentAt;
  return { ...item, clock: stored, appointmentAt: stored.appointmentAt, overdue: moved ? false : item.overdue };
}

/**
 * Applies a lifecycle action to the item (throws, changing nothing, when the table
 * refuses it). The history entry carries the dossier's trace, the one trace every
 * step of the dossier belongs to.
 */
export function act(item: WorkItem, action: LifecycleAction, actor: HistoryActor, at: Date, reason?: string): WorkItem {
  return { ...applyAction(item, action, actor, at, { reason, traceparent: item.traceparent }), updatedAt: at.toISOString() };
}

/** Whether the running clock's appointment has been reached: the moment it is passed, the dossier is late. */
export function appointmentPassed(item: WorkItem, now: Date): boolean {
  return item.clock.state === 'running' && now.getTime() >= new Date(item.clock.appointmentAt).getTime();
}
