/**
 * A service's own API key for calling another service's integrator API (tracking asks
 * return for a citizen's download link, as the portal would). Nobody has to create it:
 * on first use the service creates a key in the shared key store and keeps the key
 * itself in its own store (its own trust boundary; replicas share it), and uses it from
 * then on. Should it stop verifying (revoked by ops), a new one replaces it. Replicas
 * racing to create one agree on the first stored; the loser revokes its own.
 */
import { type ApiKeys, type NewApiKey } from '@motcua/auth';
import { isAppError } from '@motcua/errors';
import type { CollectionSpec, ServiceStore } from '@motcua/storage';

export const ServiceCredentialsCollection: CollectionSpec = { name: 'service_credentials' };

interface StoredCredential {
  /** The key's integrator id: one credential per purpose. */
  id: string;
  key: string;
  keyId: string;
  createdAt: string;
}

export interface ServiceCredential {
  /** The key to send as X-API-Key. */
  key(): Promise<string>;
  /** The other service refused it (401): it is checked, and replaced if need be, on the next call. */
  refused(): void;
}

export function serviceCredential(store: ServiceStore, apiKeys: ApiKeys, spec: NewApiKey): ServiceCredential {
  const credentials = (tx: Parameters<Parameters<ServiceStore['read']>[0]>[0]) => tx.collection<StoredCredential>(ServiceCredentialsCollection);
  let cached: Promise<string> | undefined;

  const stillValid = async (key: string): Promise<boolean> =>
    apiKeys.verify(key).then(
      () => true,
      (error: unknown) => {
        if (isAppError(error) && error.status === 401) return false;
        throw error;
      },
    );

  const obtain = async (): Promise<string> => {
    const stored = await store.read((tx) => credentials(tx).get(spec.integratorId));
    if (stored && (await stillValid(stored.key))) return stored.key;
    const issued = await apiKeys.create(spec);
    const fresh: StoredCredential = { id: spec.integratorId, key: issued.key, keyId: issued.record.id, createdAt: issued.record.createdAt };
    const winner = await store.unitOfWork.run(async (tx) => {
      const current = await credentials(tx).get(spec.integratorId);
      if (current && current.key !== stored?.key) return current;
      await credentials(tx).upsert(fresh);
      return fresh;
    });
    if (winner !== fresh) await apiKeys.revoke(issued.record.id);
    return winner.key;
  };

  return {
    key: () =>
      (cached ??= obtain().catch((error: unknown) => {
        cached = undefined;
        throw error;
      })),
    refused: () => {
      cached = undefined;
    },
  };
}

/** A key given in configuration: used as it is. */
export const configuredCredential = (key: string): ServiceCredential => ({ key: () => Promise.resolve(key), refused: () => undefined });
