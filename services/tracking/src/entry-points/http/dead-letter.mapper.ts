/**
 * What an ops screen shows of a dead letter: why and where it failed, which event it
 * was, and its payload with personal data masked (the observability library's masking,
 * the same as in logs and traces). Raw values never leave this service.
 */
import { decodeEvent } from '@motcua/contracts';
import { deadLetterFacts, DlqHeaders, ReplayHeaders } from '@motcua/messaging';
import { maskPersonalData, maskText } from '@motcua/observability';
import type { ListedLetter } from '../../domain/dead-letters.use-cases';

/** Longer payloads are cut: a dead letter is read by a person. */
const MAX_TEXT = 20_000;
const dlqHeaderNames = new Set<string>(Object.values(DlqHeaders));

function maskedPayload(value: Buffer): { payload?: unknown; payloadText?: string } {
  const text = value.toString('utf8');
  try {
    return { payload: maskPersonalData(JSON.parse(text) as unknown) };
  } catch {
    return { payloadText: maskText(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text) };
  }
}

function decodable(listed: ListedLetter): boolean {
  try {
    decodeEvent(listed.letter);
    return true;
  } catch {
    return false;
  }
}

export function deadLetterView(listed: ListedLetter) {
  const { letter, group, status, action } = listed;
  const facts = deadLetterFacts(letter);
  const h = letter.headers;
  const event = h['ce_type'] || h['ce_id'] ? { type: h['ce_type'], id: h['ce_id'], dossierId: h['ce_subject'], time: h['ce_time'] } : undefined;
  const headers = Object.fromEntries(Object.entries(h).filter(([name]) => !dlqHeaderNames.has(name)).map(([name, value]) => [name, maskText(value)]));
  return {
    group,
    dlqTopic: letter.topic,
    partition: letter.partition,
    offset: letter.offset,
    status,
    reason: facts.reason === undefined ? undefined : maskText(facts.reason),
    code: facts.code,
    attempts: facts.attempts,
    failedAt: facts.failedAt,
    original: { topic: facts.originalTopic, partition: facts.originalPartition, offset: facts.originalOffset },
    event,
    decodable: decodable(listed),
    replayedFrom: h[ReplayHeaders.replayedFrom],
    headers,
    ...maskedPayload(letter.value),
    ...(action ? { action } : {}),
  };
}
