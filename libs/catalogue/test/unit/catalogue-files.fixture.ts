/**
 * Test helper: writes a catalogue folder from plain objects, one entry per line like
 * the shipped officers file, and tells the line each entry landed on, so tests can
 * check the `file:line` an error names. Starts from a copy of the shipped data.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalogueDir } from '@motcua/catalogue';

export type Entry = Record<string, unknown>;
export type FileName = 'procedures' | 'centres' | 'officers';

export interface CatalogueFiles {
  procedures: Entry;
  centres: Entry;
  officers: Entry;
}

/** The shipped data, parsed afresh so each test may change it freely. */
export function shippedFiles(): CatalogueFiles {
  const read = (name: FileName) => JSON.parse(readFileSync(join(defaultCatalogueDir, `${name}.json`), 'utf8')) as Entry;
  return { procedures: read('procedures'), centres: read('centres'), officers: read('officers') };
}

/** Entries of the file's list (`procedures`, `centres` or `officers`). */
export function entries(files: CatalogueFiles, name: FileName): Entry[] {
  return files[name][name] as Entry[];
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the three files into `dir`; returns the 1-based line of entry `index` of each file's list. */
export function writeFiles(dir: string, files: CatalogueFiles): { path: (name: FileName) => string; lineOf: (name: FileName, index: number) => number } {
  const firstEntryLine: Partial<Record<FileName, number>> = {};
  for (const name of ['procedures', 'centres', 'officers'] as const) {
    const { [name]: list, ...header } = files[name];
    const headerLines = Object.entries(header).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    const items = (list as Entry[]).map((item, i, all) => `    ${JSON.stringify(item)}${i < all.length - 1 ? ',' : ''}`);
    const lines = ['{', ...headerLines, `  ${JSON.stringify(name)}: [`, ...items, '  ]', '}'];
    firstEntryLine[name] = headerLines.length + 3;
    writeFileSync(join(dir, `${name}.json`), lines.join('\n'));
  }
  return { path: (name) => join(dir, `${name}.json`), lineOf: (name, index) => (firstEntryLine[name] ?? 0) + index };
}
