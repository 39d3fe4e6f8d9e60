/**
 * What operations read from a bus's offsets: how far a consumer group is behind on
 * each topic, and how many letters a dead-letter topic holds.
 */
import type { PartitionOffsets } from './event-bus.port';

/**
 * Messages the group has still to process, per topic: the log end minus the group's
 * committed position. A group that committed nothing on a partition starts it from the
 * beginning (subscriptions read from the beginning), so all of it is still to do.
 */
export function lagByTopic(offsets: readonly PartitionOffsets[]): Map<string, number> {
  const lag = new Map<string, number>();
  for (const { topic, low, high, committed } of offsets) {
    const behind = Math.max(0, high - Math.max(committed ?? low, low));
    lag.set(topic, (lag.get(topic) ?? 0) + behind);
  }
  return lag;
}

/** Messages still in the log of these partitions: a dead-letter topic's letters. */
export function messagesIn(offsets: readonly PartitionOffsets[]): number {
  return offsets.reduce((sum, { low, high }) => sum + Math.max(0, high - low), 0);
}
