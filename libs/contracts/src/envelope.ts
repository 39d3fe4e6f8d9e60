/**
 * The CloudEvents 1.0 envelope every motcua event travels in, and its Kafka
 * binary-mode form: attributes as `ce_*` headers, data as the JSON value, the
 * dossier id as the key. Both bus adapters use this one codec, so an event looks
 * the same on Kafka and in the embedded log.
 */
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCodes } from '@motcua/errors';
import { catalogue, type EventData, type EventName } from './events.schema';
import { Topics } from './topics';
import { validateEventData, ensureValidData } from './validators';

import { EVENT_TYPE_PREFIX } from './constants';
export { EVENT_TYPE_PREFIX };
export const CONTENT_TYPE = 'application/json';
/**
 * The largest event data a consumer parses. motcua's own events are a few KB (a result
 * draft's text is the largest part); anything far bigger is hostile or broken, and
 * parsing it would stall every consumer of the topic, so it is dead-lettered unread.
 */
export const MAX_EVENT_BYTES = 512 * 1024;

export interface EventEnvelope<D = unknown> {
  specversion: '1.0';
  /** Unique per event; consumers deduplicate on it (inbox). */
  id: string;
  /** `/motcua/<service>` */
  source: string;
  /** `vn.motcua.<service>.<Name>.v1` */
  type: string;
  time: string;
  /** The dossier id; also the Kafka key. */
  subject: string;
  datacontenttype: typeof CONTENT_TYPE;
  /** Same for every event of one dossier's journey (the dossier id unless a caller supplies one). */
  correlationid: string;
  /** Id of the event or request that caused this one. */
  causationid?: string;
  /** W3C trace context, so one dossier's trace continues across every hop. */
  traceparent?: string;
  tracestate?: string;
  data: D;
}

export type TypedEnvelope<N extends EventName> = EventEnvelope<EventData<N>> & { type: `vn.motcua.${string}.${N}.v1` };

export function eventType(name: EventName): string {
  return `${EVENT_TYPE_PREFIX}${catalogue[name].service}.${name}.v1`;
}

/** Parses `vn.motcua.<service>.<Name>.v1` into the catalogue name, or undefined when unknown. */
export function eventNameOf(type: string): EventName | undefined {
  const match = /^vn\.motcua\.([a-z]+)\.([A-Za-z]+)\.v1$/.exec(type);
  if (!match) return undefined;
  const name = match[2] as EventName;
  const entry = catalogue[name];
  return entry && entry.service === match[1] ? name : undefined;
}

export function isEvent<N extends EventName>(envelope: EventEnvelope, name: N): envelope is TypedEnvelope<N> {
  return envelope.type === eventType(name);
}

export function topicOf(name: EventName): string {
  return Topics[catalogue[name].service];
}

export interface NewEvent<N extends EventName> {
  name: N;
  data: EventData<N>;
  /** The event or request this one answers; sets causation and correlation. */
  cause?: Pick<EventEnvelope, 'id' | 'correlationid'> | undefined;
  traceparent?: string | undefined;
  tracestate?: string | undefined;
  id?: string;
  time?: Date;
}

/** Builds a validated envelope; a producer never writes an event its own schema rejects. */
export function createEvent<N extends EventName>(event: NewEvent<N>): TypedEnvelope<N> {
  const { name, data } = event;
  ensureValidData(eventType(name), data);
  const subject = (data as { dossierId: string }).dossierId;
  const envelope: EventEnvelope<EventData<N>> = {
    specversion: '1.0',
    id: event.id ?? randomUUID(),
    source: `/motcua/${catalogue[name].service}`,
    type: eventType(name),
    time: (event.time ?? new Date()).toISOString(),
    subject,
    datacontenttype: CONTENT_TYPE,
    correlationid: event.cause?.correlationid ?? subject,
    ...(event.cause ? { causationid: event.cause.id } : {}),
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    ...(event.tracestate ? { tracestate: event.tracestate } : {}),
    data,
  };
  return envelope as TypedEnvelope<N>;
}

/** A message as both buses carry it. Header values are strings (UTF-8 on Kafka). */
export interface WireMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

const attributeHeaders = ['id', 'source', 'type', 'time', 'subject', 'correlationid', 'causationid'] as const;

