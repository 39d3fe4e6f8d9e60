/**
 * What the benchmark reads from the running system besides the HTTP answers its
 * simulated people get: business events on the bus (to count pipeline events), the
 * instants a receipt SMS was accepted and a result became ready, and the peak memory of
 * the processes it started.
 */
import { officerHeaders } from '@motcua/testing';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kafka, logLevel } from 'kafkajs';
import { businessTopics } from '@motcua/contracts';
import type { RunningEdition } from './editions';

/** Business events published so far on every `motcua.<service>.v1` topic (dead-letter topics excluded). */
export async function businessEventCount(edition: RunningEdition): Promise<number> {
  if (edition.brokers) {
    const admin = new Kafka({ clientId: 'motcua-bench', brokers: edition.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      let total = 0;
      for (const topic of businessTopics) {
        const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
        for (const partition of offsets) total += Number(partition.high);
      }
      return total;
    } finally {
      await admin.disconnect();
    }
  }
  const db = new Database(join(edition.dataDir, 'motcua.db'), { readonly: true, fileMustExist: true });
  try {
    const marks = businessTopics.map(() => '?').join(',');
    return (db.prepare(`SELECT COUNT(*) AS n FROM bus_messages WHERE topic IN (${marks})`).get(...businessTopics) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function pages<T>(base: string): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 500) {
    // As the ops officer: every centre's notifications and results.
    const response = await fetch(`${base}${base.includes('?') ? '&' : '?'}limit=500&offset=${offset}`, { headers: await officerHeaders('hue-ops-1'), signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET ${base} answered ${response.status}`);
    const page = ((await response.json()) as { items: T[] }).items;
    items.push(...page);
    if (page.length < 500) return items;
  }
}

export interface Milestones {
  /** Dossier id → epoch ms when the receipt SMS was accepted by the gateway (the notifier's `sentAt`). */
  receiptSent: Map<string, number>;
  /** Dossier id → epoch ms when return made the result ready (`readyAt`, the instant of ResultReady). */
  resultReady: Map<string, number>;
}

export async function milestones(edition: RunningEdition): Promise<Milestones> {
  const notifications = await pages<{ dossierId: string; template: string; sentAt?: string }>(`${edition.url('notifier')}/v1/notifications`);
  const results = await pages<{ dossierId: string; readyAt?: string }>(`${edition.url('return')}/v1/results`);
  const receiptSent = new Map<string, number>();
  for (const n of notifications) if (n.template === 'receipt' && n.sentAt) receiptSent.set(n.dossierId, Date.parse(n.sentAt));
  const resultReady = new Map<string, number>();
  for (const r of results) if (r.readyAt) resultReady.set(r.dossierId, Date.parse(r.readyAt));
  return { receiptSent, resultReady };
}

export interface ProcessMemory {
  name: string;
  pid: number;
  /** Peak resident set (VmHWM), megabytes. */
  peakRssMb: number;
}

/** What a child process is, from its command line; undefined for processes the report does not name. */
function processName(cmdline: string): string | undefined {
  const service = /services\/([a-z]+)\/dist\/main\.js/.exec(cmdline);
  if (service) return service[1];
  if (cmdline.includes('bin/motcua.js')) return 'motcua (all six)';
  if (/(^|\/)kcat$/.test(cmdline.split('\u0000')[0] ?? '')) return 'kafka mock (kcat)';
  return undefined;
}

/** Peak RSS of every process this one started (Linux /proc; empty elsewhere). */
export function peakMemoryOfChildren(parent = process.pid): ProcessMemory[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const found: ProcessMemory[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the parent pid is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const name = processName(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (name && hwm?.[1]) found.push({ name, pid: Number(pid), peakRssMb: Math.round(Number(hwm[1]) / 102.4) / 10 });
    } catch {
      // The process ended while being read.
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
