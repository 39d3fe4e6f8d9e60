/**
 * The benchmark's output: one JSON line per edition (for machines), a table (for
 * people), and docs/benchmarks.md (method, machine, latest figures, how to reproduce).
 */
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { EditionFigures } from './edition-run';
import type { Percentiles } from './load-figures';
import type { RawBusFigures } from './raw-bus';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  kernel: string;
  /** 1-minute load average when the run started: other work sharing the cores. */
  loadAverage: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export interface EditionResult {
  figures: EditionFigures;
  raw: RawBusFigures;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The JSON line of one edition: every figure the issue asks for, flat enough to compare runs. */
export function jsonLine(result: EditionResult, host: Machine): string {
  const { figures, raw } = result;
  const pipeline = figures.sustained?.eventsPerSecond;
  return JSON.stringify({
    edition: figures.edition,
    shape: figures.shape,
    sustainedDossiersPerSecond: figures.sustained ? round(figures.sustained.verdict.completedRate) : 0,
    sustainedOfferedPerSecond: figures.sustained?.rate ?? 0,
    steps: figures.steps.map((s) => ({ offered: s.rate, submitted: round(s.verdict.offeredRate), returned: round(s.verdict.completedRate), backlogGrowth: s.verdict.backlogGrowth, sustained: s.verdict.sustainable, ...(s.verdict.reason ? { reason: s.verdict.reason } : {}) })),
    latency: {
      offeredPerSecond: figures.latency.rate,
      seconds: figures.latency.seconds,
      dossiers: figures.latency.dossiers,
      sustained: figures.latency.verdict.sustainable,
      submissionToReceiptSmsMs: figures.latency.toReceiptSmsMs ?? null,
      submissionToResultReadyMs: figures.latency.toResultReadyMs ?? null,
    },
    pipelineEventsPerSecond: pipeline === undefined ? null : round(pipeline, 1),
    rawBusEventsPerSecond: round(raw.eventsPerSecond, 1),
    rawBusPayloadBytes: raw.payloadBytes,
    pipelineToRawRatio: pipeline === undefined ? null : round(pipeline / raw.eventsPerSecond, 4),
    peakRssMb: Object.fromEntries(figures.memory.map((m) => [m.name, m.peakRssMb])),
    totalPeakRssMb: round(figures.memory.reduce((sum, m) => sum + m.peakRssMb, 0), 1),
    machine: host,
  });
}

const pct = (p: Percentiles | undefined) => (p ? `${p.p50} / ${p.p95} / ${p.p99}` : 'n/a');

/** Rows of the summary table, one column per edition. */
function summaryRows(results: EditionResult[]): string[][] {
  const cell = (f: (r: EditionResult) => string) => results.map(f);
  return [
    ['', ...cell((r) => r.figures.edition)],
    ['dossiers/s returned at the highest sustained load', ...cell((r) => (r.figures.sustained ? `${round(r.figures.sustained.verdict.completedRate)} (offered ${r.figures.sustained.rate}/s)` : 'none sustained'))],
    ['latency run: offered load', ...cell((r) => `${r.figures.latency.rate}/s for ${r.figures.latency.seconds} s, ${r.figures.latency.dossiers} dossiers${r.figures.latency.verdict.sustainable ? '' : ` (not sustained: ${r.figures.latency.verdict.reason ?? ''})`}`)],
    ['submission → receipt SMS accepted, ms p50 / p95 / p99', ...cell((r) => pct(r.figures.latency.toReceiptSmsMs))],
    ['submission → ResultReady, ms p50 / p95 / p99', ...cell((r) => pct(r.figures.latency.toResultReadyMs))],
    ['pipeline events/s (at the sustained load)', ...cell((r) => (r.figures.sustained ? String(round(r.figures.sustained.eventsPerSecond, 1)) : 'n/a'))],
    ['raw bus events/s (publish + consume)', ...cell((r) => String(round(r.raw.eventsPerSecond, 1)))],
    ['pipeline ÷ raw bus', ...cell((r) => (r.figures.sustained ? String(round(r.figures.sustained.eventsPerSecond / r.raw.eventsPerSecond, 4)) : 'n/a'))],
    ['peak RSS, MB', ...cell((r) => r.figures.memory.map((m) => `${m.name} ${m.peakRssMb}`).join(', '))],
    ['peak RSS total, MB', ...cell((r) => String(round(r.figures.memory.reduce((sum, m) => sum + m.peakRssMb, 0), 1)))],
  ];
}

export function table(results: EditionResult[]): string {
  const rows = summaryRows(results);
  const widths = (rows[0] as string[]).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((text, column) => text.padEnd(widths[column] as number)).join('  ')).join('\n');
}

