/**
 * `motcua keys`: integrators' API keys in the deployment's key store (the same settings
 * as the services: the embedded file, `auth.db` beside per-service SQLite files, or
 * MongoDB). A key is printed once, when created or rotated; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { integratorOperations, type IntegratorOperation } from '@motcua/auth';
import { findCentre, loadCatalogue } from '@motcua/catalogue';
import { loadRuntimeConfig, openApiKeys } from '@motcua/runtime';

export const keysUsage = `usage:
  motcua keys create --integrator <id> --name <text> [--centres all|<id,id…>] [--operations all|<op,op…>] [--rate <per-minute>]
  motcua keys list [--integrator <id>]
  motcua keys rotate <key-id> [--grace-hours <h>]     (the old key keeps working this long; default 24, 0: at once)
  motcua keys revoke <key-id>
operations: ${integratorOperations.join(', ')}`;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function centresOf(value: string | undefined): string[] | 'all' {
  if (value === undefined || value === 'all') return 'all';
  const catalogue = loadCatalogue();
  const centres = list(value);
  const unknown = centres.filter((id) => !findCentre(catalogue, id));
  if (unknown.length > 0) throw new Error(`unknown centre(s): ${unknown.join(', ')} (see GET /v1/centres)`);
  return centres;
}

function operationsOf(value: string | undefined): IntegratorOperation[] {
  if (value === undefined || value === 'all') return [...integratorOperations];
  const operations = list(value);
  const unknown = operations.filter((op) => !(integratorOperations as readonly string[]).includes(op));
  if (unknown.length > 0) throw new Error(`unknown operation(s): ${unknown.join(', ')}; one or more of ${integratorOperations.join(', ')}`);
  return operations as IntegratorOperation[];
}

export async function keysCommand(args: string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [action, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        integrator: { type: 'string' },
        name: { type: 'string' },
        centres: { type: 'string' },
        operations: { type: 'string' },
        rate: { type: 'string' },
        'grace-hours': { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`motcua keys: ${(error as Error).message}\n${keysUsage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const usageError = (message: string): number => {
    process.stderr.write(`motcua keys: ${message}\n${keysUsage}\n`);
    return 2;
  };
  if (action !== 'create' && action !== 'list' && action !== 'rotate' && action !== 'revoke') return usageError(action ? `unknown action "${action}"` : 'which action?');
  if ((action === 'rotate' || action === 'revoke') && positionals.length !== 1) return usageError(`${action} takes one key id`);
  if (action === 'create' && (!values.integrator || !values.name)) return usageError('create needs --integrator and --name');
  let centres: string[] | 'all' = 'all';
  let operations: IntegratorOperation[] = [];
  let rate: number | undefined;
  let graceHours = 24;
  try {
    if (action === 'create') {
      centres = centresOf(values.centres);
      operations = operationsOf(values.operations);
      if (values.rate !== undefined) rate = Number(values.rate);
    }
    if (values['grace-hours'] !== undefined) {
      graceHours = Number(values['grace-hours']);
      if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > 24 * 30) throw new Error('--grace-hours takes 0 to 720');
    }
  } catch (error) {
    return usageError((error as Error).message);
  }

  const { apiKeys, close } = await openApiKeys(loadRuntimeConfig());
  try {
    switch (action) {
      case 'create': {
        const issued = await apiKeys.create({ integratorId: values.integrator as string, name: values.name as string, centres, operations, ...(rate === undefined ? {} : { ratePerMinute: rate }) });
        write(`${JSON.stringify(issued.record)}\n`);
        write(`key (shown once, keep it secret; send it as X-API-Key): ${issued.key}\n`);
        return 0;
      }
      case 'list':
        for (const key of await apiKeys.list(values.integrator ? { integratorId: values.integrator } : {})) write(`${JSON.stringify(key)}\n`);
        return 0;
      case 'rotate': {
        const issued = await apiKeys.rotate(positionals[0] as string, graceHours * 3_600_000);
        write(`${JSON.stringify(issued.record)}\n`);
        write(`new key (shown once; the old one works until ${issued.record.previousValidUntil}): ${issued.key}\n`);
        return 0;
      }
      case 'revoke': {
        const record = await apiKeys.revoke(positionals[0] as string);
        write(`${JSON.stringify(record)}\n`);
        return 0;
      }
    }
  } finally {
    await close();
  }
}
