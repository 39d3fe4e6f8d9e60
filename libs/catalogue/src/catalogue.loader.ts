/**
 * Reads the catalogue at start-up from data/procedures.json, centres.json and
 * officers.json. A bad entry stops start-up with a `CONFIG.INVALID` error naming
 * `file:line`, the entry and the field, because a wrong centre or officer silently
 * misroutes dossiers. Lines come from jsonc-parser's syntax tree, as in the calendar loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { TSchema } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';
import { CentresFileSchema, OfficersFileSchema, ProceduresFileSchema, formatPath, shapeChecker, type CatalogueProblem } from './catalogue.schema';
import { findCatalogueProblems, type CatalogueFile } from './catalogue.checks';
import type { Catalogue, Centre, Officer, Procedure } from './catalogue.types';

/** The data shipped with this library. */
export const defaultCatalogueDir = join(__dirname, '..', 'data');

interface ParsedFile {
  file: string;
  text: string;
  tree: Node;
  data: Record<string, unknown>;
}

const configError = (message: string, details?: Record<string, unknown>) => new AppError(ErrorCodes.CONFIG_INVALID, 'validation', message, { details });

const checkers: Record<CatalogueFile, (data: unknown) => CatalogueProblem[]> = {
  procedures: shapeChecker(ProceduresFileSchema as TSchema),
  centres: shapeChecker(CentresFileSchema as TSchema),
  officers: shapeChecker(OfficersFileSchema as TSchema),
};

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Line of the value at `path`, or of its nearest enclosing value when it is missing. */
function lineOfPath(parsed: ParsedFile, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = findNodeAtLocation(parsed.tree, path.slice(0, depth));
    if (node) return lineAt(parsed.text, node.offset);
  }
  return 1;
}

function readJsonFile(file: string): ParsedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw configError(`${file}: cannot be read (${(error as Error).message})`, { file });
  }
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false });
  const firstSyntaxError = syntax[0];
  if (firstSyntaxError || !tree) {
    const line = firstSyntaxError ? lineAt(text, firstSyntaxError.offset) : 1;
    throw configError(`${file}:${line}: not valid JSON (${firstSyntaxError ? printParseErrorCode(firstSyntaxError.error) : 'empty file'})`, { file, line });
  }
  return { file, text, tree, data: getNodeValue(tree) as Record<string, unknown> };
}

/** Throws one error listing every problem as `file:line: path message`. */
function throwProblems(problems: { parsed: ParsedFile; problem: CatalogueProblem }[]): void {
  if (problems.length === 0) return;
  const located = problems.map(({ parsed, problem }) => ({ file: parsed.file, line: lineOfPath(parsed, problem.path), path: formatPath(problem.path), message: problem.message }));
  throw configError(located.map((p) => `${p.file}:${p.line}: ${p.path} ${p.message}`).join('; '), { problems: located });
}

/** Loads and checks the catalogue; throws `CONFIG.INVALID` naming file:line of each bad entry. */
export function loadCatalogue(dataDir: string = defaultCatalogueDir): Catalogue {
  const files: Record<CatalogueFile, ParsedFile> = {
    procedures: readJsonFile(join(dataDir, 'procedures.json')),
    centres: readJsonFile(join(dataDir, 'centres.json')),
    officers: readJsonFile(join(dataDir, 'officers.json')),
  };
  const names = Object.keys(files) as CatalogueFile[];
  throwProblems(names.flatMap((name) => checkers[name](files[name].data).map((problem) => ({ parsed: files[name], problem }))));

  const procedures = files.procedures.data['procedures'] as Procedure[];
  const centres = files.centres.data['centres'] as Centre[];
  const officers = files.officers.data['officers'] as Officer[];
  const defaultDossierCodeTemplate = files.centres.data['defaultDossierCodeTemplate'] as string;
  throwProblems(findCatalogueProblems({ procedures, centres, officers, defaultDossierCodeTemplate }).map((problem) => ({ parsed: files[problem.file], problem })));

  return {
    procedures,
    centres,
    officers,
    sampleCentres: files.centres.data['sample'] === true,
    defaultDossierCodeTemplate,
  };
}
