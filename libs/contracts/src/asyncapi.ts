/**
 * The AsyncAPI 3.0 description of every motcua topic and event, generated from the
 * catalogue (the same TypeBox schemas ajv validates with) and the envelope's Kafka
 * binary-mode headers. docs/asyncapi.json is this document, checked in; a unit test
 * fails when the two differ (UPDATE_DOCS=1 rewrites it).
 */
import { CONTENT_TYPE, eventType } from './envelope';
import { Id } from './common.schema';
import { catalogue, type EventName } from './events.schema';
import { DLQ_PREFIX, Topics, dlqTopic, services, type EmittingService, type ServiceName } from './topics';

/** The catalogue's version: a new event type is a minor bump; a breaking change is a new `.v2` type, never a major one. */
export const ASYNCAPI_DOCUMENT_VERSION = '1.0.0';

type JsonSchema = Record<string, unknown>;
type Ref = { $ref: string };

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  id: string;
  info: { title: string; version: string; description: string; license: { name: string } };
  defaultContentType: string;
  servers: Record<string, unknown>;
  channels: Record<string, { address: string; title: string; description: string; messages: Record<string, Ref>; bindings: unknown }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: Ref; title: string; summary: string; description?: string; messages: Ref[]; bindings?: unknown }>;
  components: { messages: Record<string, JsonSchema>; schemas: Record<string, JsonSchema>; messageTraits: Record<string, JsonSchema>; correlationIds: Record<string, JsonSchema> };
}

/**
 * Which topics each consumer group subscribes to and which event types its handler acts
 * on (it marks the others handled and skips them). Written by hand from
 * services/<group>/src/entry-points/messaging/<group>.consumers.ts and the use cases they
 * call; asyncapi.unit.test.ts checks both against the services' code. `'all'`: every type.
 */
export const consumerGroups: Record<ServiceName, { topics: EmittingService[]; actsOn: readonly EventName[] | 'all' }> = {
  intake: { topics: ['processing', 'return'], actsOn: ['SupplementRequested', 'DossierRejected', 'ResultDispatched', 'ResultReturned'] },
  processing: {
    topics: ['intake', 'signing'],
    actsOn: ['DossierReceived', 'DossierInTransit', 'DossierArrived', 'SupplementProvided', 'DossierWithdrawn', 'DocumentSigned', 'SignatureDeclined'],
  },
  signing: { topics: ['processing', 'intake'], actsOn: ['ResultDrafted', 'DossierReceived', 'DossierWithdrawn'] },
  return: {
    topics: ['intake', 'processing', 'signing', 'notifier'],
    actsOn: ['DossierReceived', 'DossierWithdrawn', 'ResultTransferred', 'DocumentSigned', 'DossierRejected', 'PostalPickupCollected', 'PostalDelivered', 'PostalPickupFailed'],
  },
  notifier: {
    topics: ['intake', 'processing', 'signing', 'return'],
    actsOn: ['DossierReceived', 'SupplementRequested', 'DossierExtended', 'DossierWithdrawn', 'DossierRejected', 'ResultReady', 'ResultReturned'],
  },
  tracking: { topics: ['intake', 'processing', 'signing', 'return', 'notifier'], actsOn: 'all' },
};

/** Headers the consume pipeline adds to a dead letter (libs/messaging `DlqHeaders`; the test keeps the two equal). */
export const deadLetterHeaders = {
  motcua_dlq_reason: 'why it failed, personal data masked',
  motcua_dlq_code: 'the stable error code, e.g. `CONTRACT.INVALID_EVENT`',
  motcua_dlq_attempts: 'handler calls made, as a decimal string; `0` when the message was refused before the handler',
  motcua_dlq_consumer_group: 'the consumer group that gave up on it',
  motcua_dlq_original_topic: 'the topic it was read from',
  motcua_dlq_original_partition: 'its partition there, as a decimal string',
  motcua_dlq_original_offset: 'its offset there, as a decimal string',
  motcua_dlq_failed_at: 'when it was dead-lettered, RFC 3339',
} as const;

/** The CloudEvents headers a consumer refuses a message without (envelope.ts `decodeEvent`). */
export const requiredCloudEventsHeaders = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject'] as const;

