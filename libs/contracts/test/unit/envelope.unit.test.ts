import { createEvent, decodeEvent, encodeEvent, eventNameOf, eventType, knownEventTypes, topicOfType, Topics, dlqTopic, catalogue, MAX_EVENT_BYTES } from '@motcua/contracts';

const received = () =>
  createEvent({
    name: 'DossierWithdrawn',
    data: { dossierId: 'd-1', dossierCode: 'PDN-251125-0001', centreId: 'hue-phong-dien', reason: 'công dân rút hồ sơ', withdrawnAt: '2026-11-25T03:00:00.000Z' },
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  });

describe('CloudEvents envelope in Kafka binary mode', () => {
  it('when an event is encoded, then attributes travel as ce_* headers, data as JSON and the key is the dossier id', () => {
    const event = received();
    const wire = encodeEvent(event);
    expect(wire.key).toBe('d-1');
    expect(wire.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'vn.motcua.intake.DossierWithdrawn.v1',
      ce_source: '/motcua/intake',
      ce_subject: 'd-1',
      'content-type': 'application/json',
      traceparent: event.traceparent,
    });
    expect(JSON.parse(wire.value.toString())).toEqual(event.data);
  });

  it('when a message is decoded, then the envelope comes back equal', () => {
    const event = received();
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('when a header is missing, then decoding fails with CONTRACT.INVALID_EVENT naming it', () => {
    const wire = encodeEvent(received());
    delete wire.headers['ce_type'];
    expect(() => decodeEvent(wire)).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_EVENT', retryable: false, message: expect.stringContaining('ce_type') }));
  });

  it('when the type is not in the catalogue, then decoding fails with CONTRACT.UNKNOWN_EVENT_TYPE', () => {
    const wire = encodeEvent(received());
    wire.headers['ce_type'] = 'vn.motcua.intake.DossierTeleported.v1';
    expect(() => decodeEvent(wire)).toThrow(expect.objectContaining({ code: 'CONTRACT.UNKNOWN_EVENT_TYPE' }));
  });

  it('when the data breaks the schema, then decoding fails listing the field', () => {
    const wire = encodeEvent(received());
    wire.value = Buffer.from(JSON.stringify({ dossierId: 'd-1', dossierCode: 'X', centreId: 'c', reason: '', withdrawnAt: 'yesterday', extra: 1 }));
    expect(() => decodeEvent(wire)).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_EVENT', message: expect.stringMatching(/withdrawnAt|extra|reason/) }));
  });

  it('when the body is not JSON, then decoding says so', () => {
    const wire = encodeEvent(received());
    wire.value = Buffer.from('{"broken"');
    expect(() => decodeEvent(wire)).toThrow(/not JSON/);
  });

  it('when the data is over MAX_EVENT_BYTES, then decoding refuses it unparsed with CONTRACT.INVALID_EVENT', () => {
    const wire = encodeEvent(received());
    // Valid JSON, so only the size can be the reason.
    wire.value = Buffer.from(JSON.stringify({ dossierId: 'd-1', padding: 'x'.repeat(MAX_EVENT_BYTES) }));
    expect(() => decodeEvent(wire)).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_EVENT', retryable: false, message: expect.stringContaining(`over the ${MAX_EVENT_BYTES}-byte limit`) }));
  });

  it('when the key or subject disagrees with the dossier id, then decoding refuses it', () => {
    const wire = encodeEvent(received());
    expect(() => decodeEvent({ ...wire, key: 'someone-else' })).toThrow(/key differs/);
    expect(() => decodeEvent({ ...wire, headers: { ...wire.headers, ce_subject: 'd-2' } })).toThrow(/ce_subject differs/);
  });

  it('when a producer builds an invalid event, then createEvent refuses before anything is written', () => {
    expect(() =>
      createEvent({ name: 'DossierWithdrawn', data: { dossierId: 'd-1', dossierCode: 'X', centreId: 'c', reason: 'r', withdrawnAt: 'not a date' } }),
    ).toThrow(expect.objectContaining({ code: 'CONTRACT.INVALID_EVENT' }));
  });
});

describe('catalogue and topics', () => {
  it('every catalogue event has a compiled validator, a type and a topic of its emitting service', () => {
    const names = Object.keys(catalogue) as (keyof typeof catalogue)[];
    expect(names).toHaveLength(26);
    expect(knownEventTypes().sort()).toEqual(names.map((n) => eventType(n)).sort());
    for (const name of names) {
      expect(eventNameOf(eventType(name))).toBe(name);
      expect(topicOfType(eventType(name))).toBe(Topics[catalogue[name].service]);
    }
  });

  it('dead-letter topics are named per consumer group', () => {
    expect(dlqTopic('processing')).toBe('motcua.dlq.processing');
    expect(() => dlqTopic('Bad Group')).toThrow();
  });
});
