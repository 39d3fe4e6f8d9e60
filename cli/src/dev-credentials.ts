/**
 * The embedded edition's development credentials, printed at `motcua start` so that
 * nothing runs open and a newcomer can still use everything at once: a token for each
 * officer role (sample officers, HS256 with the data directory's development secret)
 * and a portal API key kept in the data directory. Never in the cluster edition, where
 * officers sign in through the identity provider and keys come from `motcua keys`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { integratorOperations, mintOfficerToken, type OfficerClaims, type SigningKey } from '@motcua/auth';
import type { Catalogue, Officer } from '@motcua/catalogue';
import { EMBEDDED_TOKEN_AUDIENCE, EMBEDDED_TOKEN_ISSUER, type AuthSetup, type RuntimeConfig } from '@motcua/runtime';
import { mintingCredentials, type TrafficCredentials } from './traffic-credentials';

/** The centre whose sample officers get a printed token (the demo dossier's). */
export const DEV_CENTRE = 'hue-phong-dien';
const DEV_ROLES: Officer['role'][] = ['reception', 'specialist', 'leader', 'courier'];
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

export interface DevelopmentCredentials {
  apiKey: string;
  tokens: { officer: Officer; token: string }[];
  /** For the demo traffic: any sample officer's token, the portal key. */
  traffic: TrafficCredentials;
}

/** Mints with the embedded edition's key and the issuer and audience its services expect. */
export function embeddedMinter(config: RuntimeConfig, signingKey: SigningKey): (claims: OfficerClaims, ttlSeconds: number) => Promise<string> {
  return (claims, ttlSeconds) =>
    mintOfficerToken(signingKey, claims, { ttlSeconds, issuer: config.AUTH_JWT_ISSUER ?? EMBEDDED_TOKEN_ISSUER, audience: config.AUTH_JWT_AUDIENCE ?? EMBEDDED_TOKEN_AUDIENCE });
}

/** The development portal key: the one in the data directory while it still verifies, else a new one written there (owner-only). */
async function developmentApiKey(config: RuntimeConfig, auth: AuthSetup): Promise<string> {
  const file = join(resolve(config.MOTCUA_DATA_DIR), 'dev-api-key');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    const valid = await auth.apiKeys.verify(kept).then(
      () => true,
      () => false,
    );
    if (valid) return kept;
  }
  const { key } = await auth.apiKeys.create({ integratorId: 'dev-portal', name: 'development portal (embedded edition)', centres: 'all', operations: [...integratorOperations] });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

export async function developmentCredentials(config: RuntimeConfig, auth: AuthSetup, catalogue: Catalogue): Promise<DevelopmentCredentials> {
  if (!auth.signingKey) throw new Error('development credentials exist only in the embedded edition (HS256 development key)');
  const mint = embeddedMinter(config, auth.signingKey);
  const apiKey = await developmentApiKey(config, auth);
  const officers = [
    ...catalogue.officers.filter((o) => o.role === 'ops').slice(0, 1),
    ...DEV_ROLES.map((role) => catalogue.officers.find((o) => o.centreId === DEV_CENTRE && o.role === role)).filter((o): o is Officer => o !== undefined),
  ];
  const tokens = await Promise.all(
    officers.map(async (officer) => ({ officer, token: await mint({ sub: officer.id, role: officer.role, centre: officer.centreId, name: officer.name }, DEV_TOKEN_TTL_SECONDS) })),
  );
  return { apiKey, tokens, traffic: mintingCredentials({ catalogue, mint, portalHeaders: async () => ({ 'x-api-key': apiKey }) }) };
}

/** The lines `motcua start` prints. */
export function describeCredentials(credentials: DevelopmentCredentials, consoleUrl: string): string[] {
  const ops = credentials.tokens.find((t) => t.officer.role === 'ops');
  return [
    '  development credentials (embedded edition; sample officers, tokens valid 12 h):',
    ...(ops ? [`    ops console, signed in as ${ops.officer.id}: ${consoleUrl}#token=${ops.token}`] : []),
    '    officer tokens (Authorization: Bearer <token>):',
    ...credentials.tokens.map((t) => `      ${t.officer.role.padEnd(10)} ${t.officer.id.padEnd(22)} ${t.token}`),
    `    portal API key (X-API-Key): ${credentials.apiKey}`,
    '    more: npx motcua token --role <role> --centre <centre-id>; keys: npx motcua keys create …',
  ];
}