/** A TypeBox schema as plain JSON Schema: TypeBox's symbol-keyed markers dropped, nothing else changed. */
export function plainJsonSchema(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

const emittingServices = Object.keys(Topics) as EmittingService[];
const eventNames = (Object.keys(catalogue) as EventName[]).sort();
const eventsOf = (service: EmittingService): EventName[] => eventNames.filter((name) => catalogue[name].service === service);
const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const dlqChannelId = (group: ServiceName): string => `dlq${upperFirst(group)}`;
const title = (name: string): string => upperFirst(name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
const list = (items: readonly string[]): string => items.map((item) => `\`${item}\``).join(', ');

const kafkaChannelBinding = (topic: string) => ({ kafka: { topic, bindingVersion: '0.5.0' } });

function cloudEventsKafkaBinaryTrait(): JsonSchema {
  const emitters = emittingServices.join('|');
  return {
    name: 'cloudEventsKafkaBinary',
    title: 'CloudEvents 1.0, Kafka binary content mode',
    summary: 'Envelope attributes as `ce_*` headers, `data` as the JSON value, the dossier id as the key.',
    description:
      'Both buses carry this form (the embedded SQLite log stores the same key, value and headers). ' +
      'A consumer dead-letters a message missing a required header, with another spec version or content type, ' +
      'an unknown `ce_type`, data that fails the schema, or a `ce_subject` that differs from `data.dossierId` or from the key. ' +
      'Personal data is never in a header or the key.',
    contentType: CONTENT_TYPE,
    headers: {
      type: 'object',
      required: [...requiredCloudEventsHeaders],
      properties: {
        ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents spec version' },
        ce_id: { type: 'string', minLength: 1, description: 'unique per event (a UUID); consumers deduplicate on it (inbox)' },
        ce_source: { type: 'string', pattern: `^/motcua/(${emitters})$`, description: 'the emitting service, `/motcua/<service>`' },
        ce_type: { type: 'string', pattern: '^vn\\.motcua\\.[a-z]+\\.[A-Za-z]+\\.v[0-9]+$', description: '`vn.motcua.<service>.<Name>.v<major>`; each message names its own' },
        ce_time: { type: 'string', format: 'date-time', description: 'when the fact happened, RFC 3339' },
        ce_subject: { ...plainJsonSchema(Id), description: 'the dossier id; equals the key and `data.dossierId`' },
        ce_correlationid: { type: 'string', minLength: 1, description: 'the same for a whole journey: the dossier id unless the cause carried another; written on every event, read as `ce_subject` when absent' },
        ce_causationid: { type: 'string', minLength: 1, description: 'the id of the event or request that caused this one, when there is one' },
        'content-type': { type: 'string', const: CONTENT_TYPE, description: 'the data content type; written on every event' },
        traceparent: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$', description: 'W3C trace context, so the dossier\'s trace continues across hops' },
        tracestate: { type: 'string', description: 'W3C trace state, when the trace has one' },
      },
    },
    bindings: { kafka: { key: { ...plainJsonSchema(Id), description: 'the dossier id: every event of one dossier lands on one partition, in order' }, bindingVersion: '0.5.0' } },
  };
}

function eventMessage(name: EventName): JsonSchema {
  const { service } = catalogue[name];
  return {
    name,
    title: title(name),
    summary: `CloudEvents type \`${eventType(name)}\`, emitted by ${service} on \`${Topics[service]}\`.`,
    contentType: CONTENT_TYPE,
    correlationId: { $ref: '#/components/correlationIds/journey' },
    payload: { $ref: `#/components/schemas/${name}V1` },
    traits: [{ $ref: '#/components/messageTraits/cloudEventsKafkaBinary' }],
    'x-cloudevents-type': eventType(name),
    'x-cloudevents-source': `/motcua/${service}`,
  };
}

function deadLetterMessage(): JsonSchema {
  return {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A message a consumer group could not handle: its original key, value and headers, plus why and where it failed.',
    description:
      'The value is the original bytes, whatever they were (a poison message may not be JSON, or not an event at all), ' +
      'so the payload has no schema. The original `ce_*` headers are kept when the message had them. Read them as operations.md shows.',
    contentType: CONTENT_TYPE,
    headers: {
      type: 'object',
      required: Object.keys(deadLetterHeaders),
      properties: Object.fromEntries(Object.entries(deadLetterHeaders).map(([header, description]) => [header, { type: 'string', description }])),
    },
    payload: { description: 'the original message value, unchanged' },
    bindings: { kafka: { key: { type: 'string', description: 'the original key (the dossier id), or empty when the message had none' }, bindingVersion: '0.5.0' } },
  };
}

function actsOnText(group: ServiceName, service: EmittingService): string {
  const { actsOn } = consumerGroups[group];
  if (actsOn === 'all') return 'Acts on every event type.';
  const here = eventsOf(service).filter((name) => actsOn.includes(name));
  return here.length > 0 ? `Acts on ${list(here)}; marks the other types handled and skips them.` : 'Acts on none of these types yet; marks them handled and skips them.';
}

/** Builds the document; deterministic, so the checked-in copy only changes when the contracts do. */
export function asyncApiDocument(): AsyncApiDocument {
  const channels: AsyncApiDocument['channels'] = {};
  const operations: AsyncApiDocument['operations'] = {};
  const messageRefs = (service: EmittingService): Ref[] => eventsOf(service).map((name) => ({ $ref: `#/channels/${service}/messages/${name}` }));

  for (const service of emittingServices) {
    channels[service] = {
      address: Topics[service],
      title: `${service} events`,
      description: `Every event ${service} emits, keyed by dossier id. Written from ${service}'s outbox after the state change commits.`,
      messages: Object.fromEntries(eventsOf(service).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
      bindings: kafkaChannelBinding(Topics[service]),
    };
    operations[`${service}Publishes`] = {
      action: 'send',
      channel: { $ref: `#/channels/${service}` },
      title: `${service} publishes its events`,
      summary: `${service}'s outbox relay publishes each event after the transaction that recorded it commits, and marks it sent once the broker acknowledges.`,
      messages: messageRefs(service),
    };
  }
  for (const group of services) {
    const dlq = dlqChannelId(group);
    channels[dlq] = {
      address: dlqTopic(group),
      title: `${group} dead letters`,
      description: `Messages the \`${group}\` consumer group gave up on: refused at decoding, failed permanently, or out of retries. Skipped, never retried automatically.`,
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
      bindings: kafkaChannelBinding(dlqTopic(group)),
    };
    const groupBinding = { kafka: { groupId: { type: 'string', const: group }, bindingVersion: '0.5.0' } };
    for (const service of consumerGroups[group].topics) {
      operations[`${group}Consumes${upperFirst(service)}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${service}` },
        title: `${group} consumes ${service} events`,
        summary: `Consumer group \`${group}\` reads \`${Topics[service]}\`, at least once, in order per dossier; the inbox makes each effect happen once.`,
        description: actsOnText(group, service),
        messages: messageRefs(service),
        bindings: groupBinding,
      };
    }
    operations[`${group}DeadLetters`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlq}` },
      title: `${group} dead-letters what it cannot handle`,
      summary: `The consume pipeline of group \`${group}\` writes here, then commits past the message.`,
      messages: [{ $ref: `#/channels/${dlq}/messages/DeadLetter` }],
      bindings: groupBinding,
    };
  }

  return {
    asyncapi: '3.0.0',
    id: 'urn:vn:motcua:events',
    info: {
      title: 'motcua events',
      version: ASYNCAPI_DOCUMENT_VERSION,
      description: [
        'Every event the services of a motcua Public Administrative Service Centre exchange: one business topic per emitting service',
        '(`motcua.<service>.v1`) and one dead-letter topic per consumer group (`' + DLQ_PREFIX + '<group>`).',
        '',
        'Each event is a CloudEvents 1.0 envelope in Kafka binary content mode (the `cloudEventsKafkaBinary` trait): attributes in',
        '`ce_*` headers, `data` as the JSON value, the dossier id as the key. Payload schemas are the ones producers and',
        'consumers validate with (libs/contracts); unknown fields are refused. A breaking change is a new `.v2` type, never an edit.',
        '',
        'Generated from libs/contracts by `asyncApiDocument()`; docs/events.md describes the same events for people.',
      ].join('\n'),
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: CONTENT_TYPE,
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        title: 'Kafka (cluster edition)',
        description:
          'The cluster edition\'s Apache Kafka (`MOTCUA_BUS=kafka`, `KAFKA_BROKERS`). The embedded edition (the default, `MOTCUA_BUS=embedded`) ' +
          'keeps the same topics, keys, values and headers in a durable event-log table of its SQLite file instead: no broker, same contract.',
        variables: { brokers: { default: 'localhost:9094', description: 'one `host:port` of `KAFKA_BROKERS`; docker-compose publishes the broker here' } },
      },
    },
    channels,
    operations,
    components: {
      messages: { ...Object.fromEntries(eventNames.map((name) => [name, eventMessage(name)])), DeadLetter: deadLetterMessage() },
      schemas: Object.fromEntries(eventNames.map((name) => [`${name}V1`, plainJsonSchema(catalogue[name].schema)])),
      messageTraits: { cloudEventsKafkaBinary: cloudEventsKafkaBinaryTrait() },
      correlationIds: {
        journey: {
          description: 'The journey\'s correlation id: the dossier id (`ce_subject`) unless the causing event carried another.',
          location: '$message.header#/ce_correlationid',
        },
      },
    },
  };
}

/** The checked-in text: two-space JSON with a final newline. */
export function asyncApiJson(): string {
  return `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
}
