/** @motcua/messaging: the EventBus port, its Kafka and embedded (SQLite) adapters, the shared consume pipeline, and the outbox relay. */
export * from './event-bus.port';
export {
  createConsumePipeline,
  deadLetterMessage,
  resolveRetryPolicy,
  type ConsumeOutcome,
  type ConsumePipeline,
  type ConsumePipelineSettings,
  type DeadLetterFailure,
  type InboundMessage,
} from './consume-pipeline';
export { createKafkaEventBus, kafkaLogCreator, type KafkaEventBusOptions } from './kafka/kafka-event-bus';
export { createEmbeddedEventBus, EMBEDDED_GROUP_ACTIVE, type EmbeddedEventBusOptions } from './embedded/embedded-event-bus';
export { partitionForKey } from './embedded/key.partitioner';
export * from './outbox-relay';
export * from './consumer-lag';
export * from './dead-letter-store.port';
export { createEmbeddedDeadLetterStore, type EmbeddedDeadLetterStoreOptions } from './embedded/embedded-dead-letter-store';
export { createKafkaDeadLetterStore, DEAD_LETTER_READER_GROUP_PREFIX, type KafkaDeadLetterStoreOptions } from './kafka/kafka-dead-letter-store';
export {
  describePlan,
  managedConfigs,
  parseTopicDeclarations,
  planTopics,
  topicsOfContracts,
  withReplicationFactor,
  TopicsFileSchema,
  type TopicAction,
  type TopicDeclaration,
  type TopicPlan,
  type TopicState,
} from './kafka/topic-plan';
export { provisionTopics, readTopicStates, type ProvisionReport, type ProvisionTopicsOptions } from './kafka/kafka-topic-provisioner';
