/**
 * The demo dossier (sample data) a fresh system gets so there is something to look
 * at: `motcua start` submits it on a first start, and `motcua demo` submits it to
 * running services (Docker Compose runs it once after intake and tracking are up).
 */
import { loadRuntimeConfig, openApiKeys } from '@motcua/runtime';

/** A birth registration at the Phong Mỹ satellite point of Phong Điền: it waits there, RECEIVED, for a courier round. */
export const demoDossier = {
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  receptionPointId: 'pdn-phong-my',
  submissionChannel: 'counter',
  applicant: { fullName: 'Nguyễn Văn An (dữ liệu mẫu)', idNumber: '046090000001', phone: '0900000001' },
  documents: [
    { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
    { code: 'GCS', name: 'Giấy chứng sinh' },
  ],
  returnChannel: { type: 'counter' },
};

/** The same key on every run: a second run within intake's IDEMPOTENCY_TTL_HOURS gets the first answer back. */
const DEMO_IDEMPOTENCY_KEY = 'motcua-demo-dossier';

/** Submits as the portal (`auth`: its X-API-Key). */
export async function seedDemo(intakeUrl: string, auth: Record<string, string>): Promise<{ code: string }> {
  const response = await fetch(`${intakeUrl}/v1/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': DEMO_IDEMPOTENCY_KEY, ...auth },
    body: JSON.stringify(demoDossier),
  });
  if (response.status !== 201) throw new Error(`demo dossier refused: ${response.status} ${await response.text()}`);
  return (await response.json()) as { code: string };
}

const demoUsage = 'usage: motcua demo [--intake-url <url>] [--tracking-url <url>] [--api-key <key>]';

export interface DemoArgs {
  intakeUrl: string;
  trackingUrl: string;
  /** The portal key to submit with; without one (nor MOTCUA_API_KEY) a key is created in the deployment's key store. */
  apiKey?: string;
}

export function parseDemoArgs(args: string[]): DemoArgs {
  const parsed: DemoArgs = { intakeUrl: 'http://localhost:8081', trackingUrl: 'http://localhost:8086' };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = args[(i += 1)];
    if (arg === '--api-key' && value) {
      parsed.apiKey = value;
      continue;
    }
    if (value === undefined || !/^https?:\/\/\S+$/.test(value)) throw new Error(`${arg ?? ''} needs an http(s) URL\n${demoUsage}`);
    if (arg === '--intake-url') parsed.intakeUrl = value.replace(/\/$/, '');
    else if (arg === '--tracking-url') parsed.trackingUrl = value.replace(/\/$/, '');
    else throw new Error(`unknown option "${arg}"\n${demoUsage}`);
  }
  return parsed;
}

/**
 * A key for the demo seeder, created in the deployment's key store (same settings as the
 * services): scoped to the demo dossier's centre.
 */
async function demoSeederKey(): Promise<string> {
  const { apiKeys, close } = await openApiKeys(loadRuntimeConfig());
  try {
    const issued = await apiKeys.create({ integratorId: 'demo-seeder', name: 'motcua demo (sample dossier)', centres: [demoDossier.centreId], operations: ['dossiers:write', 'dossiers:read'] });
    return issued.key;
  } finally {
    await close();
  }
}

/** Submits the demo dossier unless tracking already shows a dossier (the system is not new). */
export async function demoCommand(args: string[]): Promise<number> {
  let options: DemoArgs;
  try {
    options = parseDemoArgs(args);
  } catch (error) {
    process.stderr.write(`motcua demo: ${(error as Error).message}\n`);
    return 2;
  }
  const auth = { 'x-api-key': options.apiKey || process.env['MOTCUA_API_KEY'] || (await demoSeederKey()) };
  const existing = await fetch(`${options.trackingUrl}/v1/dossiers?limit=1`, { headers: auth });
  if (!existing.ok) throw new Error(`tracking answered ${existing.status} at ${options.trackingUrl}/v1/dossiers`);
  const { total } = (await existing.json()) as { total: number };
  if (total > 0) {
    process.stdout.write(`tracking already shows ${total} dossier(s): no demo dossier submitted\n`);
    return 0;
  }
  const demo = await seedDemo(options.intakeUrl, auth);
  process.stdout.write(`demo dossier ${demo.code} (sample data): ${options.trackingUrl}/v1/dossiers/${demo.code}/timeline\n`);
  return 0;
}
