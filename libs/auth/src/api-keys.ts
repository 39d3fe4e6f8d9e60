/**
 * Integrator API keys: created, listed, rotated and revoked by `motcua keys`, checked on
 * every request that carries `X-API-Key`.
 *
 * A key reads `mck_<id>_<secret>`: the id finds the record, the secret is 32 random
 * bytes of which only the SHA-256 is stored. A slow password hash (scrypt, bcrypt) is
 * for guessable secrets; 256 random bits cannot be guessed, and the check runs on every
 * call. Rotation issues a new secret under the same id; the old one keeps working for
 * a grace period so the integrator can redeploy without an outage. Revocation is
 * immediate: every check reads the store.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@motcua/errors';
import type { CollectionSpec, ServiceStore } from '@motcua/storage';
import { AuthErrors } from './auth.errors';
import { integratorOperations, type IntegratorOperation, type IntegratorPrincipal } from './principal';

export interface ApiKeyRecord {
  /** The public half of the key (`mck_<id>_…`). */
  id: string;
  integratorId: string;
  /** What the key is for, e.g. "national portal, production". */
  name: string;
  /** SHA-256 (hex) of the current secret. */
  secretHash: string;
  centres: string[] | 'all';
  operations: IntegratorOperation[];
  /** Requests per minute allowed, per service process. */
  ratePerMinute: number;
  createdAt: string;
  rotatedAt?: string;
  /** The secret before the last rotation, accepted until `previousValidUntil`. */
  previousSecretHash?: string;
  previousValidUntil?: string;
  revokedAt?: string;
}

/** What `motcua keys list` shows: no hashes. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'secretHash' | 'previousSecretHash'>;

export const ApiKeysCollection: CollectionSpec = { name: 'api_keys', indexes: [{ fields: ['integratorId'] }] };

/** The store (`auth`) the keys live in: shared by every service, see the runtime's openAuthStore. */
export const AUTH_STORE_NAME = 'auth';

export const API_KEY_HEADER = 'x-api-key';
const KEY_PATTERN = /^mck_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
const DEFAULT_RATE_PER_MINUTE = 600;

export interface NewApiKey {
  integratorId: string;
  name: string;
  centres: string[] | 'all';
  operations: IntegratorOperation[];
  ratePerMinute?: number;
}

export interface IssuedKey {
  /** The key itself: shown once, never stored. */
  key: string;
  record: ApiKeySummary;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const sameHash = (a: string, b: string): boolean => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
const newSecret = (): string => randomBytes(32).toString('base64url');

export function summaryOf(record: ApiKeyRecord): ApiKeySummary {
  const { secretHash: _secret, previousSecretHash: _previous, ...summary } = record;
  return summary;
}

const badInput = (message: string): AppError => new AppError('AUTH.API_KEY_INPUT_INVALID', 'validation', message);

function checkNewKey(input: NewApiKey): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.integratorId)) throw badInput('integrator id: 1–64 letters, digits, dot, dash or underscore');
  if (input.name.trim().length === 0 || input.name.length > 200) throw badInput('name: 1–200 characters');
  if (input.centres !== 'all' && (input.centres.length === 0 || input.centres.some((c) => !/^[A-Za-z0-9._-]{1,64}$/.test(c)))) throw badInput('centres: `all` or a list of centre ids');
  if (input.operations.length === 0 || input.operations.some((op) => !(integratorOperations as readonly string[]).includes(op))) {
    throw badInput(`operations: one or more of ${integratorOperations.join(', ')}`);
  }
  if (input.ratePerMinute !== undefined && (!Number.isInteger(input.ratePerMinute) || input.ratePerMinute < 1 || input.ratePerMinute > 100_000)) throw badInput('rate per minute: an integer from 1 to 100000');
}

