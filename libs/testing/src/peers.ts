/**
 * Which real peers the tests can use (DESIGN.md §6). Discovery runs once in jest's
 * global setup and hands its findings to the test workers through environment
 * variables; test files read them with `kafkaPeer()` / `mongoPeer()` and skip with one
 * line saying which peer is missing, unless MOTCUA_REQUIRE_PEERS names it, in which
 * case the missing peer fails the run.
 */
export type PeerName = 'kafka' | 'mongo' | 'sms' | 'pdf' | 'browser';

export interface KafkaPeer {
  brokers: string[];
  /** 'mock' = librdkafka mock cluster through kcat: no admin API, no idempotent producer. */
  kind: 'external' | 'container' | 'mock';
  adminTopics: boolean;
  idempotent: boolean;
}

export interface MongoPeer {
  url: string;
  kind: 'external' | 'container';
}

export const PeerEnv = {
  kafkaBrokers: 'MOTCUA_TEST_KAFKA_BROKERS',
  kafkaKind: 'MOTCUA_TEST_KAFKA_KIND',
  kafkaMissing: 'MOTCUA_TEST_KAFKA_MISSING',
  mongoUrl: 'MOTCUA_TEST_MONGO_URL',
  mongoKind: 'MOTCUA_TEST_MONGO_KIND',
  mongoMissing: 'MOTCUA_TEST_MONGO_MISSING',
} as const;

export function requiredPeers(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set((env['MOTCUA_REQUIRE_PEERS'] ?? '').split(',').map((p) => p.trim()).filter(Boolean));
}

/** Returns the peer, or undefined after printing why it is missing; throws when the peer is required. */
function resolve<T>(name: PeerName, found: T | undefined, missingReason: string): T | undefined {
  if (found) return found;
  const message = `${name} peer missing: ${missingReason}`;
  if (requiredPeers().has(name)) throw new Error(`${message} (MOTCUA_REQUIRE_PEERS includes ${name})`);
  process.stdout.write(`skipped: ${message}\n`);
  return undefined;
}

export function kafkaPeer(): KafkaPeer | undefined {
  const brokers = process.env[PeerEnv.kafkaBrokers];
  const kind = (process.env[PeerEnv.kafkaKind] ?? 'external') as KafkaPeer['kind'];
  const found = brokers
    ? { brokers: brokers.split(','), kind, adminTopics: kind !== 'mock', idempotent: kind !== 'mock' }
    : undefined;
  return resolve('kafka', found, process.env[PeerEnv.kafkaMissing] ?? 'no KAFKA_BROKERS, no Docker, no kcat');
}

export function mongoPeer(): MongoPeer | undefined {
  const url = process.env[PeerEnv.mongoUrl];
  const found = url ? { url, kind: (process.env[PeerEnv.mongoKind] ?? 'external') as MongoPeer['kind'] } : undefined;
  return resolve('mongo', found, process.env[PeerEnv.mongoMissing] ?? 'no MONGO_URL and no Docker engine for testcontainers');
}

/** For peers that are programs on PATH (kannel, pdfsig, chromium): found when the file exists. */
export function programPeer(name: PeerName, path: string, existsCheck: (p: string) => boolean): string | undefined {
  return resolve(name, existsCheck(path) ? path : undefined, `${path} not installed`);
}

/** `describe` when the peer exists, `describe.skip` (after one line saying why) when not. */
export function describeWithPeer<P>(peer: P | undefined, title: string, body: (peer: P) => void): void {
  if (peer === undefined) {
    describe.skip(title, () => {
      it('needs a peer that is missing', () => undefined);
    });
    return;
  }
  describe(title, () => body(peer));
}
