/** Topic names: one business topic per emitting service, one dead-letter topic per consumer group. */
export const services = ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'] as const;
export type ServiceName = (typeof services)[number];

/** Services that emit events; tracking only reads. */
export type EmittingService = Exclude<ServiceName, 'tracking'>;

export const Topics = {
  intake: 'motcua.intake.v1',
  processing: 'motcua.processing.v1',
  signing: 'motcua.signing.v1',
  return: 'motcua.return.v1',
  notifier: 'motcua.notifier.v1',
} as const satisfies Record<EmittingService, string>;

export type BusinessTopic = (typeof Topics)[EmittingService];
export const businessTopics: BusinessTopic[] = Object.values(Topics);

export const DLQ_PREFIX = 'motcua.dlq.';

export function dlqTopic(consumerGroup: string): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(consumerGroup)) throw new Error(`invalid consumer group name "${consumerGroup}"`);
  return `${DLQ_PREFIX}${consumerGroup}`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.startsWith(DLQ_PREFIX);
}