export function encodeEvent(envelope: EventEnvelope): WireMessage {
  const headers: Record<string, string> = { ce_specversion: envelope.specversion, 'content-type': envelope.datacontenttype };
  for (const attribute of attributeHeaders) {
    const value = envelope[attribute];
    if (value !== undefined) headers[`ce_${attribute}`] = value;
  }
  if (envelope.traceparent) headers['traceparent'] = envelope.traceparent;
  if (envelope.tracestate) headers['tracestate'] = envelope.tracestate;
  return { key: envelope.subject, value: Buffer.from(JSON.stringify(envelope.data)), headers };
}

function invalid(message: string, fields: { path: string; message: string }[] = [], code: string = ErrorCodes.CONTRACT_INVALID_EVENT): AppError {
  return new AppError(code, 'permanent', message, { fields, retryable: false });
}

/**
 * Decodes and validates a consumed message. Throws a permanent AppError
 * (`CONTRACT.INVALID_EVENT` / `CONTRACT.UNKNOWN_EVENT_TYPE`) saying what is wrong,
 * which the consumers turn into an immediate dead letter.
 */
export function decodeEvent(message: { key?: string | null; value: Buffer | null; headers: Record<string, string | undefined> }): EventEnvelope {
  const h = message.headers;
  const missing = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject'].filter((name) => !h[name]);
  if (missing.length > 0) throw invalid(`missing CloudEvents headers: ${missing.join(', ')}`, missing.map((m) => ({ path: `headers.${m}`, message: 'required' })));
  if (h['ce_specversion'] !== '1.0') throw invalid(`unsupported specversion "${h['ce_specversion']}"`, [{ path: 'headers.ce_specversion', message: 'must be 1.0' }]);
  const contentType = h['content-type'] ?? h['ce_datacontenttype'];
  if (contentType !== undefined && !contentType.startsWith(CONTENT_TYPE)) throw invalid(`unsupported content-type "${contentType}"`);
  if (Number.isNaN(Date.parse(h['ce_time'] as string))) throw invalid('ce_time is not a timestamp', [{ path: 'headers.ce_time', message: 'must be RFC 3339' }]);
  const type = h['ce_type'] as string;
  if (!eventNameOf(type)) throw invalid(`unknown event type "${type}"`, [{ path: 'headers.ce_type', message: 'not in the catalogue' }], ErrorCodes.CONTRACT_UNKNOWN_EVENT_TYPE);
  if (!message.value || message.value.length === 0) throw invalid('empty event data');
  if (message.value.length > MAX_EVENT_BYTES) throw invalid(`event data is ${message.value.length} bytes, over the ${MAX_EVENT_BYTES}-byte limit`, [{ path: 'value', message: `at most ${MAX_EVENT_BYTES} bytes` }]);
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw invalid(`event data is not JSON: ${(error as Error).message}`);
  }
  const result = validateEventData(type, data);
  if (!result.valid) throw invalid(`event data does not match ${type}: ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, result.errors);
  const subject = h['ce_subject'] as string;
  if ((data as { dossierId?: string }).dossierId !== subject) throw invalid('ce_subject differs from data.dossierId', [{ path: 'headers.ce_subject', message: 'must equal data.dossierId' }]);
  if (message.key != null && message.key !== subject) throw invalid('message key differs from ce_subject', [{ path: 'key', message: 'must equal ce_subject' }]);
  return {
    specversion: '1.0',
    id: h['ce_id'] as string,
    source: h['ce_source'] as string,
    type,
    time: h['ce_time'] as string,
    subject,
    datacontenttype: CONTENT_TYPE,
    correlationid: h['ce_correlationid'] ?? subject,
    ...(h['ce_causationid'] ? { causationid: h['ce_causationid'] } : {}),
    ...(h['traceparent'] ? { traceparent: h['traceparent'] } : {}),
    ...(h['tracestate'] ? { tracestate: h['tracestate'] } : {}),
    data,
  };
}

/** The topic an event of this CloudEvents type is published on (its emitting service's topic). */
export function topicOfType(type: string): string {
  const name = eventNameOf(type);
  if (!name) throw new AppError(ErrorCodes.CONTRACT_UNKNOWN_EVENT_TYPE, 'permanent', `unknown event type "${type}"`, { retryable: false });
  return topicOf(name);
}

/** How domain code hands over the events of a state change; storage queues them in the outbox of the same transaction. */
export interface Emitter {
  emit(event: EventEnvelope): Promise<void>;
}
