/**
 * The event pipeline at a glance, for the ops console: for every consumer group, how
 * many messages it has still to process on each topic and how many dead letters it
 * has (and how many of those nobody has replayed or discarded yet); for every service,
 * how many committed events wait in its outbox. Each figure is read independently: one
 * that cannot be read says why, and the others are still shown.
 */

export interface ConsumerGroupOfService {
  group: string;
  service: string;
  topics: readonly string[];
}

/** One service's outbox backlog, as read from its registry in this process or from its `/metrics`. */
export interface BacklogReading {
  service: string;
  /** `in-process`, or the URL that was scraped. */
  source: string;
  backlog?: number;
  error?: string;
}

export interface PipelineDeps {
  groups: readonly ConsumerGroupOfService[];
  /** Messages still to process per topic. */
  lag(group: string, topics: readonly string[]): Promise<Map<string, number>>;
  /** Letters in the group's dead-letter topic. */
  deadLetters(group: string): Promise<number>;
  /** Letters of the group that were replayed or discarded (the audit log). */
  handledDeadLetters(group: string): Promise<number>;
  outboxBacklogs(): Promise<BacklogReading[]>;
  clock: () => Date;
}

export interface GroupFigures {
  group: string;
  service: string;
  /** Sum over its topics; absent when the bus could not be read (see `error`). */
  lag?: number;
  topics?: { topic: string; lag: number }[];
  deadLetters?: { total: number; pending: number };
  error?: string;
}

export interface PipelineView {
  readAt: string;
  consumerGroups: GroupFigures[];
  outboxes: BacklogReading[];
  /** Over what could be read. */
  totals: { lag: number; deadLettersPending: number; outboxBacklog: number };
}

async function figuresOf(deps: PipelineDeps, { group, service, topics }: ConsumerGroupOfService): Promise<GroupFigures> {
  try {
    const [lag, total, handled] = await Promise.all([deps.lag(group, topics), deps.deadLetters(group), deps.handledDeadLetters(group)]);
    const perTopic = topics.map((topic) => ({ topic, lag: lag.get(topic) ?? 0 }));
    return {
      group,
      service,
      lag: perTopic.reduce((sum, t) => sum + t.lag, 0),
      topics: perTopic,
      // A letter the log no longer holds (retention) may still have its audit entry.
      deadLetters: { total, pending: Math.max(0, total - handled) },
    };
  } catch (error) {
    return { group, service, error: (error as Error).message };
  }
}

export async function readPipeline(deps: PipelineDeps): Promise<PipelineView> {
  const readAt = deps.clock().toISOString();
  const [consumerGroups, outboxes] = await Promise.all([Promise.all(deps.groups.map((group) => figuresOf(deps, group))), deps.outboxBacklogs()]);
  return {
    readAt,
    consumerGroups,
    outboxes,
    totals: {
      lag: consumerGroups.reduce((sum, g) => sum + (g.lag ?? 0), 0),
      deadLettersPending: consumerGroups.reduce((sum, g) => sum + (g.deadLetters?.pending ?? 0), 0),
      outboxBacklog: outboxes.reduce((sum, o) => sum + (o.backlog ?? 0), 0),
    },
  };
}
