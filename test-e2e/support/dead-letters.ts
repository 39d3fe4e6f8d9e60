/**
 * Reads dead-letter topics the way an operator would: with kcat on Kafka, with a
 * query on the SQLite event log in the embedded edition.
 */
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';

export interface DeadLetter {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export function kafkaDeadLetters(brokers: string[], topic: string): DeadLetter[] {
  let out: string;
  try {
    out = execFileSync('kcat', ['-b', brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return []; // topic not there yet
  }
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const m = JSON.parse(line) as { key: string | null; payload: string; headers?: string[] };
      const headers: Record<string, string> = {};
      const list = m.headers ?? [];
      for (let i = 0; i + 1 < list.length; i += 2) headers[list[i] as string] = list[i + 1] as string;
      return { key: m.key, value: m.payload, headers };
    });
}

export function sqliteDeadLetters(file: string, topic: string): DeadLetter[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db.prepare('SELECT key, value, headers FROM bus_messages WHERE topic = ? ORDER BY "partition", "offset"').all(topic) as { key: string | null; value: Buffer; headers: string }[];
    return rows.map((r) => ({ key: r.key, value: Buffer.from(r.value).toString('utf8'), headers: JSON.parse(r.headers) as Record<string, string> }));
  } finally {
    db.close();
  }
}
