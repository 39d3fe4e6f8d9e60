/**
 * Poison and hostile events on every business topic, on both buses: malformed JSON,
 * oversized data, a `.v2` type nobody knows, data breaking the schema, no CloudEvents
 * headers at all, and events of one dossier arriving in the wrong order. Every consumer
 * group of the topic dead-letters each hostile event with its reason and goes on
 * consuming (a good dossier afterwards completes). Events in the wrong order are not
 * hostile (nothing orders events across topics): each service takes them as they come
 * and they end right, dead-lettering nothing. Replaying a letter after the fault is
 * fixed is in outages.e2e.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, knownEventTypes, topicOfType, Topics, type BusinessTopic, type WireMessage } from '@motcua/contracts';
import { dossierReceivedData, officerHeaders, waitFor } from '@motcua/testing';
import { expectCompleteJourney, get, runJourney } from './support/journey';
import { availableEditions, startEdition, type RunningEdition } from './support/editions';

/** The consumer groups reading each topic (each service's *.consumers.ts). */
const GROUPS_OF_TOPIC: Record<BusinessTopic, string[]> = {
  [Topics.intake]: ['notifier', 'processing', 'return', 'signing', 'tracking'],
  [Topics.processing]: ['intake', 'notifier', 'return', 'signing', 'tracking'],
  [Topics.signing]: ['notifier', 'processing', 'return', 'tracking'],
  [Topics.return]: ['intake', 'notifier', 'tracking'],
  [Topics.notifier]: ['return', 'tracking'],
};
const OPS = 'hue-ops-1';

interface Letter {
  group: string;
  partition: number;
  offset: string;
  reason?: string;
  code?: string;
  original: { topic?: string };
  event?: { type?: string; id?: string; dossierId?: string };
}

/** CloudEvents headers of an event of `type`, about dossier `key`, as a producer would set them. */
function headersFor(type: string, key: string): Record<string, string> {
  const service = type.split('.')[2] as string;
  return { ce_specversion: '1.0', ce_id: randomUUID(), ce_source: `/motcua/${service}`, ce_type: type, ce_time: new Date().toISOString(), ce_subject: key, 'content-type': 'application/json' };
}

interface Hostile {
  name: string;
  message(topic: BusinessTopic, key: string): WireMessage;
  code: string;
  reason: RegExp;
}

const typeOn = (topic: BusinessTopic) => knownEventTypes().find((type) => topicOfType(type) === topic) as string;

const hostile: Hostile[] = [
  { name: 'malformed', message: (topic, key) => ({ key, value: Buffer.from('{"dossierId": "'), headers: headersFor(typeOn(topic), key) }), code: 'CONTRACT.INVALID_EVENT', reason: /not JSON/ },
  {
    name: 'oversized',
    message: (topic, key) => ({ key, value: Buffer.from(JSON.stringify({ dossierId: key, padding: 'x'.repeat(600 * 1024) })), headers: headersFor(typeOn(topic), key) }),
    code: 'CONTRACT.INVALID_EVENT',
    reason: /byte limit/,
  },
  {
    name: 'wrong-version',
    message: (topic, key) => ({ key, value: Buffer.from(JSON.stringify({ dossierId: key })), headers: headersFor(typeOn(topic).replace(/\.v1$/, '.v2'), key) }),
    code: 'CONTRACT.UNKNOWN_EVENT_TYPE',
    reason: /unknown event type/,
  },
  {
    name: 'wrong-schema',
    message: (topic, key) => ({ key, value: Buffer.from(JSON.stringify({ dossierId: key, unexpected: true })), headers: headersFor(typeOn(topic), key) }),
    code: 'CONTRACT.INVALID_EVENT',
    reason: /does not match/,
  },
  { name: 'no-headers', message: (_topic, key) => ({ key, value: Buffer.from(JSON.stringify({ dossierId: key })), headers: {} }), code: 'CONTRACT.INVALID_EVENT', reason: /missing CloudEvents headers/ },
];