export class ApiKeys {
  constructor(
    private readonly store: ServiceStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: NewApiKey): Promise<IssuedKey> {
    checkNewKey(input);
    const id = randomBytes(8).toString('hex');
    const secret = newSecret();
    const record: ApiKeyRecord = {
      id,
      integratorId: input.integratorId,
      name: input.name.trim(),
      secretHash: sha256(secret),
      centres: input.centres === 'all' ? 'all' : [...new Set(input.centres)],
      operations: [...new Set(input.operations)],
      ratePerMinute: input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
      createdAt: this.now().toISOString(),
    };
    await this.store.unitOfWork.run((tx) => tx.collection<ApiKeyRecord>(ApiKeysCollection).insert(record));
    return { key: `mck_${id}_${secret}`, record: summaryOf(record) };
  }

  async list(filter: { integratorId?: string } = {}): Promise<ApiKeySummary[]> {
    const records = await this.store.read((tx) =>
      tx.collection<ApiKeyRecord>(ApiKeysCollection).find(filter.integratorId ? { integratorId: filter.integratorId } : {}, { sort: [{ field: 'createdAt', direction: 'asc' }] }),
    );
    return records.map(summaryOf);
  }

  /** A new secret for the key; the old one works `graceMs` longer (0: refused at once). */
  async rotate(id: string, graceMs: number): Promise<IssuedKey> {
    const secret = newSecret();
    const record = await this.change(id, (current, at) => {
      if (current.revokedAt) throw new AppError(AuthErrors.API_KEY_REVOKED, 'conflict', `key ${id} is revoked; create a new one`);
      return {
        ...current,
        secretHash: sha256(secret),
        rotatedAt: at.toISOString(),
        previousSecretHash: current.secretHash,
        previousValidUntil: new Date(at.getTime() + Math.max(0, graceMs)).toISOString(),
      };
    });
    return { key: `mck_${id}_${secret}`, record: summaryOf(record) };
  }

  /** Refused from the next request on, by every service. Revoking twice is harmless. */
  async revoke(id: string): Promise<ApiKeySummary> {
    return summaryOf(await this.change(id, (current, at) => (current.revokedAt ? current : { ...current, revokedAt: at.toISOString() })));
  }

  /** The integrator a presented key stands for; throws 401 for anything else. */
  async verify(presented: string): Promise<IntegratorPrincipal & { ratePerMinute: number }> {
    const match = KEY_PATTERN.exec(presented.trim());
    const refused = (code: string, message: string) => new AppError(code, 'unauthorized', message);
    if (!match) throw refused(AuthErrors.API_KEY_INVALID, 'the API key is malformed (expected mck_<id>_<secret>)');
    const [, id, secret] = match as unknown as [string, string, string];
    const record = await this.store.read((tx) => tx.collection<ApiKeyRecord>(ApiKeysCollection).get(id));
    if (!record) throw refused(AuthErrors.API_KEY_INVALID, 'the API key is not known');
    const hash = sha256(secret);
    const now = this.now().toISOString();
    const current = sameHash(hash, record.secretHash);
    const previous = !current && record.previousSecretHash !== undefined && record.previousValidUntil !== undefined && record.previousValidUntil > now && sameHash(hash, record.previousSecretHash);
    if (!current && !previous) throw refused(AuthErrors.API_KEY_INVALID, 'the API key is not known (or was replaced by a rotation)');
    if (record.revokedAt) throw refused(AuthErrors.API_KEY_REVOKED, `the API key ${id} was revoked`);
    return { kind: 'integrator', keyId: id, integratorId: record.integratorId, centres: record.centres, operations: record.operations, ratePerMinute: record.ratePerMinute };
  }

  private async change(id: string, update: (current: ApiKeyRecord, at: Date) => ApiKeyRecord): Promise<ApiKeyRecord> {
    return this.store.unitOfWork.run(async (tx) => {
      const keys = tx.collection<ApiKeyRecord>(ApiKeysCollection);
      const current = await keys.get(id);
      if (!current) throw new AppError(AuthErrors.API_KEY_NOT_FOUND, 'not_found', `no API key ${id}`);
      const next = update(current, this.now());
      if (next !== current) await keys.replace(next);
      return next;
    });
  }
}
