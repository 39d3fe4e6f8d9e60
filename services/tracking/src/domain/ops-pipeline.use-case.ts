/**
 * The event pipeline at a glance, for the ops console: for every consumer group, how
 * many messages it has still to process on each topic and how many dead letters it
 * has (and how many of those nobody has replayed or discarded yet); for every service,
 * how many committed events wait in its outbox. Each group and each service is read
 * independently: one that cannot be read says why, and the others are still shown.
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

/** One consumer group on one topic; a group whose figures could not be read has one row with `error` instead. */
export interface LagRow {
  group: string;
  service: string;
  topic?: string;
  lag?: number;
  error?: string;
}

export interface DeadLetterRow {
  group: string;
  service: string;
  /** Letters in the group's dead-letter topic, replayed and discarded ones included. */
  count?: number;
  /** Those nobody has replayed or discarded yet. */
  pending?: number;
  error?: string;
}

/** The shape the ops console reads (services/tracking console page, "Hàng đợi"). */
export interface PipelineView {
  readAt: string;
  consumerLag: LagRow[];
  deadLetters: DeadLetterRow[];
  outboxBacklog: BacklogReading[];
  /** Over what could be read. */
  totals: { lag: number; deadLettersPending: number; outboxBacklog: number };
}

async function figuresOf(deps: PipelineDeps, { group, service, topics }: ConsumerGroupOfService): Promise<{ lag: LagRow[]; deadLetters: DeadLetterRow }> {
  try {
    const [lag, count, handled] = await Promise.all([deps.lag(group, topics), deps.deadLetters(group), deps.handledDeadLetters(group)]);
    return {
      lag: topics.map((topic) => ({ group, service, topic, lag: lag.get(topic) ?? 0 })),
      // A letter the log no longer holds (retention) may still have its audit entry.
      deadLetters: { group, service, count, pending: Math.max(0, count - handled) },
    };
  } catch (error) {
    const why = (error as Error).message;
    return { lag: [{ group, service, error: why }], deadLetters: { group, service, error: why } };
  }
}

const sum = <T>(rows: readonly T[], of: (row: T) => number | undefined) => rows.reduce((total, row) => total + (of(row) ?? 0), 0);

export async function readPipeline(deps: PipelineDeps): Promise<PipelineView> {
  const readAt = deps.clock().toISOString();
  const [groups, outboxBacklog] = await Promise.all([Promise.all(deps.groups.map((group) => figuresOf(deps, group))), deps.outboxBacklogs()]);
  const consumerLag = groups.flatMap((g) => g.lag);
  const deadLetters = groups.map((g) => g.deadLetters);
  return {
    readAt,
    consumerLag,
    deadLetters,
    outboxBacklog,
    totals: { lag: sum(consumerLag, (r) => r.lag), deadLettersPending: sum(deadLetters, (r) => r.pending), outboxBacklog: sum(outboxBacklog, (r) => r.backlog) },
  };
}
