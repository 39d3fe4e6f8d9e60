/**
 * Dead letters for operations: list a consumer group's dead letters with their status,
 * replay one or all (the original event goes back on its topic, and the group's inbox
 * makes a replay of an event some other group already handled harmless), or discard
 * one with a reason. Every replay and discard is recorded once per letter; that record
 * is both what keeps a letter from being listed as pending again and the audit log.
 */
import type { Officer } from '@motcua/catalogue';
import { dlqTopic } from '@motcua/contracts';
import { AppError, conflict, notFound } from '@motcua/errors';

export const DeadLetterErrors = {
  NOT_FOUND: 'TRACKING.DEAD_LETTER_NOT_FOUND',
  ALREADY_HANDLED: 'TRACKING.DEAD_LETTER_ALREADY_HANDLED',
  OPS_ONLY: 'TRACKING.OPS_ONLY',
} as const;

export const deadLetterStatuses = ['pending', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof deadLetterStatuses)[number];

/** A dead letter as the messaging library reads it (structurally its DeadLetter). */
export interface Letter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface DeadLetterAction {
  /** `<dlq topic>/<partition>/<offset>`: one action per letter. */
  id: string;
  dlqTopic: string;
  group: string;
  partition: number;
  offset: string;
  action: 'replay' | 'discard';
  /** Why it was discarded; absent for a replay. */
  reason?: string;
  officerId: string;
  officerRole: string;
  at: string;
  /** Replays only: carried by the replayed message as `motcua_replay_id`. */
  replayId?: string;
  /** The event's CloudEvents id and type, when the letter had them. */
  eventId?: string;
  eventType?: string;
}

/** Reads dead-letter topics (the messaging library's DeadLetterStore). */
export interface DeadLetterReader {
  groups(): Promise<string[]>;
  list(group: string, options?: { limit?: number }): Promise<Letter[]>;
  get(group: string, partition: number, offset: string): Promise<Letter | undefined>;
}

/** Publishes the original message of a letter again. */
export type Replayer = (letter: Letter, replayId: string) => Promise<void>;

export interface DeadLetterActionLog {
  forTopic(dlqTopic: string): Promise<DeadLetterAction[]>;
  get(id: string): Promise<DeadLetterAction | undefined>;
  /** Throws a conflict AppError when the letter already has an action. */
  record(action: DeadLetterAction): Promise<void>;
  page(query: { group?: string | undefined; limit: number; offset: number }): Promise<{ items: DeadLetterAction[]; total: number }>;
}

export interface DeadLetterDeps {
  reader: DeadLetterReader;
  replay: Replayer;
  actions: DeadLetterActionLog;
  clock: () => Date;
  newId: () => string;
  /** Letters read per group. */
  readLimit: number;
}

export interface ListedLetter {
  group: string;
  letter: Letter;
  status: DeadLetterStatus;
  action?: DeadLetterAction;
}

export const letterId = (topic: string, partition: number, offset: string): string => `${topic}/${partition}/${offset}`;

const statusOf = (action: DeadLetterAction | undefined): DeadLetterStatus => (action === undefined ? 'pending' : action.action === 'replay' ? 'replayed' : 'discarded');

/** Operations on dead letters are an ops officer's: they re-run or drop other services' work. */
export function assertOps(officer: Officer): void {
  if (officer.role !== 'ops') throw new AppError(DeadLetterErrors.OPS_ONLY, 'forbidden', `officer ${officer.id} is a ${officer.role}: only ops handle dead letters`);
}

export async function listDeadLetters(deps: DeadLetterDeps, query: { group?: string | undefined; status?: DeadLetterStatus | undefined }): Promise<ListedLetter[]> {
  const groups = query.group === undefined ? await deps.reader.groups() : [query.group];
  const listed: ListedLetter[] = [];
  for (const group of groups) {
    const topic = dlqTopic(group);
    const [letters, actions] = await Promise.all([deps.reader.list(group, { limit: deps.readLimit }), deps.actions.forTopic(topic)]);
    const byId = new Map(actions.map((action) => [action.id, action]));
    for (const letter of letters) {
      const action = byId.get(letterId(letter.topic, letter.partition, letter.offset));
      const status = statusOf(action);
      if (query.status === undefined || query.status === status) listed.push({ group, letter, status, ...(action ? { action } : {}) });
    }
  }
  return listed;
}

