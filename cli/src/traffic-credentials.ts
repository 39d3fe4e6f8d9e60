/**
 * What simulated people present to the APIs: each officer their own token (role and
 * centre of their sample-catalogue record), the portal its API key. The demo mints
 * tokens with the embedded edition's development key; the chaos run and the benchmark
 * with the test identity provider their services trust.
 */
import { findOfficer, type Catalogue } from '@motcua/catalogue';
import type { OfficerClaims } from '@motcua/auth';
import { integratorHeadersFor, testOfficerToken } from '@motcua/testing';

export interface TrafficCredentials {
  /** Headers of an officer of the sample catalogue, by id. */
  officer(id: string): Promise<Record<string, string>>;
  /** Headers of the portal: an integrator key for every centre. */
  portal(): Promise<Record<string, string>>;
  /** The officer who looks through the queues for work (ops read every centre). */
  readerId: string;
}

/** Tokens are minted for this long and minted again when less than a tenth of it is left. */
const TOKEN_TTL_SECONDS = 12 * 3600;

export function mintingCredentials(options: { catalogue: Catalogue; mint: (claims: OfficerClaims, ttlSeconds: number) => Promise<string>; portalHeaders: () => Promise<Record<string, string>> }): TrafficCredentials {
  const tokens = new Map<string, { token: Promise<string>; renewAt: number }>();
  const ops = options.catalogue.officers.find((o) => o.role === 'ops');
  if (!ops) throw new Error('the catalogue has no ops officer to read the queues with');
  return {
    readerId: ops.id,
    portal: options.portalHeaders,
    async officer(id) {
      let entry = tokens.get(id);
      if (!entry || entry.renewAt < Date.now()) {
        const record = findOfficer(options.catalogue, id);
        if (!record) throw new Error(`no sample officer ${id}`);
        entry = { token: options.mint({ sub: record.id, role: record.role, centre: record.centreId, name: record.name }, TOKEN_TTL_SECONDS), renewAt: Date.now() + TOKEN_TTL_SECONDS * 900 };
        tokens.set(id, entry);
      }
      return { authorization: `Bearer ${await entry.token}` };
    },
  };
}

/**
 * For editions started by @motcua/testing's helpers (the chaos run, the benchmark): tokens
 * of the test identity provider those services trust, and the portal key registered for them.
 */
export function testIdentityCredentials(catalogue: Catalogue, intakeUrl: () => string): TrafficCredentials {
  return mintingCredentials({
    catalogue,
    mint: (claims, ttlSeconds) => testOfficerToken(claims, { ttlSeconds }),
    portalHeaders: () => Promise.resolve(integratorHeadersFor(intakeUrl())),
  });
}
