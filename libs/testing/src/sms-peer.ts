/**
 * The `sms` peer: real Kannel (Debian `kannel`: bearerbox + smsbox with the HTTP
 * sendsms interface) and its fake SMS centre (`kannel-extras`:
 * /usr/lib/kannel/test/fakesmsc), started per test file on free ports from a
 * kannel.conf written into a temporary directory. What fakesmsc receives is read
 * back from its output, UCS-2 decoded, so a test sees the text a phone would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programPeer } from './peers';
import { waitFor } from './wait-for';

export interface SmsPeer {
  bearerbox: string;
  smsbox: string;
  fakesmsc: string;
}

const programs: SmsPeer = { bearerbox: '/usr/sbin/bearerbox', smsbox: '/usr/sbin/smsbox', fakesmsc: '/usr/lib/kannel/test/fakesmsc' };

/** The Kannel programs, or undefined after one line saying which is missing (a failure when MOTCUA_REQUIRE_PEERS includes `sms`). */
export function smsPeer(): SmsPeer | undefined {
  const missing = Object.values(programs).find((path) => !existsSync(path));
  if (missing) return programPeer('sms', missing, existsSync) ? programs : undefined;
  return programs;
}

export interface FakeSmscMessage {
  from: string;
  to: string;
  /** `text` (GSM-7/8-bit) or `ucs-2`, as fakesmsc names the coding. */
  coding: string;
  /** Decoded and, for a concatenated message, reassembled: the text a handset shows. */
  text: string;
  /** SMS parts it arrived in. */
  parts: number;
}

