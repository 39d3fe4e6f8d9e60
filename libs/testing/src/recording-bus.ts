/**
 * An event bus that passes everything through to a real one and remembers what was
 * published, so a component test can assert "this action emitted nothing" without
 * reading the broker.
 */
import type { EventEnvelope } from '@motcua/contracts';
import type { EventBus } from '@motcua/messaging';

export function recordingBus(bus: EventBus, published: EventEnvelope[]): EventBus {
  return {
    kind: bus.kind,
    publish: async (messages) => {
      await bus.publish(messages);
      published.push(...messages.map((m) => m.envelope));
    },
    publishRaw: (topic, messages) => bus.publishRaw(topic, messages),
    subscribe: (options, handler) => bus.subscribe(options, handler),
    health: () => bus.health(),
    offsets: (topics, groupId) => bus.offsets(topics, groupId),
    close: () => bus.close(),
  };
}
