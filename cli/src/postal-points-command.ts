/**
 * `motcua postal-points import <file.csv|file.json> [--out path]`: checks the postal
 * operator's list of public postal points row by row and, only when every row is
 * good, writes it as the registry file the notifier loads (the shipped sample by
 * default). A CSV has the header
 * `code,name,address,communeCentreId,openingHours,lat,lon`; a JSON file is either a
 * registry file or a bare array of points.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { defaultPostalPointsFile, findPostalPointProblems, loadCatalogue, parseLocatedJson, type PostalPoint } from '@motcua/catalogue';

/** `coordinates.lat` for `['coordinates', 'lat']`; `(row)` for the row itself. */
const formatPathOf = (path: (string | number)[]): string =>
  path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '') || '(row)';

export const CSV_COLUMNS = ['code', 'name', 'address', 'communeCentreId', 'openingHours', 'lat', 'lon'] as const;

/** A row as read, and where it was in the input (a CSV line, or a JSON line). */
interface Row {
  point: unknown;
  line: number;
}

function number(text: string | undefined): number | string | undefined {
  if (text === undefined || text === '') return undefined;
  return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : text;
}

export function readCsvRows(text: string): Row[] {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false }) as { record: Record<string, string>; info: { lines: number } }[];
  const header = Object.keys(records[0]?.record ?? {});
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0) throw new Error(`line 1: the header lacks ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`);
  return records.map(({ record, info }) => {
    const { lat, lon, ...rest } = record;
    // Unknown columns stay in the row, so the check names them instead of dropping them silently.
    const point: Record<string, unknown> = { ...rest, coordinates: { lat: number(lat), lon: number(lon) } };
    for (const key of Object.keys(point)) if (point[key] === '') delete point[key];
    return { point, line: info.lines };
  });
}

export function readJsonRows(file: string, text: string): { rows: Row[]; lineOf: (index: number, path: (string | number)[]) => number } {
  const located = parseLocatedJson(file, text);
  const bare = Array.isArray(located.data);
  const list = bare ? (located.data as unknown[]) : (located.data as { points?: unknown }).points;
  if (!Array.isArray(list)) throw new Error(`${file}: expected an array of postal points or an object with "points"`);
  const base = (index: number) => (bare ? [index] : ['points', index]);
  return { rows: list.map((point, index) => ({ point, line: located.lineOf(base(index)) })), lineOf: (index, path) => located.lineOf([...base(index), ...path]) };
}

export interface ImportOutcome {
  problems: string[];
  points: PostalPoint[];
}

/** Reads and checks every row; problems read `row 3 (line 4): communeCentreId names no centre…`. */
export function checkImport(file: string, text: string, knownCentreIds: ReadonlySet<string>): ImportOutcome {
  const csv = extname(file).toLowerCase() === '.csv';
  const json = csv ? undefined : readJsonRows(file, text);
  const rows = csv ? readCsvRows(text) : (json as { rows: Row[] }).rows;
  if (rows.length === 0) return { problems: ['the file holds no postal point'], points: [] };
  const problems = findPostalPointProblems(
    rows.map((r) => r.point),
    knownCentreIds,
  ).map((p) => {
    const line = json ? json.lineOf(p.index, p.path) : (rows[p.index] as Row).line;
    return `row ${p.index + 1} (line ${line}): ${formatPathOf(p.path)} ${p.message}`;
  });
  return { problems, points: problems.length === 0 ? (rows.map((r) => r.point) as PostalPoint[]) : [] };
}

export function registryText(points: PostalPoint[], source: string, at: Date): string {
  const comment = `Public postal points imported from ${source} on ${at.toISOString()} with motcua postal-points import. Official list from the postal operator, as given.`;
  return `{\n  "$comment": ${JSON.stringify(comment)},\n  "sample": false,\n  "points": [\n${points.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]\n}\n`;
}

const usage = 'usage: motcua postal-points import <file.csv|file.json> [--out path]';

export function postalPointsCommand(args: string[], io: { out: (text: string) => void; err: (text: string) => void } = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const [sub, file, ...rest] = args;
  if (sub !== 'import' || !file || file.startsWith('--')) {
    io.err(`${usage}\n`);
    return 2;
  }
  let out = defaultPostalPointsFile;
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] === '--out' && rest[i + 1]) out = rest[++i] as string;
    else {
      io.err(`unknown argument "${rest[i] ?? ''}"\n${usage}\n`);
      return 2;
    }
  }
  let outcome: ImportOutcome;
  try {
    const centreIds = new Set(loadCatalogue().centres.map((c) => c.id));
    outcome = checkImport(file, readFileSync(file, 'utf8'), centreIds);
  } catch (error) {
    io.err(`${file}: ${(error as Error).message}\n`);
    return 1;
  }
  if (outcome.problems.length > 0) {
    io.err(`${file}: ${outcome.problems.length} problem(s), nothing written:\n${outcome.problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  // Written beside and renamed: a reader never sees half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, registryText(outcome.points, file, new Date()));
  renameSync(temporary, out);
  io.out(`${outcome.points.length} postal points written to ${out}\n`);
  return 0;
}
