/**
 * A stand-in for a remote-signing provider, speaking the API the remote signer uses
 * (see remote.signer.ts): tests start it on port 0, and a demo can point
 * SIGNING_REMOTE_URL at it. Its credentials are the leaders' keys and certificates
 * issued by the same local CA code the local signer uses (in its own directory), it
 * checks a bearer token, and it signs the hash with node:crypto. Tests tell it to
 * answer a credential as expired or revoked, or to fail the next calls with 5xx, or
 * stop and start it again on the same port.
 */
import { createPrivateKey, privateEncrypt, constants, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import forge from 'node-forge';
import { fromP12, leaderP12File, openLocalSigner, type LeaderIdentity } from './local-p12.signer';

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2): what an RSA PKCS#1 v1.5 signature wraps the hash in. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export type CredentialAnswer = 'valid' | 'expired' | 'revoked';

export interface RemoteSigningSimulator {
  url: string;
  port: number;
  /** The simulator CA's certificate, and its file: trust it to see the signatures as trusted. */
  caCertificatePem: string;
  caCertificatePath: string;
  /** From now on, answers this credential as `answer`. */
  answer(credentialId: string, answer: CredentialAnswer): void;
  /** The next `count` calls (any credential) fail with `status` (503 by default). */
  failNext(count: number, status?: number): void;
  /** Accepts only this token from now on, as after a rotation the caller has not followed. */
  setToken(token: string): void;
  /** signHash calls that produced a signature, per credential. */
  signatures(credentialId: string): number;
  /** Every call received, failed or not. */
  calls: { path: string; credentialId?: string; status: number }[];
  /** Closes the port, as if the provider went down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export interface RemoteSigningSimulatorOptions {
  /** Where its CA and credentials are kept (created on first start). */
  dir: string;
  passphrase: string;
  token: string;
  /** One credential per leader, named by the leader's id. */
  leaders: LeaderIdentity[];
  port?: number;
  host?: string;
  /** The time its certificates are issued at; a test on a fixed clock passes the same one. */
  clock?: () => Date;
}

interface Credential {
  key: KeyObject;
  chain: string[];
}

export async function startRemoteSigningSimulator(options: RemoteSigningSimulatorOptions): Promise<RemoteSigningSimulator> {
  const ca = await openLocalSigner({ dir: options.dir, passphrase: options.passphrase, leaders: options.leaders, clock: options.clock ?? (() => new Date()) });
  const credentials = new Map<string, Credential>();
  for (const leader of options.leaders) {
    const file = leaderP12File(options.dir, leader.id);
    const opened = fromP12(readFileSync(file), options.passphrase, file);
    const der = (certificate: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary').toString('base64');
    credentials.set(leader.id, {
      key: createPrivateKey(forge.pki.privateKeyToPem(opened.key)),
      chain: [opened.certificate, ...opened.chain.filter((c) => c !== opened.certificate)].map(der),
    });
  }
  const answers = new Map<string, CredentialAnswer>();
  const signed = new Map<string, number>();
  const calls: RemoteSigningSimulator['calls'] = [];
  let failures = { count: 0, status: 503 };
  let token = options.token;

  const app = express();
  app.use(express.json({ limit: '64kb' }));
  const reply = (req: Request, res: Response, status: number, body: unknown) => {
    const credentialId = typeof (req.body as { credentialId?: unknown } | undefined)?.credentialId === 'string' ? (req.body as { credentialId: string }).credentialId : undefined;
    calls.push({ path: req.path, ...(credentialId ? { credentialId } : {}), status });
    res.status(status).json(body);
  };
  /** Token, injected failures, then the credential and what it is to answer; undefined once a reply has gone. */
  const admit = (req: Request, res: Response): { id: string; credential: Credential } | undefined => {
    if (failures.count > 0) {
      failures.count -= 1;
      reply(req, res, failures.status, { error: 'temporarily_unavailable', error_description: 'simulated provider failure' });
      return undefined;
    }
    if (req.get('authorization') !== `Bearer ${token}`) {
      reply(req, res, 401, { error: 'invalid_token', error_description: 'the bearer token is missing or wrong' });
      return undefined;
    }
    const id = (req.body as { credentialId?: unknown } | undefined)?.credentialId;
    const credential = typeof id === 'string' ? credentials.get(id) : undefined;
    if (typeof id !== 'string' || !credential) {
      reply(req, res, 404, { error: 'invalid_request', error_description: `no credential ${String(id)}` });
      return undefined;
    }
    return { id, credential };
  };

  app.post('/credentials/info', (req, res) => {
    const admitted = admit(req, res);
    if (!admitted) return;
    reply(req, res, 200, { status: answers.get(admitted.id) ?? 'valid', certificates: admitted.credential.chain });
  });

  app.post('/signatures/signHash', (req, res) => {
    const admitted = admit(req, res);
    if (!admitted) return;
    const answer = answers.get(admitted.id) ?? 'valid';
    if (answer !== 'valid') {
      reply(req, res, 409, { error: answer === 'revoked' ? 'CERT_REVOKED' : 'CERT_EXPIRED', error_description: `the certificate of ${admitted.id} is ${answer}` });
      return;
    }
    const body = req.body as { hashAlgorithm?: unknown; hash?: unknown };
    const hash = typeof body.hash === 'string' ? Buffer.from(body.hash, 'base64') : Buffer.alloc(0);
    if (body.hashAlgorithm !== 'SHA-256' || hash.length !== 32) {
      reply(req, res, 400, { error: 'invalid_request', error_description: 'hashAlgorithm must be SHA-256 and hash its 32 bytes in base64' });
      return;
    }
    const signature = privateEncrypt({ key: admitted.credential.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, hash]));
    signed.set(admitted.id, (signed.get(admitted.id) ?? 0) + 1);
    reply(req, res, 200, { signature: signature.toString('base64'), certificates: admitted.credential.chain });
  });

  let server: Server | undefined;
  let port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer(app);
      listening.once('error', reject);
      listening.listen(port, host, () => {
        port = (listening.address() as AddressInfo).port;
        server = listening;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      const closing = server;
      server = undefined;
      if (!closing) return resolve();
      closing.close((error) => (error ? reject(error) : resolve()));
      closing.closeAllConnections();
    });
  await start();

  return {
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    caCertificatePem: ca.caCertificatePem,
    caCertificatePath: ca.caCertificatePath,
    answer: (credentialId, answer) => answers.set(credentialId, answer),
    failNext: (count, status = 503) => {
      failures = { count, status };
    },
    setToken: (next) => {
      token = next;
    },
    signatures: (credentialId) => signed.get(credentialId) ?? 0,
    calls,
    stop,
    start,
  };
}
