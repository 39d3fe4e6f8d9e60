/**
 * The crash test (`npm run chaos`, issue 9): drives dossiers through the whole
 * lifecycle over HTTP with the demo's simulated citizens and officers while a random
 * service process is killed with SIGKILL every few seconds and started again, then
 * checks what "nothing lost, nothing doubled" means: every dossier returned, no step
 * twice in any timeline, exactly one SMS per expected notification at the fake SMS
 * centre, no unsent outbox row and no dead letter.
 *
 *   npm run chaos -- --edition embedded|kafka [--dossiers 2000] [--kill-every 5] [--concurrency 24]
 *
 * Editions: `embedded` is `motcua start` (one process holding all six services, so
 * every kill kills all six); `kafka` is six processes on the librdkafka mock cluster
 * (kcat, never killed: the cluster lives in its memory) with one SQLite file each.
 * SMS goes through Kannel and its fakesmsc when they are installed, else through the
 * `log` provider, whose record is keyed by notification (a repeat would not show).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadCatalogue } from '@motcua/catalogue';
import { createLogger } from '@motcua/observability';
import {
  embeddedProcess,
  freePort,
  testOfficerToken,
  serviceNames,
  smsPeer,
  startKannel,
  startOnMockKafka,
  tempDir,
  waitFor,
  type KannelFixture,
  type ManagedProcess,
  type ServiceName,
} from '@motcua/testing';
import { startDemoTraffic, type DemoDossier } from './demo-traffic';
import { testIdentityCredentials } from './traffic-credentials';

interface ChaosOptions {
  edition: 'embedded' | 'kafka';
  dossiers: number;
  killEveryMs: number;
  concurrency: number;
  timeoutMs: number;
}

const OPS_OFFICER = 'hue-ops-1';
/** Steps that happen at most once in a dossier's life, whatever path it took. */
const ONCE = ['DossierReceived', 'SupplementRequested', 'SupplementProvided', 'ResultDrafted', 'DossierRejected', 'DocumentSigned', 'ResultReady', 'ResultReturned'];
const DLR_SECRET = 'chaos-dlr-secret-0123456789abcdef';
/**
 * A row a kill left in `sending` is reconciled this long after its claim: past the
 * fixture smsbox's callback retry span (30 retries 1 s apart), so a report held up by
 * the restart arrives first.
 */
const RECONCILE_MS = 45_000;
const SWEEP_MS = 5_000;
/** Notification states still on their way to the SMSC (a resend after reconciliation passes through the last two). */
const IN_FLIGHT = ['sending', 'temporary-failure', 'created'] as const;

