/**
 * docs/asyncapi.json is generated from the contracts by asyncApiDocument(). These tests
 * keep the checked-in copy equal to the generated one (run with UPDATE_DOCS=1 to rewrite
 * it), validate it with the AsyncAPI project's own parser, and tie what it says to the
 * code: the catalogue, the envelope codec, the dead-letter headers and the consumers.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DlqHeaders } from '@motcua/messaging';
import { asyncApiDocument, asyncApiJson, consumerGroups, deadLetterHeaders, requiredCloudEventsHeaders } from '../../src/asyncapi';
import { createEvent, decodeEvent, encodeEvent, eventType } from '../../src/envelope';
import { catalogue, type EventName } from '../../src/events.schema';
import { Topics, services } from '../../src/topics';
import { intakeConsumers } from '../../../../services/intake/src/entry-points/messaging/intake.consumers';
import { processingConsumers } from '../../../../services/processing/src/entry-points/messaging/processing.consumers';
import { signingConsumers } from '../../../../services/signing/src/entry-points/messaging/signing.consumers';
import { returnConsumers } from '../../../../services/return/src/entry-points/messaging/return.consumers';
import { notifierConsumers } from '../../../../services/notifier/src/entry-points/messaging/notifier.consumers';
import { trackingConsumers } from '../../../../services/tracking/src/entry-points/messaging/tracking.consumers';

const root = join(__dirname, '..', '..', '..', '..');
const file = join(root, 'docs', 'asyncapi.json');
const eventNames = Object.keys(catalogue) as EventName[];

function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** Headers of a valid DossierWithdrawn as the producers write them. */
function encodedHeaders(): Record<string, string> {
  const envelope = createEvent({
    name: 'DossierWithdrawn',
    data: { dossierId: 'd-1', dossierCode: 'PDN-251124-0007', centreId: 'c-1', reason: 'no longer needed', withdrawnAt: '2025-11-24T08:00:00.000Z' },
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    tracestate: 'vendor=1',
  });
  return encodeEvent(envelope).headers;
}

