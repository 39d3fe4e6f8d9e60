/**
 * Reads the calendar data folder at start-up: every `*.json` in it is one year, so an
 * operator adds a year by adding a file. A bad entry stops start-up with a
 * `CONFIG.INVALID` error naming the file and the line of the entry, because a wrong
 * holiday silently shifts every appointment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { AppError, ErrorCodes } from '@motcua/errors';
import { findCalendarProblems, formatPath, type CalendarYear } from './calendar.schema';
import { WorkingCalendar } from './working-calendar';

/** The calendar files shipped with this library (2025 onwards). */
export const defaultCalendarDir = join(__dirname, '..', 'data', 'calendar');

const configError = (message: string, details?: Record<string, unknown>) => new AppError(ErrorCodes.CONFIG_INVALID, 'validation', message, { details });

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Line of the value at `path`, or of its nearest enclosing value when it is missing. */
function lineOfPath(text: string, tree: Node, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (node) return lineAt(text, node.offset);
  }
  return 1;
}

/** One year's file, parsed and checked; throws naming the file and line of each bad entry. */
function readCalendarFile(file: string): { calendar: CalendarYear; lineOfYear: number } {
  const text = readFileSync(file, 'utf8');
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false });
  const firstSyntaxError = syntax[0];
  if (firstSyntaxError || !tree) {
    const where = firstSyntaxError ? lineAt(text, firstSyntaxError.offset) : 1;
    throw configError(`${file}:${where}: not valid JSON (${firstSyntaxError ? printParseErrorCode(firstSyntaxError.error) : 'empty file'})`, { file, line: where });
  }
  const data: unknown = getNodeValue(tree);
  const problems = findCalendarProblems(data).map((p) => ({ line: lineOfPath(text, tree, p.path), path: formatPath(p.path), message: p.message }));
  if (problems.length > 0) {
    throw configError(problems.map((p) => `${file}:${p.line}: ${p.path} ${p.message}`).join('; '), { file, problems });
  }
  return { calendar: data as CalendarYear, lineOfYear: lineOfPath(text, tree, ['year']) };
}

/** Builds the working calendar from every `*.json` in `dir`. */
export function loadCalendar(dir: string = defaultCalendarDir): WorkingCalendar {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (names.length === 0) throw configError(`${dir}: no calendar files (*.json) found`, { dir });
  const fileOfYear = new Map<number, string>();
  const calendars: CalendarYear[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const { calendar, lineOfYear } = readCalendarFile(file);
    // A file named for a year must hold that year: 2027.json holding 2026 is a copy-paste slip.
    const namedYear = /^(\d{4})\.json$/.exec(basename(name))?.[1];
    if (namedYear && Number(namedYear) !== calendar.year) throw configError(`${file}:${lineOfYear}: year ${calendar.year} does not match the file name ${name}`, { file, line: lineOfYear });
    const other = fileOfYear.get(calendar.year);
    if (other) throw configError(`${file}:${lineOfYear}: year ${calendar.year} is already given by ${other}`, { file, line: lineOfYear });
    fileOfYear.set(calendar.year, file);
    calendars.push(calendar);
  }
  return new WorkingCalendar(calendars);
}