const markdownRow = (cells: string[]) => `| ${cells.join(' | ')} |`;

function markdownTable(rows: string[][]): string {
  const [head, ...body] = rows;
  return [markdownRow(head as string[]), markdownRow((head as string[]).map(() => '---')), ...body.map(markdownRow)].join('\n');
}

function stepTable(result: EditionResult): string {
  return markdownTable([
    ['offered /s', 'submitted /s', 'returned /s', 'backlog growth (trend)', 'pipeline events /s', 'sustained'],
    ...result.figures.steps.map((s) => [
      String(s.rate),
      String(round(s.verdict.offeredRate)),
      String(round(s.verdict.completedRate)),
      String(s.verdict.backlogGrowth),
      String(round(s.eventsPerSecond, 1)),
      s.verdict.sustainable ? 'yes' : `no: ${s.verdict.reason ?? ''}`,
    ]),
  ]);
}

export interface RunSettings {
  command: string;
  rate: number;
  duration: number;
  stepSeconds: number;
  startRate: number;
  factor: number;
  maxSteps: number;
  rawEvents: number;
}

/** `improvements`: the hand-kept record of changes made for performance with their before/after figures (bench/improvements.md). */
export function benchmarksDoc(results: EditionResult[], host: Machine, settings: RunSettings, startedAt: Date, conditions: string, improvements: string): string {
  return `# Benchmarks

Generated by \`${settings.command}\` on ${startedAt.toISOString()}; regenerate with
\`npm run bench -- --write-docs\` (the whole file is rewritten; the section on changes
made for performance comes from bench/improvements.md).

## Method

\`npm run bench\` (bench/src/main.ts) starts each edition the way the end-to-end journeys
do, as child processes on free ports in a fresh data directory:

- **embedded**: \`node bin/motcua.js start --no-demo\`, all six services in one process,
  one SQLite file for the store and the event log;
- **kafka**: the six services as six processes (\`services/<name>/dist/main.js\`) on the
  Kafka mock cluster built into librdkafka (\`kcat\`, 3 brokers, in memory) with one
  SQLite store file each.

Simulated citizens, specialists, leaders and reception officers — the live demo's driver
(\`cli/src/demo-traffic.ts\`) with no supplements, no rejections and no thinking time,
32 officers at work at once, looking again 200 ms after finding nothing to do — take every
dossier through the public HTTP APIs: submit (counter or portal), approve the assigned
work item, sign the signature request, hand the result over at the counter or issue the
download link. A dossier counts as completed when return accepts the handover (RETURNED).
Settings are a pilot's except: the notifier's per-centre SMS rate limit and daily cap
are lifted (the benchmark sends hundreds of texts a minute per centre), SMS go to the
\`log\` provider (it records the send in the store; the gateway accepting it is that
instant), and logs keep warnings only.

1. **Warm-up**: 2 dossiers/s until five are returned (Kafka consumer groups joined, code
   compiled), then no traffic until all are returned.
2. **Latency run**: an open-loop load of \`--rate\` dossiers/s for \`--duration\` seconds —
   citizens arrive on schedule whether or not earlier ones were served. For every dossier
   submitted in it: *submission → receipt SMS* is the notifier's \`sentAt\` of the receipt
   text (the SMS provider accepted it) minus the instant the bench sent the POST;
   *submission → ResultReady* is return's \`readyAt\` (the instant ResultReady was decided)
   minus the same. The second one includes the simulated specialist's and leader's
   reaction (each looks again every 200 ms), as a real one would add theirs. Percentiles
   come from an HDR histogram (hdr-histogram-js, 3 significant digits).
3. **Load steps**: offered load from \`--start-rate\` dossiers/s, ×\`--factor\` per step,
   \`--step-seconds\` each, at most \`--max-steps\`; the second half of each step is the
   measured window. A step is **sustained** when, over the window, (a) intake accepted
   (answered 201) ≥ 95 % of the offered rate, (b) the backlog of open dossiers grew by
   no more than 5 % of the dossiers accepted (so dossiers came out at ≥ 95 % of the
   rate they went in), and (c) no call failed; each may miss by one dossier more. The
   backlog's growth is its trend: the least-squares slope through samples taken every
   250 ms across the window, not the difference of its two ends, because the backlog
   of a pipeline whose dossiers take seconds (Kafka) swings by several dossiers from
   one moment to the next. Stepping stops at the first step that is not; the figure is
   the returned rate (dossiers counted out over the window) of the highest sustained
   step.
4. **Pipeline events/s**: business events (every \`motcua.<service>.v1\` topic, dead
   letters excluded) appended to the bus during the measured window of the highest
   sustained step, divided by its length (SQLite \`bus_messages\` rows; Kafka high
   watermarks).
5. **Raw bus**: after the edition stops, the same bus alone on the same machine: a fresh
   log (or a fresh mock cluster) through \`createInfrastructure\` as the services wire it,
   ${settings.rawEvents} real DossierReceived events (${results[0]?.raw.payloadBytes ?? '?'} bytes each, validated and encoded as intake's)
   published in batches of 100 (the outbox relay's batch) while one consumer group
   consumes them through the shared consume pipeline; events/s from the first publish to
   the last consumed. The ratio *pipeline ÷ raw* says how much of the bus's capacity the
   full lifecycle (HTTP, validation, stores, outbox, inbox, six consumers) achieves.
6. **Peak RSS**: VmHWM from \`/proc/<pid>/status\` of every process the bench started
   (each service, or the one embedded process, and the kcat mock cluster), read before
   they stop.

## Machine and conditions

| | |
| --- | --- |
| CPU | ${host.cpu} |
| cores | ${host.cores} |
| memory | ${host.memoryGb} GB |
| Node.js | ${host.node} |
| kernel | ${host.kernel} |
| load average when the run started | ${host.loadAverage} |

${conditions}

## Latest figures

Settings: latency run ${settings.rate} dossiers/s for ${settings.duration} s; steps from ${settings.startRate}/s ×${settings.factor}, ${settings.stepSeconds} s each, at most ${settings.maxSteps}; raw bus ${settings.rawEvents} events.

${markdownTable(summaryRows(results))}

${results.map((r) => `### Load steps, ${r.figures.edition}\n\n${stepTable(r)}`).join('\n\n')}

The JSON lines of this run:

\`\`\`json
${results.map((r) => jsonLine(r, host)).join('\n')}
\`\`\`

${improvements.trim()}

## How to reproduce

\`\`\`sh
npm ci && npm run build           # kcat (Debian package kcat) for the Kafka edition
npm run bench                     # both editions, defaults (about five minutes on 2 cores)
npm run bench -- --edition embedded --duration 30 --rate 20
npm run bench -- --help           # every option
npm run bench -- --write-docs     # and rewrite this file (bench/improvements.md is kept)
npm run bench -- --edition embedded --cpu-prof /tmp/prof   # V8 CPU profiles of the services
npm run bench -- --edition embedded --raw-only             # the raw bus alone, for before/after
npm run bench -- --signing-only                            # signing's PDF layout and CMS signature, ms per call
\`\`\`

Figures depend on the machine and on what else runs on it: compare ratios (pipeline ÷
raw bus) taken in one run rather than absolute numbers taken on different days.
`;
}
