/**
 * `npm run bench`: the full lifecycle under load on the embedded edition and on Kafka
 * + SQLite, with the raw bus limit measured in the same run (method in
 * docs/benchmarks.md, which `--write-docs` regenerates). Not a test: it prints figures
 * and fails only when it cannot run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../test-e2e/support/service-process';
import { editionNames, type EditionName } from './editions';
import { measureEdition } from './edition-run';
import { rawBusRate } from './raw-bus';
import { measureSigning } from './signing-parts';
import { benchmarksDoc, jsonLine, machine, table, type EditionResult, type RunSettings } from './report';

const usage = `usage: npm run bench -- [options]

  --edition <embedded|kafka|all>  which edition (default all)
  --rate <n>            open-loop dossiers/s of the latency run (default 5)
  --duration <s>        seconds of the latency run (default 20)
  --start-rate <n>      first load step, dossiers/s (default 2)
  --factor <x>          each load step offers this many times the last (default 1.5)
  --step-seconds <s>    seconds per load step; the second half is measured (default 16)
  --max-steps <n>       load steps at most (default 6)
  --raw-events <n>      events for the raw bus measurement (default 5000)
  --conditions <text>   what else ran on the machine, for docs/benchmarks.md
  --cpu-prof <dir>      service processes write V8 CPU profiles (node --cpu-prof) into <dir>
  --raw-only            measure the raw bus only (no edition started): before/after a bus change
  --signing-only        measure signing's PDF layout and CMS signature only, ms per call
  --write-docs          rewrite docs/benchmarks.md with this run
  --help
`;

function numberOption(values: Record<string, string | boolean | undefined>, name: string, fallback: number, min: number, max: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} takes a number from ${min} to ${max}, not "${String(text)}"`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      edition: { type: 'string', default: 'all' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      'start-rate': { type: 'string' },
      factor: { type: 'string' },
      'step-seconds': { type: 'string' },
      'max-steps': { type: 'string' },
      'raw-events': { type: 'string' },
      conditions: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'write-docs': { type: 'boolean', default: false },
      'raw-only': { type: 'boolean', default: false },
      'signing-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const editions: EditionName[] = values.edition === 'all' ? [...editionNames] : editionNames.filter((e) => e === values.edition);
  if (editions.length === 0) throw new Error(`--edition takes embedded, kafka or all, not "${values.edition}"`);
  const settings: RunSettings = {
    // The conditions text goes into the document on its own; in the command line it would only be in the way.
    command: `npm run bench -- ${process.argv
      .slice(2)
      .map((arg, i, all) => (all[i - 1] === '--conditions' ? '"…"' : arg))
      .join(' ')}`.replace(/ -- $/, ''),
    rate: numberOption(values, 'rate', 5, 0.1, 1000),
    duration: numberOption(values, 'duration', 20, 2, 3600),
    startRate: numberOption(values, 'start-rate', 2, 0.1, 1000),
    factor: numberOption(values, 'factor', 1.5, 1.05, 10),
    stepSeconds: numberOption(values, 'step-seconds', 16, 2, 3600),
    maxSteps: Math.round(numberOption(values, 'max-steps', 6, 1, 50)),
    rawEvents: Math.round(numberOption(values, 'raw-events', 5000, 100, 10_000_000)),
  };
  const host = machine();
  const startedAt = new Date();
  const log = (line: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(`${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, node ${host.node}, load average ${host.loadAverage}`);

  if (values['signing-only']) {
    process.stdout.write(`${JSON.stringify({ ...(await measureSigning()), machine: host })}\n`);
    return 0;
  }
  if (values['raw-only']) {
    for (const edition of editions) {
      const raw = await rawBusRate(edition, settings.rawEvents);
      process.stdout.write(`${JSON.stringify({ edition, rawBusEventsPerSecond: Math.round(raw.eventsPerSecond), events: raw.events, rawBusPayloadBytes: raw.payloadBytes, machine: host })}\n`);
    }
    return 0;
  }
  const results: EditionResult[] = [];
  for (const edition of editions) {
    const cpuProfileDir = values['cpu-prof'] ? join(resolve(values['cpu-prof']), edition) : undefined;
    const figures = await measureEdition(edition, { rate: settings.rate, duration: settings.duration, stepSeconds: settings.stepSeconds, steps: settings, log, ...(cpuProfileDir ? { cpuProfileDir } : {}) });
    log(`${edition}: raw bus, ${settings.rawEvents} events`);
    const raw = await rawBusRate(edition, settings.rawEvents);
    const result = { figures, raw };
    results.push(result);
    process.stdout.write(`${jsonLine(result, host)}\n`);
  }
  process.stdout.write(`\n${table(results)}\n`);
  if (values['write-docs']) {
    const conditions = values.conditions ?? `Nothing else was declared running on the machine; the load average above says how busy it was.`;
    const file = join(repoRoot, 'docs', 'benchmarks.md');
    const improvements = readFileSync(join(__dirname, '..', 'improvements.md'), 'utf8');
    writeFileSync(file, benchmarksDoc(results, host, settings, startedAt, conditions, improvements));
    log(`wrote ${file}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