describe('docs/asyncapi.json', () => {
  it('when the contracts are documented, then the checked-in document is exactly the generated one', () => {
    const generated = asyncApiJson();
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(file, generated);
    else expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('when the AsyncAPI parser validates the document, then it reports no error and no warning', async () => {
    const diagnostics = await new Parser().validate(asyncApiJson());
    // The brief pins 3.0.0, the version the tooling we target reads; the parser only hints that 3.1.0 exists.
    const findings = diagnostics.filter((d) => d.code !== 'asyncapi-latest-version').map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(findings).toEqual([]);
  });

  it('when an operation points at a channel that does not exist, then the parser reports an error (the check above can fail)', async () => {
    const broken = asyncApiDocument();
    broken.operations['intakePublishes'] = { ...broken.operations['intakePublishes']!, channel: { $ref: '#/channels/nowhere' } };
    const diagnostics = await new Parser().validate(JSON.stringify(broken));
    expect(diagnostics.some((d) => d.severity === 0)).toBe(true);
  });

  it('when the catalogue is listed, then every event type is one message, on its emitting service\'s channel only', () => {
    const doc = asyncApiDocument();
    expect(Object.keys(doc.components.messages).filter((id) => id !== 'DeadLetter').sort()).toEqual([...eventNames].sort());
    for (const name of eventNames) {
      const onChannels = Object.entries(doc.channels).filter(([, channel]) => name in channel.messages);
      expect(onChannels.map(([, channel]) => channel.address)).toEqual([Topics[catalogue[name].service]]);
      expect(doc.components.messages[name]).toMatchObject({ name, 'x-cloudevents-type': eventType(name), payload: { $ref: `#/components/schemas/${name}V1` } });
    }
  });

  it('when a payload schema is compiled with ajv in strict mode, then it compiles and is the catalogue schema without TypeBox markers', () => {
    const { schemas } = asyncApiDocument().components;
    expect(Object.keys(schemas)).toHaveLength(eventNames.length);
    for (const name of eventNames) {
      const schema = schemas[`${name}V1`]!;
      expect(Object.getOwnPropertySymbols(schema)).toEqual([]);
      expect(schema).toEqual(JSON.parse(JSON.stringify(catalogue[name].schema)));
      expect(() => strictAjv().compile(schema)).not.toThrow();
    }
  });

  it('when a producer encodes an event, then its headers match the CloudEvents trait', () => {
    const trait = asyncApiDocument().components.messageTraits['cloudEventsKafkaBinary']!;
    const validate = strictAjv().compile(trait['headers'] as object);
    const headers = encodedHeaders();
    expect(validate(headers)).toBe(true);
    expect(Object.keys(headers).sort()).toEqual(Object.keys((trait['headers'] as { properties: object }).properties).filter((h) => h !== 'ce_causationid').sort());
  });

  it('when a header the trait requires is missing, then the consumer refuses the message; when an optional one is, it accepts it', () => {
    const trait = asyncApiDocument().components.messageTraits['cloudEventsKafkaBinary']!;
    const { required, properties } = trait['headers'] as { required: string[]; properties: Record<string, unknown> };
    expect(required).toEqual([...requiredCloudEventsHeaders]);
    const headers = encodedHeaders();
    const value = Buffer.from(JSON.stringify({ dossierId: 'd-1', dossierCode: 'PDN-251124-0007', centreId: 'c-1', reason: 'no longer needed', withdrawnAt: '2025-11-24T08:00:00.000Z' }));
    for (const header of Object.keys(properties)) {
      const { [header]: _dropped, ...rest } = headers;
      const decode = () => decodeEvent({ key: 'd-1', value, headers: rest });
      if (required.includes(header)) expect(decode).toThrow(/missing CloudEvents headers/);
      else expect(decode).not.toThrow();
    }
  });

  it('when a message is dead-lettered, then the documented headers are the ones the consume pipeline adds', () => {
    expect(Object.keys(deadLetterHeaders).sort()).toEqual(Object.values(DlqHeaders).sort());
    const doc = asyncApiDocument();
    expect(Object.values(doc.channels).map((channel) => channel.address).filter((address) => address.startsWith('motcua.dlq.'))).toEqual(services.map((group) => `motcua.dlq.${group}`));
  });

  it('when the services subscribe, then the document has one receive operation per consumer group and topic, and no other', () => {
    const none = {} as never;
    const specs = [
      intakeConsumers(none, none, none),
      processingConsumers(none, none),
      signingConsumers(none, () => new Date()),
      returnConsumers(none, none),
      notifierConsumers(none, none),
      trackingConsumers(none),
    ].flat();
    const subscribed = specs.flatMap((spec) => spec.topics.map((topic) => `${spec.groupId} <- ${topic}`)).sort();
    const doc = asyncApiDocument();
    const documented = Object.values(doc.operations)
      .filter((operation) => operation.action === 'receive')
      .map((operation) => {
        const group = (operation.bindings as { kafka: { groupId: { const: string } } }).kafka.groupId.const;
        return `${group} <- ${doc.channels[operation.channel.$ref.replace('#/channels/', '')]!.address}`;
      })
      .sort();
    expect(documented).toEqual(subscribed);
  });

  it('when a service tests an event\'s type with isEvent, then the document says its group acts on that type', () => {
    for (const group of services) {
      const { actsOn, topics } = consumerGroups[group];
      if (actsOn === 'all') continue;
      const src = join(root, 'services', group, 'src');
      const tested = new Set<string>();
      for (const path of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.ts'))) {
        for (const match of readFileSync(join(src, path), 'utf8').matchAll(/isEvent\([\w.]+, '(\w+)'\)/g)) tested.add(match[1]!);
      }
      expect({ group, actsOn: [...actsOn].sort() }).toEqual({ group, actsOn: [...tested].sort() });
      for (const name of actsOn) expect(topics).toContain(catalogue[name].service);
    }
  });
});
