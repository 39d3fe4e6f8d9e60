/**
 * `motcua token`: an officer token for development and tests. In the embedded edition
 * it is signed with the data directory's HS256 development secret, exactly as the
 * running services expect. In the cluster edition officers get their tokens from the
 * identity provider; `--private-key` signs RS256 with a key of your own (a test
 * identity provider whose public key the services were given).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mintOfficerToken, officerRoles, type OfficerRole } from '@motcua/auth';
import { findCentre, loadCatalogue } from '@motcua/catalogue';
import { embeddedJwtSecret, EMBEDDED_TOKEN_AUDIENCE, EMBEDDED_TOKEN_ISSUER, loadRuntimeConfig } from '@motcua/runtime';

export const tokenUsage = `usage: motcua token --role <${officerRoles.join('|')}> --centre <centre-id> [--sub <officer-id>] [--name <text>] [--ttl-hours <h>] [--private-key <pem-file>]
  prints a signed officer token (Authorization: Bearer <token>); default officer: the centre's sample officer of that role`;

export async function tokenCommand(args: string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const fail = (message: string): number => {
    process.stderr.write(`motcua token: ${message}\n${tokenUsage}\n`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { role: { type: 'string' }, centre: { type: 'string' }, sub: { type: 'string' }, name: { type: 'string' }, 'ttl-hours': { type: 'string', default: '12' }, 'private-key': { type: 'string' } },
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  const role = values.role as OfficerRole | undefined;
  if (!role || !officerRoles.includes(role)) return fail(`--role is one of ${officerRoles.join(', ')}`);
  const catalogue = loadCatalogue();
  if (!values.centre || !findCentre(catalogue, values.centre)) return fail(`--centre must name a centre of the catalogue (see GET /v1/centres), not "${values.centre ?? ''}"`);
  const ttlHours = Number(values['ttl-hours']);
  if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 24 * 7) return fail('--ttl-hours takes more than 0 and at most 168');
  const sample = catalogue.officers.find((o) => o.centreId === values.centre && o.role === role);
  const sub = values.sub ?? sample?.id ?? `dev-${role}-${values.centre}`;
  const name = values.name ?? (sub === sample?.id ? sample.name : undefined);

  const config = loadRuntimeConfig();
  const privateKey = values['private-key'];
  if (!privateKey && config.MOTCUA_BUS !== 'embedded') return fail('in the cluster edition officers get tokens from the identity provider; give --private-key to sign with a test identity provider of your own');
  const claims = { sub, role, centre: values.centre, ...(name ? { name } : {}) };
  const token = privateKey
    ? await mintOfficerToken({ kind: 'rs256', privateKeyPem: readFileSync(privateKey, 'utf8') }, claims, {
        ttlSeconds: Math.round(ttlHours * 3600),
        ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
        ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
      })
    : await mintOfficerToken({ kind: 'hs256', secret: embeddedJwtSecret(config) }, claims, {
        ttlSeconds: Math.round(ttlHours * 3600),
        issuer: config.AUTH_JWT_ISSUER ?? EMBEDDED_TOKEN_ISSUER,
        audience: config.AUTH_JWT_AUDIENCE ?? EMBEDDED_TOKEN_AUDIENCE,
      });
  write(`${token}\n`);
  return 0;
}