function eventOf(letter: Letter): Pick<DeadLetterAction, 'eventId' | 'eventType'> {
  const { ce_id: eventId, ce_type: eventType } = letter.headers;
  return { ...(eventId ? { eventId } : {}), ...(eventType ? { eventType } : {}) };
}

async function pendingLetter(deps: DeadLetterDeps, group: string, partition: number, offset: string): Promise<Letter> {
  const letter = await deps.reader.get(group, partition, offset);
  if (!letter) throw notFound(DeadLetterErrors.NOT_FOUND, `no dead letter of group ${group} at partition ${partition}, offset ${offset}`, { group, partition, offset });
  const done = await deps.actions.get(letterId(letter.topic, partition, offset));
  if (done) throw alreadyHandled(done);
  return letter;
}

function alreadyHandled(done: DeadLetterAction): AppError {
  const what = done.action === 'replay' ? 'replayed' : 'discarded';
  return conflict(DeadLetterErrors.ALREADY_HANDLED, `dead letter ${done.id} was already ${what} by ${done.officerId} at ${done.at}`, {
    action: done.action,
    officerId: done.officerId,
    at: done.at,
  });
}

/** Records the action; a concurrent action on the same letter that won the race makes this one a 409 too. */
async function record(deps: DeadLetterDeps, action: DeadLetterAction): Promise<DeadLetterAction> {
  try {
    await deps.actions.record(action);
  } catch (error) {
    const winner = await deps.actions.get(action.id).catch(() => undefined);
    if (winner) throw alreadyHandled(winner);
    throw error;
  }
  return action;
}

function actionFor(deps: DeadLetterDeps, officer: Officer, group: string, letter: Letter): Omit<DeadLetterAction, 'action'> {
  return {
    id: letterId(letter.topic, letter.partition, letter.offset),
    dlqTopic: letter.topic,
    group,
    partition: letter.partition,
    offset: letter.offset,
    officerId: officer.id,
    officerRole: officer.role,
    at: deps.clock().toISOString(),
    ...eventOf(letter),
  };
}

/**
 * Publishes first, records second: a crash in between leaves the letter pending and a
 * second replay publishes it again, which the consumers' inboxes make harmless; the
 * other order could mark a letter replayed that never was.
 */
async function replayLetter(deps: DeadLetterDeps, officer: Officer, group: string, letter: Letter): Promise<DeadLetterAction> {
  const replayId = deps.newId();
  await deps.replay(letter, replayId);
  return record(deps, { ...actionFor(deps, officer, group, letter), action: 'replay', replayId });
}

export async function replayDeadLetter(deps: DeadLetterDeps, officer: Officer, group: string, partition: number, offset: string): Promise<DeadLetterAction> {
  assertOps(officer);
  return replayLetter(deps, officer, group, await pendingLetter(deps, group, partition, offset));
}

export interface ReplayAllResult {
  replayed: DeadLetterAction[];
  /** Letters that could not be replayed (e.g. no original topic), left pending. */
  failed: { id: string; code: string; message: string }[];
}

/** Every pending letter of the group, in order, so events of one dossier go back in the order they failed. */
export async function replayAllDeadLetters(deps: DeadLetterDeps, officer: Officer, group: string): Promise<ReplayAllResult> {
  assertOps(officer);
  const pending = await listDeadLetters(deps, { group, status: 'pending' });
  const result: ReplayAllResult = { replayed: [], failed: [] };
  for (const { letter } of pending) {
    try {
      result.replayed.push(await replayLetter(deps, officer, group, letter));
    } catch (error) {
      const { code = 'INTERNAL.UNEXPECTED', message = String(error) } = error as { code?: string; message?: string };
      result.failed.push({ id: letterId(letter.topic, letter.partition, letter.offset), code, message });
    }
  }
  return result;
}

export async function discardDeadLetter(deps: DeadLetterDeps, officer: Officer, group: string, partition: number, offset: string, reason: string): Promise<DeadLetterAction> {
  assertOps(officer);
  const letter = await pendingLetter(deps, group, partition, offset);
  return record(deps, { ...actionFor(deps, officer, group, letter), action: 'discard', reason });
}
