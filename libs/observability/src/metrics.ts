/**
 * Prometheus metrics (prom-client). Each running service has its own registry whose
 * every series carries `service="<name>"`, so the six services of the embedded edition
 * share one process without colliding, and each port's `/metrics` shows its own
 * service's series. Node's process figures (CPU, memory, event loop, GC) are the
 * process's, not a service's: they live in one process-wide registry that every
 * `/metrics` of the process adds, without a `service` label.
 *
 * Figures that live in a store or a log (dossiers by state, outbox backlog, consumer
 * lag, dead letters, notifications) are read when scraped (`gaugeFrom`), never kept
 * in memory: they are right after a restart, and right for every replica.
 */
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './logger';

/** One labelled value of a gauge read at scrape time. */
export interface Sample<L extends string = string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

/** Series names, in one place: docs/operations.md "Metrics" describes each. */
export const MetricNames = {
  httpRequestDuration: 'motcua_http_request_duration_seconds',
  handlerDuration: 'motcua_event_handler_duration_seconds',
  consumerLag: 'motcua_consumer_lag',
  outboxBacklog: 'motcua_outbox_backlog',
  deadLetters: 'motcua_dead_letters',
  deadLettersPending: 'motcua_dead_letters_pending',
  dossiers: 'motcua_dossiers',
  dossiersOverdue: 'motcua_dossiers_overdue',
  notifications: 'motcua_notifications',
  eventsAwaitingContact: 'motcua_notifier_events_awaiting_contact',
} as const;

/** Seconds: from a fast in-process handler (a few ms) to an SMS provider call near its timeout. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

let processRegistry: Registry | undefined;

/** Node's process metrics, registered once per process whatever the number of services in it. */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Services whose metrics are live in this process: what tracking reads in-process (see ServiceMetrics.start). */
const live = new Set<ServiceMetrics>();

export function liveServiceMetrics(): ServiceMetrics[] {
  return [...live];
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly handlerDuration: Histogram<'consumer_group' | 'event_type' | 'outcome'>;

  constructor(
    readonly service: string,
    private readonly logger: Logger,
  ) {
    this.registry.setDefaultLabels({ service });
    this.httpRequestDuration = new Histogram({
      name: MetricNames.httpRequestDuration,
      help: 'HTTP requests served, by route pattern, method and status code, and how long they took.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: MetricNames.handlerDuration,
      help: 'Event handler calls (each attempt), by consumer group, CloudEvents type and outcome (ok, error), and how long they took.',
      labelNames: ['consumer_group', 'event_type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /**
   * A gauge whose samples `read` returns at each scrape. A read that fails leaves the
   * gauge without series for that scrape (and logs why) instead of failing the scrape.
   */
  gaugeFrom<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Sample<L>[]>): void {
    const logger = this.logger;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        // reset() leaves a gauge without labels at 0: a figure not read must be absent, not 0.
        this.remove({});
        try {
          for (const sample of await read()) this.set(sample.labels, sample.value);
        } catch (error) {
          logger.warn({ err: error, metric: name }, 'metric not read this scrape');
        }
      },
    });
  }

  /** The current samples of one of this service's gauges (reads it as a scrape would). */
  async samples(name: string): Promise<Sample[]> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return [];
    const { values } = await metric.get();
    return values.map(({ labels, value }) => ({ labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])), value }));
  }

  /** The text a scrape of this service's port gets: its own series, then the process's. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, text: `${own}\n${process}` };
  }

  /** Listed as live in this process while the service runs. */
  start(): void {
    live.add(this);
  }

  stop(): void {
    live.delete(this);
  }
}
