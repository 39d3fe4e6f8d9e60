/**
 * `motcua openapi [--out <dir>]`: writes each service's OpenAPI document, as the
 * service serves it at /openapi.json with the default settings, to `<dir>/<service>.json`
 * (docs/openapi by default). A test keeps the checked-in copies equal to these.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServiceName } from '@motcua/contracts';
import { startThrowawayEdition } from './throwaway-edition';

/** The documents as checked in: two-space JSON and a final newline. */
export const openApiFileText = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

export async function openApiDocuments(): Promise<Map<ServiceName, unknown>> {
  const edition = await startThrowawayEdition();
  try {
    const documents = new Map<ServiceName, unknown>();
    for (const service of edition.services) {
      const response = await fetch(`${service.url}/openapi.json`);
      if (response.status !== 200) throw new Error(`${service.name} answered ${response.status} for /openapi.json`);
      documents.set(service.name, await response.json());
    }
    return documents;
  } finally {
    await edition.stop();
  }
}

export async function openApiCommand(args: string[]): Promise<number> {
  const at = args.indexOf('--out');
  const dir = resolve(at >= 0 && args[at + 1] ? args[at + 1]! : join('docs', 'openapi'));
  mkdirSync(dir, { recursive: true });
  for (const [name, document] of await openApiDocuments()) {
    writeFileSync(join(dir, `${name}.json`), openApiFileText(document));
    process.stdout.write(`wrote ${join(dir, `${name}.json`)}\n`);
  }
  return 0;
}
