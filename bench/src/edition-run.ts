/**
 * One edition measured: simulated citizens, specialists, leaders and reception officers
 * (the live demo's driver, cli/src/demo-traffic.ts, with no detours and no thinking
 * time) work dossiers from submission to return through the public HTTP APIs, first at
 * a fixed open-loop rate for the latencies, then at rising rates to find the highest
 * one the edition sustains.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { loadCatalogue } from '@motcua/catalogue';
import { createLogger } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { startDemoTraffic, type DemoTraffic, type TrafficDossier } from '../../cli/src/demo-traffic';
import { testIdentityCredentials } from '../../cli/src/traffic-credentials';
import { highestSustained, judgeStep, percentilesOf, stepRates, type Percentiles, type StepPlan, type StepVerdict } from './load-figures';
import { businessEventCount, milestones, peakMemoryOfChildren, type ProcessMemory } from './observed';
import { startEdition, type EditionName, type RunningEdition } from './editions';

export interface EditionOptions {
  /** Open-loop rate (dossiers per second) and seconds of the latency run. */
  rate: number;
  duration: number;
  steps: StepPlan;
  /** Seconds each load step lasts; its second half is the measured window. */
  stepSeconds: number;
  /** Where the service processes write CPU profiles, if profiling. */
  cpuProfileDir?: string;
  log: (line: string) => void;
}

export interface StepFigures {
  rate: number;
  verdict: StepVerdict;
  eventsPerSecond: number;
}

export interface EditionFigures {
  edition: EditionName;
  shape: string;
  latency: {
    rate: number;
    seconds: number;
    dossiers: number;
    /** Whether the fixed rate was itself sustained (judged like a load step). */
    verdict: StepVerdict;
    toReceiptSmsMs?: Percentiles;
    toResultReadyMs?: Percentiles;
  };
  steps: StepFigures[];
  /** The highest sustained step, if any was. */
  sustained?: StepFigures;
  memory: ProcessMemory[];
}

interface Snapshot {
  at: number;
  submitted: number;
  finished: number;
  open: number;
  failures: number;
  events: number;
}

async function snapshot(traffic: DemoTraffic, edition: RunningEdition): Promise<Snapshot> {
  const events = await businessEventCount(edition);
  return { at: performance.now(), ...traffic.counts(), events };
}

/** Open dossiers are sampled this often across a step's measured window (see backlogTrend). */
const BACKLOG_SAMPLE_MS = 250;

/** Offers `rate` for `seconds` and judges the second half. */
async function loadStep(traffic: DemoTraffic, edition: RunningEdition, rate: number, seconds: number): Promise<StepFigures> {
  traffic.setEveryMs(1000 / rate);
  await delay((seconds * 1000) / 2);
  const from = await snapshot(traffic, edition);
  const backlog = [from.open];
  const endAt = from.at + (seconds * 1000) / 2;
  for (let at = from.at + BACKLOG_SAMPLE_MS; at < endAt; at += BACKLOG_SAMPLE_MS) {
    await delay(Math.max(0, at - performance.now()));
    backlog.push(traffic.counts().open);
  }
  await delay(Math.max(0, endAt - performance.now()));
  const to = await snapshot(traffic, edition);
  backlog.push(to.open);
  const window = (to.at - from.at) / 1000;
  const verdict = judgeStep({
    targetRate: rate,
    seconds: window,
    submitted: to.submitted - from.submitted,
    returned: to.finished - from.finished,
    backlog,
    failures: to.failures - from.failures,
  });
  return { rate, verdict, eventsPerSecond: (to.events - from.events) / window };
}

/** No new citizens; waits (bounded) for the officers to return every open dossier. */
async function drain(traffic: DemoTraffic, seconds: number): Promise<boolean> {
  traffic.setEveryMs(undefined);
  return waitFor(() => traffic.counts().open === 0, { timeoutMs: seconds * 1000, intervalMs: 200, what: 'open dossiers returned' }).then(
    () => true,
    () => false,
  );
}

const latencies = (dossiers: TrafficDossier[], at: Map<string, number>): number[] =>
  dossiers.flatMap((d) => {
    const instant = at.get(d.id);
    return instant === undefined ? [] : [instant - d.submittedAt];
  });

export async function measureEdition(name: EditionName, options: EditionOptions): Promise<EditionFigures> {
  const { log } = options;
  log(`${name}: starting`);
  const edition = await startEdition(name, options.cpuProfileDir);
  const trafficLog = join(edition.dataDir, 'bench-traffic.log');
  let watched: TrafficDossier[] | undefined;
  const catalogue = loadCatalogue();
  const traffic = startDemoTraffic({
    url: edition.url,
    catalogue,
    credentials: testIdentityCredentials(catalogue, () => edition.url('intake')),
    everyMs: 500,
    maxOpen: Number.POSITIVE_INFINITY,
    stepMs: 0,
    retryMs: 200,
    tickMs: 20,
    concurrency: 32,
    detours: false,
    onSubmitted: (dossier) => watched?.push(dossier),
    // Refusals and failed calls of the simulated people, for when a step is not sustained or a dossier never returns.
    logger: createLogger({ service: 'bench-traffic', level: 'warn', destination: createWriteStream(trafficLog, { flags: 'a' }) }),
  });
  try {
    // Warm-up: consumer groups joined, code paths compiled, before anything is timed.
    await waitFor(() => traffic.counts().finished >= 5, { timeoutMs: 120_000, intervalMs: 200, what: `${name}: five warm-up dossiers returned` });
    await drain(traffic, 60);
    log(`${name}: warmed up; latency run at ${options.rate}/s for ${options.duration} s`);

    watched = [];
    const latencyRun = await loadStep(traffic, edition, options.rate, options.duration);
    const measured = watched;
    watched = undefined;
    const drained = await drain(traffic, 120);
    const seen = await milestones(edition);
    const latency = {
      rate: options.rate,
      seconds: options.duration,
      dossiers: measured.length,
      verdict: latencyRun.verdict,
      ...optional('toReceiptSmsMs', percentilesOf(latencies(measured, seen.receiptSent))),
      ...optional('toResultReadyMs', percentilesOf(latencies(measured, seen.resultReady))),
    };
    log(`${name}: latency run done (${measured.length} dossiers${drained ? '' : `, ${traffic.counts().open} not returned within 120 s, see ${trafficLog} and the service logs beside it`}); stepping the load`);

    const steps: StepFigures[] = [];
    for (const rate of stepRates(options.steps)) {
      const step = await loadStep(traffic, edition, rate, options.stepSeconds);
      steps.push(step);
      log(`${name}: ${rate}/s → ${step.verdict.completedRate.toFixed(2)}/s returned, ${step.verdict.sustainable ? 'sustained' : `not sustained (${step.verdict.reason})`}`);
      if (!step.verdict.sustainable) break;
    }
    const sustained = highestSustained(steps);
    const memory = peakMemoryOfChildren();
    return { edition: name, shape: edition.shape, latency, steps, ...optional('sustained', sustained), memory };
  } finally {
    await drain(traffic, 30);
    await traffic.stop();
    await edition.stop();
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