describe.each(availableEditions())('hostile events on the %s bus', (editionName) => {
  let edition: RunningEdition;

  beforeAll(async () => {
    edition = await startEdition(editionName);
  }, 180_000);

  afterAll(async () => {
    await edition?.stop();
  }, 60_000);

  const listLetters = async (): Promise<Letter[]> => {
    const response = await fetch(`${edition.url('tracking')}/v1/dead-letters?status=pending`, { headers: await officerHeaders(OPS) });
    if (response.status !== 200) throw new Error(`dead letters: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { items: Letter[] }).items;
  };

  it('when malformed, oversized, unknown-version, schema-breaking and header-less events reach every business topic, then every consumer group dead-letters each with its reason and a good dossier afterwards completes', async () => {
    const run = randomUUID().slice(0, 8);
    const expected: { topic: BusinessTopic; group: string; kind: Hostile; key: string }[] = [];
    for (const topic of Object.keys(GROUPS_OF_TOPIC) as BusinessTopic[]) {
      const messages = hostile.map((kind) => {
        const key = `hostile-${run}-${topic.split('.')[1]}-${kind.name}`;
        for (const group of GROUPS_OF_TOPIC[topic]) expected.push({ topic, group, kind, key });
        return kind.message(topic, key);
      });
      await edition.publishRaw(topic, messages);
    }

    // The header-less letter is known by its topic and reason only: nothing in it names a dossier.
    const matches = (letter: Letter, e: (typeof expected)[number]) =>
      letter.group === e.group && letter.original.topic === e.topic && (e.kind.name === 'no-headers' ? e.kind.reason.test(letter.reason ?? '') : letter.event?.dossierId === e.key);
    const letters = await waitFor(
      async () => {
        const listed = (await listLetters()).filter((l) => l.event?.dossierId?.includes(run) || (l.reason ?? '').includes('missing CloudEvents headers'));
        return expected.every((e) => listed.some((l) => matches(l, e))) ? listed : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: `${expected.length} dead letters, one per consumer group and hostile event` },
    );
    for (const e of expected) {
      const letter = letters.find((l) => matches(l, e)) as Letter;
      expect({ kind: e.kind.name, group: e.group, code: letter.code }).toEqual({ kind: e.kind.name, group: e.group, code: e.kind.code });
      expect(letter.reason).toMatch(e.kind.reason);
    }

    const { timeline } = await runJourney(edition.url);
    expectCompleteJourney(timeline);
  }, 300_000);

  it('when a dossier’s withdrawal arrives before its reception, then nothing is dead-lettered: the notifier keeps it until the reception brings the phone and texts the citizen once for each', async () => {
    const dossierId = `ooo-${randomUUID()}`;
    const code = `PDN-261205-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const received = createEvent({ name: 'DossierReceived', data: dossierReceivedData({ dossierId, dossierCode: code, receivedAt: new Date().toISOString(), appointmentAt: new Date(Date.now() + 86_400_000).toISOString() }) });
    const withdrawn = createEvent({ name: 'DossierWithdrawn', data: { dossierId, dossierCode: code, centreId: 'hue-phong-dien', reason: 'công dân rút hồ sơ (mẫu)', withdrawnAt: new Date().toISOString() } });
    const awaitingContact = async () => {
      const text = await (await fetch(`${edition.url('notifier')}/metrics`)).text();
      return text.split('\n').filter((line) => line.startsWith('motcua_notifier_events_awaiting_contact{') && line.includes('DossierWithdrawn'));
    };
    // Wrong order, as a producer that lost its outbox order would send them.
    await edition.publishRaw(Topics.intake, [encodeEvent(withdrawn)]);
    await waitFor(async () => (await awaitingContact()).length > 0 || undefined, { timeoutMs: 120_000, what: 'the early withdrawal kept by the notifier until the contact comes' });
    const notifications = async () => (await get<{ items: { template: string; status: string }[] }>(`${edition.url('notifier')}/v1/notifications?dossierId=${dossierId}`)).body.items;
    expect(await notifications()).toEqual([]);

    await edition.publishRaw(Topics.intake, [encodeEvent(received)]);
    const texts = await waitFor(
      async () => {
        const items = await notifications();
        return items.some((n) => n.template === 'receipt') && items.some((n) => n.template === 'withdrawn') ? items : undefined;
      },
      { timeoutMs: 60_000, what: 'the receipt and the withdrawal texts' },
    );
    expect(texts.map((n) => n.template).sort()).toEqual(['receipt', 'withdrawn']);
    expect(await awaitingContact()).toEqual([]);
    // Tracking orders steps by their time: one of each, and the dossier ends withdrawn.
    const timeline = await waitFor(
      async () => {
        const reply = await get<{ items: { name: string }[] }>(`${edition.url('tracking')}/v1/dossiers/${code}/timeline`);
        return reply.status === 200 && reply.body.items.some((i) => i.name === 'DossierReceived') ? reply.body.items : undefined;
      },
      { timeoutMs: 60_000, what: 'the timeline with both steps' },
    );
    expect(timeline.filter((i) => i.name === 'DossierWithdrawn')).toHaveLength(1);
    expect(timeline.filter((i) => i.name === 'DossierReceived')).toHaveLength(1);
    expect((await get<{ status: string }>(`${edition.url('tracking')}/v1/dossiers/${code}`)).body.status).toBe('WITHDRAWN');
    expect((await listLetters()).filter((l) => l.event?.dossierId === dossierId)).toEqual([]);
  }, 300_000);
});