function parseOptions(argv: string[]): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      edition: { type: 'string', default: 'embedded' },
      dossiers: { type: 'string', default: '2000' },
      'kill-every': { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '24' },
      'timeout-min': { type: 'string', default: '60' },
    },
  });
  const number = (name: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} takes a number from ${min} to ${max}, not "${value ?? ''}"`);
    return n;
  };
  if (values.edition !== 'embedded' && values.edition !== 'kafka') throw new Error(`--edition is embedded or kafka, not "${values.edition ?? ''}"`);
  return {
    edition: values.edition,
    dossiers: Math.round(number('dossiers', values.dossiers, 1, 100_000)),
    killEveryMs: number('kill-every', values['kill-every'], 0.5, 600) * 1000,
    concurrency: Math.round(number('concurrency', values.concurrency, 1, 500)),
    timeoutMs: number('timeout-min', values['timeout-min'], 1, 600) * 60_000,
  };
}

/** The ops officer's token, minted once for the whole run (a run may take the hour a default test token lives). */
let opsHeaders: Promise<Record<string, string>> | undefined;

/** A read as the ops officer (every centre). */
async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  opsHeaders ??= testOfficerToken(OPS_OFFICER, { ttlSeconds: 12 * 3600 }).then((token) => ({ authorization: `Bearer ${token}` }));
  const response = await fetch(url, { headers: { accept: 'application/json', ...(await opsHeaders) }, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as T };
}

/** The texts a dossier's citizen must get, by the path the simulation took. */
function expectedTemplates(d: DemoDossier): string[] {
  return ['receipt', ...(d.supplemented ? ['supplement_requested'] : []), d.rejected ? 'rejected' : 'result_ready', 'returned'].sort();
}

const phoneKey = (phone: string) => phone.replace(/\D/g, '').slice(-9);

/** The system under test: how to reach each service, and its processes to kill. */
interface Target {
  url(service: ServiceName): string;
  victims: ManagedProcess[];
  sqliteFiles: { service: ServiceName; file: string }[];
  stop(): Promise<void>;
}

async function startTarget(options: ChaosOptions, dataDir: string, env: Record<string, string>): Promise<Target> {
  if (options.edition === 'embedded') {
    const motcua = embeddedProcess(dataDir, { LOG_LEVEL: 'warn', ...env });
    await motcua.start([...serviceNames]);
    return {
      url: (service) => motcua.url(service),
      victims: [motcua],
      sqliteFiles: serviceNames.map((service) => ({ service, file: join(dataDir, 'motcua.db') })),
      stop: async () => void (await motcua.stop()),
    };
  }
  const cluster = await startOnMockKafka({ dataDir, extraEnv: { LOG_LEVEL: 'warn', ...env } });
  return {
    url: (service) => cluster.url(service),
    victims: [...cluster.processes.values()],
    sqliteFiles: serviceNames.map((service) => ({ service, file: join(dataDir, `${service}.db`) })),
    stop: () => cluster.stopAll(),
  };
}

/** Kills a random process every `everyMs`, each one before any twice, and starts it again; until stopped. */
function startKiller(victims: ManagedProcess[], everyMs: number, log: (line: string) => void) {
  const kills = new Map<string, number>();
  let bag: ManagedProcess[] = [];
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      await pause(everyMs * (0.5 + Math.random()));
      if (stopped) break;
      if (bag.length === 0) bag = [...victims].sort(() => Math.random() - 0.5);
      const victim = bag.pop() as ManagedProcess;
      await victim.kill();
      kills.set(victim.name, (kills.get(victim.name) ?? 0) + 1);
      log(`kill -9 ${victim.name} (${[...kills.values()].reduce((a, b) => a + b, 0)} kills)`);
      await victim.start(victim.name === 'motcua' ? [...serviceNames] : [victim.name], 120_000);
    }
  })();
  return {
    kills,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

interface Verdict {
  problems: string[];
  checked: Record<string, number>;
}

async function check(target: Target, dossiers: DemoDossier[], kannel: KannelFixture | undefined, deadlineMs: number): Promise<Verdict> {
  const problems: string[] = [];
  const tracking = target.url('tracking');
  // Every dossier returned, as tracking shows it (the read model catches up after the last restart).
  await waitFor(
    async () => {
      const listed = await getJson<{ total: number }>(`${tracking}/v1/dossiers?status=RETURNED&limit=1`);
      return listed.body.total >= dossiers.length;
    },
    { timeoutMs: deadlineMs, intervalMs: 1000, what: `all ${dossiers.length} dossiers RETURNED in tracking` },
  ).catch((error: unknown) => problems.push((error as Error).message));

  // A submission repeated with its Idempotency-Key must not open a second dossier.
  const all = await getJson<{ total: number }>(`${tracking}/v1/dossiers?limit=1`);
  if (all.body.total !== dossiers.length) problems.push(`tracking has ${all.body.total} dossiers; the citizens submitted ${dossiers.length}`);

  const expectedTexts = dossiers.reduce((n, d) => n + expectedTemplates(d).length, 0);
  if (kannel) {
    // Every text reached the fake SMS centre and no notification is still on its way (a row a kill
    // left in `sending` is reconciled RECONCILE_MS after its claim), or nothing has moved for
    // longer than reconciliation takes (a lost text never will arrive).
    let last = '';
    let stableSince = Date.now();
    const quietMs = RECONCILE_MS + 2 * SWEEP_MS + 20_000;
    await waitFor(
      async () => {
        const count = kannel.received().length;
        let inFlight = 0;
        for (const status of IN_FLIGHT) inFlight += (await getJson<{ items: unknown[] }>(`${target.url('notifier')}/v1/notifications?status=${status}&limit=500`)).body.items.length;
        const now = `${count}/${inFlight}`;
        if (now !== last) [last, stableSince] = [now, Date.now()];
        return (count >= expectedTexts && inFlight === 0) || Date.now() - stableSince > quietMs;
      },
      { timeoutMs: deadlineMs, intervalMs: 1000, what: `${expectedTexts} texts at the fake SMSC and no notification in flight` },
    ).catch((error: unknown) => problems.push(`${(error as Error).message}: ${kannel.received().length} arrived`));
  }

  let timelines = 0;
  const byPhone = new Map<string, number>();
  /** Notifications still in `sending` (or settled technical-failure) at the end: reconciliation should have settled every one. */
  const leftSending = new Map<string, number>();
  for (const d of dossiers) byPhone.set(phoneKey(d.phone), (byPhone.get(phoneKey(d.phone)) ?? 0) + expectedTemplates(d).length);
  for (const d of dossiers) {
    const status = await getJson<{ status: string }>(`${tracking}/v1/dossiers/${d.code}`);
    if (status.body.status !== 'RETURNED') problems.push(`${d.code}: status ${status.body.status}, not RETURNED`);
    const timeline = await getJson<{ items: { eventId: string; name: string }[] }>(`${tracking}/v1/dossiers/${d.code}/timeline`);
    const items = timeline.body.items ?? [];
    timelines += 1;
    if (new Set(items.map((i) => i.eventId)).size !== items.length) problems.push(`${d.code}: an event appears twice in the timeline`);
    for (const name of ONCE) {
      const count = items.filter((i) => i.name === name).length;
      if (count > 1) problems.push(`${d.code}: ${name} ${count} times`);
    }
    const notifications = await getJson<{ items: { template: string; status: string }[] }>(`${target.url('notifier')}/v1/notifications?dossierId=${encodeURIComponent(d.id)}`);
    const templates = notifications.body.items.map((n) => n.template).sort();
    if (templates.join() !== expectedTemplates(d).join()) problems.push(`${d.code}: notifications ${templates.join()} instead of ${expectedTemplates(d).join()}`);
    const unsent = notifications.body.items.filter((n) => n.status !== 'sent' && n.status !== 'delivered');
    const sending = unsent.filter((n) => n.status === 'sending' || n.status === 'technical-failure').length;
    if (sending > 0) leftSending.set(phoneKey(d.phone), (leftSending.get(phoneKey(d.phone)) ?? 0) + sending);
    // Reconciliation settles a row a kill left in `sending`: by its report, or by sending it again.
    if (unsent.length > 0) problems.push(`${d.code}: notifications not sent: ${unsent.map((n) => `${n.template} ${n.status}`).join(', ')}`);
  }
  const sms = { doubled: 0, lostWhileSending: 0, lostOtherwise: 0 };
  if (kannel) {
    const received = new Map<string, number>();
    for (const m of kannel.received()) received.set(phoneKey(m.to), (received.get(phoneKey(m.to)) ?? 0) + 1);
    for (const [phone, expected] of byPhone) {
      const got = received.get(phone) ?? 0;
      if (got === expected) continue;
      problems.push(`phone …${phone.slice(-3)}: ${got} texts at the SMSC, expected ${expected}`);
      if (got > expected) sms.doubled += got - expected;
      else if (expected - got <= (leftSending.get(phone) ?? 0)) sms.lostWhileSending += expected - got;
      else sms.lostOtherwise += expected - got;
    }
    for (const phone of received.keys()) if (!byPhone.has(phone)) problems.push(`a text to …${phone.slice(-3)}, which no dossier has`);
  }

  let unsent = 0;
  for (const { service, file } of target.sqliteFiles) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare(`SELECT count(*) AS n FROM "${service}_outbox" WHERE sent_at IS NULL`).get() as { n: number };
      unsent += row.n;
      if (row.n > 0) problems.push(`${service}: ${row.n} outbox rows unsent`);
    } finally {
      db.close();
    }
  }
  const letters = await getJson<{ items: { group: string; reason?: string }[]; total: number }>(`${tracking}/v1/dead-letters?status=pending`);
  if (letters.status !== 200) problems.push(`dead letters could not be listed: ${letters.status}`);
  else if (letters.body.total > 0) problems.push(`${letters.body.total} dead letters, e.g. ${JSON.stringify(letters.body.items[0])}`);
  return {
    problems,
    checked: {
      dossiers: dossiers.length,
      timelines,
      expectedTexts,
      textsAtSmsc: kannel ? kannel.received().length : -1,
      ...(kannel ? { textsDoubled: sms.doubled, textsLostInSendingWindow: sms.lostWhileSending, textsLostOtherwise: sms.lostOtherwise } : {}),
      notificationsLeftSending: [...leftSending.values()].reduce((a, b) => a + b, 0),
      unsentOutboxRows: unsent,
      deadLetters: letters.body.total ?? -1,
    },
  };
}

export async function runChaos(options: ChaosOptions): Promise<boolean> {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);
  const dataDir = tempDir(`chaos-${options.edition}`);
  log(`edition ${options.edition}, ${options.dossiers} dossiers, a kill every ~${options.killEveryMs / 1000} s, ${options.concurrency} open at once; data and logs in ${dataDir}`);

  const peer = smsPeer();
  const kannel = peer ? await startKannel(peer) : undefined;
  const notifierPort = await freePort();
  const env: Record<string, string> = kannel
    ? {
        NOTIFIER_PORT: String(notifierPort),
        NOTIFIER_SMS_PROVIDERS: 'kannel',
        KANNEL_SENDSMS_URL: kannel.sendsmsUrl,
        KANNEL_USERNAME: kannel.username,
        KANNEL_PASSWORD: kannel.password,
        KANNEL_FROM: 'MOTCUA',
        NOTIFIER_PUBLIC_URL: `http://127.0.0.1:${notifierPort}`,
        NOTIFIER_DLR_SECRET: DLR_SECRET,
        NOTIFIER_SMS_RETRY_INITIAL_MS: '200',
        NOTIFIER_SMS_RETRY_MAX_MS: '2000',
        NOTIFIER_SMS_MAX_ATTEMPTS: '50',
        KANNEL_ADMIN_URL: kannel.adminUrl,
        KANNEL_ADMIN_PASSWORD: kannel.adminPassword,
        NOTIFIER_SENDING_RECONCILE_MS: String(RECONCILE_MS),
        NOTIFIER_SWEEP_INTERVAL_MS: String(SWEEP_MS),
      }
    : {};
  log(kannel ? 'SMS: Kannel with fakesmsc; texts counted at the fake SMS centre' : 'SMS: log provider (Kannel not installed); texts counted from the notifier');

  const target = await startTarget(options, dataDir, env);
  const catalogue = loadCatalogue();
  const traffic = startDemoTraffic({
    url: (service) => target.url(service),
    catalogue,
    credentials: testIdentityCredentials(catalogue, () => target.url('intake')),
    everyMs: 0,
    maxOpen: options.concurrency,
    stepMs: 200,
    limit: options.dossiers,
    logger: createLogger({ service: 'chaos-traffic', level: 'error' }),
    statusOf: async (code) => (await getJson<{ status?: string }>(`${target.url('tracking')}/v1/dossiers/${encodeURIComponent(code)}`)).body.status,
  });
  const killer = startKiller(target.victims, options.killEveryMs, log);
  let verdict: Verdict | undefined;
  let failure: string | undefined;
  try {
    let reportAt = Date.now() + 30_000;
    await waitFor(
      () => {
        const counts = traffic.counts();
        if (Date.now() >= reportAt) {
          reportAt = Date.now() + 30_000;
          const waiting = new Map<string, number>();
          for (const d of traffic.dossiers().filter((x) => !x.finished)) waiting.set(`${d.step}${d.uncertain ? '?' : ''}`, (waiting.get(`${d.step}${d.uncertain ? '?' : ''}`) ?? 0) + 1);
          log(`${counts.submitted} submitted, ${counts.finished} finished, open by step: ${JSON.stringify(Object.fromEntries(waiting))}`);
        }
        // Each process killed at least once before the traffic may end.
        return counts.finished >= options.dossiers && target.victims.every((v) => (killer.kills.get(v.name) ?? 0) > 0);
      },
      { timeoutMs: options.timeoutMs, intervalMs: 500, what: `${options.dossiers} dossiers driven to the end` },
    );
    await killer.stop();
    await traffic.stop();
    log(`traffic done; kills: ${JSON.stringify(Object.fromEntries(killer.kills))}; checking`);
    verdict = await check(target, traffic.dossiers(), kannel, 180_000);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    await killer.stop();
    await traffic.stop();
    await target.stop();
    await kannel?.stop();
  }
  const passed = !failure && verdict !== undefined && verdict.problems.length === 0;
  const summary = {
    edition: options.edition,
    passed,
    dossiers: options.dossiers,
    killEverySeconds: options.killEveryMs / 1000,
    kills: Object.fromEntries(killer.kills),
    sms: kannel ? 'kannel+fakesmsc' : 'log',
    seconds: Math.round((Date.now() - started) / 1000),
    ...(verdict ? { checked: verdict.checked, problems: verdict.problems.slice(0, 20), problemCount: verdict.problems.length } : {}),
    ...(failure ? { failure } : {}),
    dataDir,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  log(passed ? 'PASSED' : 'FAILED');
  return passed;
}

if (require.main === module) {
  let options: ChaosOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: npm run chaos -- --edition embedded|kafka [--dossiers 2000] [--kill-every 5] [--concurrency 24] [--timeout-min 60]\n`);
    process.exit(2);
  }
  runChaos(options).then(
    (passed) => process.exit(passed ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`chaos run failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