export interface KannelFixture {
  /** smsbox's sendsms endpoint. */
  sendsmsUrl: string;
  username: string;
  password: string;
  /** Every message the fake SMSC received, across gateway restarts. */
  received(): FakeSmscMessage[];
  /** bearerbox's admin interface (`store-status.xml`, `status.xml`) and its password. */
  adminUrl: string;
  adminPassword: string;
  /** Stops bearerbox, smsbox and fakesmsc (a gateway outage); `start()` brings them back on the same ports. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops only the fake SMS centre (the SMSC link down): Kannel takes messages and keeps them in its store; `smscUp()` brings it back. */
  smscDown(): Promise<void>;
  smscUp(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now (for a peer whose address must be known before it starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** fakesmsc's URL encoding (with '+' for a space) back to bytes. */
function urlBytes(data: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i += 1) {
    const ch = data[i] as string;
    if (ch === '%') {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch === '+' ? 0x20 : ch.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

const utf16be = (bytes: Buffer): string => Buffer.from(bytes).swap16().toString('utf16le');

/** fakesmsc prints UCS-2 as URL-encoded UTF-16BE bytes. */
export function decodeFakeSmscText(coding: string, data: string): string {
  return coding === 'ucs-2' ? utf16be(urlBytes(data)) : data;
}

/**
 * Reads fakesmsc's "Got message" lines: single messages as `<from> <to> <coding> <data>`,
 * parts of a concatenated one as `<from> <to> udh <udh> data <data>`, reassembled by
 * the concatenation header (reference, total, sequence). fakesmsc does not print a
 * part's coding: a NUL byte means UTF-16 (Kannel hands 7-bit text over as Latin-1, '@' as 0x40).
 */
export function fakeSmscReader(onMessage: (message: FakeSmscMessage) => void): (line: string) => void {
  const pending = new Map<string, { total: number; parts: Map<number, Buffer> }>();
  return (line) => {
    const part = /Got message \d+: <(\S+) (\S+) udh (\S+) data (\S*)>\s*$/.exec(line);
    if (part) {
      const [, from, to, udh, data] = part as unknown as [string, string, string, string, string];
      const header = urlBytes(udh);
      // 05 00 03 ref total seq: the 8-bit concatenation element.
      const [ref, total, seq] = [header[3] ?? 0, header[4] ?? 1, header[5] ?? 1];
      const key = `${from} ${to} ${ref}`;
      const entry = pending.get(key) ?? { total, parts: new Map<number, Buffer>() };
      entry.parts.set(seq, urlBytes(data));
      pending.set(key, entry);
      if (entry.parts.size < entry.total) return;
      pending.delete(key);
      const bytes = Buffer.concat([...entry.parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => b));
      const ucs2 = bytes.includes(0);
      onMessage({ from, to, coding: ucs2 ? 'ucs-2' : 'text', text: ucs2 ? utf16be(bytes) : bytes.toString('latin1'), parts: entry.total });
      return;
    }
    const single = /Got message \d+: <(\S+) (\S+) (\S+) ?(.*)>\s*$/.exec(line);
    if (single) onMessage({ from: single[1] as string, to: single[2] as string, coding: single[3] as string, text: decodeFakeSmscText(single[3] as string, single[4] as string), parts: 1 });
  };
}

const ADMIN_PASSWORD = 'motcua-admin';

function kannelConf(dir: string, ports: { admin: number; smsbox: number; smsc: number; sendsms: number }, user: { username: string; password: string }): string {
  return `group = core
admin-port = ${ports.admin}
admin-password = ${ADMIN_PASSWORD}
admin-interface = 127.0.0.1
smsbox-port = ${ports.smsbox}
box-allow-ip = 127.0.0.1
log-level = 1
log-file = "${dir}/bearerbox.log"
store-type = spool
store-location = "${dir}/spool"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = ${ports.smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.sendsms}
sendsms-interface = 127.0.0.1
log-level = 1
log-file = "${dir}/smsbox.log"
# A delivery report whose dlr-url fails (the notifier restarting) is tried again, as in production.
http-request-retry = 30
http-queue-delay = 1

group = sendsms-user
username = ${user.username}
password = ${user.password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
text = "no service"
catch-all = yes
omit-empty = true
`;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startKannel(peer: SmsPeer, options: { timeoutMs?: number } = {}): Promise<KannelFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-kannel-'));
  mkdirSync(join(dir, 'spool'));
  const ports = { admin: await freePort(), smsbox: await freePort(), smsc: await freePort(), sendsms: await freePort() };
  const user = { username: 'motcua', password: 'motcua-test-secret' };
  const conf = join(dir, 'kannel.conf');
  writeFileSync(conf, kannelConf(dir, ports, user));
  const received: FakeSmscMessage[] = [];
  let children: ChildProcess[] = [];
  const timeoutMs = options.timeoutMs ?? 20_000;

  const status = async (): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${ports.admin}/status.txt?password=${ADMIN_PASSWORD}`);
    return response.text();
  };

  let fakesmsc: ChildProcess | undefined;
  const startFakeSmsc = (): ChildProcess => {
    // -m 0: no mobile-originated messages, only print what the SMSC receives.
    const child = spawn(peer.fakesmsc, ['-H', '127.0.0.1', '-r', String(ports.smsc), '-i', '1', '-m', '0', '1 2 text nop'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    const read = fakeSmscReader((message) => received.push(message));
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(read);
    });
    fakesmsc = child;
    return child;
  };
  const smscOnline = async (): Promise<boolean> => /FAKE:\d+ \(online/.test(await status());

  const start = async (): Promise<void> => {
    const bearerbox = spawn(peer.bearerbox, [conf], { cwd: dir, stdio: 'ignore' });
    children = [bearerbox];
    await waitFor(async () => (await status()).includes('running'), { timeoutMs, what: 'bearerbox admin status' });
    const smsbox = spawn(peer.smsbox, [conf], { cwd: dir, stdio: 'ignore' });
    children.push(smsbox, startFakeSmsc());
    // Ready: the fake SMSC is online in bearerbox and smsbox answers sendsms (401 without credentials).
    await waitFor(
      async () => {
        const text = await status();
        return /FAKE:\d+ \(online/.test(text) && !text.includes('No boxes connected') && (await fetch(`http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`)).status > 0;
      },
      {
      timeoutMs,
        what: 'kannel smsbox and the fake SMSC online',
      },
    );
  };

  const smscDown = async (): Promise<void> => {
    const child = fakesmsc;
    children = children.filter((c) => c !== child);
    if (child) await stopChild(child);
    await waitFor(async () => !(await smscOnline()), { timeoutMs, what: 'the fake SMSC offline in bearerbox' });
  };

  const smscUp = async (): Promise<void> => {
    children.push(startFakeSmsc());
    await waitFor(smscOnline, { timeoutMs, what: 'the fake SMSC online in bearerbox' });
  };

  const stop = async (): Promise<void> => {
    const running = children;
    children = [];
    await Promise.all(running.reverse().map(stopChild));
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    sendsmsUrl: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    ...user,
    adminUrl: `http://127.0.0.1:${ports.admin}`,
    adminPassword: ADMIN_PASSWORD,
    received: () => [...received],
    stop,
    start,
    smscDown,
    smscUp,
  };
}
