/**
 * The registry of public postal points (điểm bưu chính công ích) where a result can be
 * collected: its schema, the checks across entries (unique codes, a known centre),
 * and the loader of data/postal-points.json that names `file:line` of a bad entry.
 * The checks take plain rows so `motcua postal-points import` reports a CSV or JSON
 * file's rows the same way before it writes anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';
import { formatPath, shapeChecker, type CatalogueProblem } from './catalogue.schema';
import { defaultCatalogueDir } from './catalogue.loader';

export const PostalPointSchema = Type.Object(
  {
    /** The operator's code; travels in events (contracts' Id), so letters, digits and . _ : - only. */
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.String({ minLength: 1, maxLength: 500 }),
    /** The centre (catalogue id) of the commune the point is in. */
    communeCentreId: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    /** As the operator publishes it, e.g. "T2–T6 07:00–17:00; T7 07:00–11:30". */
    openingHours: Type.String({ minLength: 1, maxLength: 200 }),
    coordinates: Type.Object(
      { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PostalPoint = Static<typeof PostalPointSchema>;

export const PostalPointsFileSchema = Type.Object(
  { $comment: Type.String({ minLength: 1 }), sample: Type.Optional(Type.Boolean()), points: Type.Array(PostalPointSchema, { minItems: 1 }) },
  { additionalProperties: false },
);
export type PostalPointsFile = Static<typeof PostalPointsFileSchema>;

export interface PostalPointRegistry {
  points: PostalPoint[];
  /** True when the file is the shipped sample, not the operator's list. */
  sample: boolean;
  file: string;
}

export const defaultPostalPointsFile = join(defaultCatalogueDir, 'postal-points.json');

const checkPoint = shapeChecker(PostalPointSchema as TSchema);
const checkFile = shapeChecker(PostalPointsFileSchema as TSchema);

/** A problem with row `index` (0-based) of a list of points; `path` is inside the row. */
export interface PostalPointProblem {
  index: number;
  path: (string | number)[];
  message: string;
}

/** Every problem of every row: its shape, then a code seen before, then a centre the catalogue does not know. */
export function findPostalPointProblems(rows: unknown[], knownCentreIds: ReadonlySet<string>): PostalPointProblem[] {
  const problems: PostalPointProblem[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    const shape = checkPoint(row);
    problems.push(...shape.map((p) => ({ index, path: p.path, message: p.message })));
    const { code, communeCentreId } = (row ?? {}) as Partial<PostalPoint>;
    if (typeof code === 'string') {
      const first = firstRowOf.get(code);
      if (first !== undefined) problems.push({ index, path: ['code'], message: `duplicates the code of entry ${first + 1} (${code})` });
      else firstRowOf.set(code, index);
    }
    if (typeof communeCentreId === 'string' && shape.every((p) => p.path[0] !== 'communeCentreId') && !knownCentreIds.has(communeCentreId)) {
      problems.push({ index, path: ['communeCentreId'], message: `names no centre of the catalogue (${communeCentreId})` });
    }
  });
  return problems;
}

const configError = (message: string, details?: Record<string, unknown>) => new AppError(ErrorCodes.CONFIG_INVALID, 'validation', message, { details });

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** A JSON text with the line of any value in it: what the loader and the import report against. */
export interface LocatedJson {
  data: unknown;
  lineOf(path: (string | number)[]): number;
}

export function parseLocatedJson(file: string, text: string): LocatedJson {
  const syntax: ParseError[] = [];
  const tree: Node | undefined = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false });
  const first = syntax[0];
  if (first || !tree) {
    const line = first ? lineAt(text, first.offset) : 1;
    throw configError(`${file}:${line}: not valid JSON (${first ? printParseErrorCode(first.error) : 'empty file'})`, { file, line });
  }
  return {
    data: getNodeValue(tree) as unknown,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth -= 1) {
        const node = findNodeAtLocation(tree, path.slice(0, depth));
        if (node) return lineAt(text, node.offset);
      }
      return 1;
    },
  };
}

/**
 * Loads and checks a postal points file (the shipped sample by default); throws
 * `CONFIG.INVALID` listing `file:line: path message` for every bad entry.
 */
export function loadPostalPoints(knownCentreIds: ReadonlySet<string>, file: string = defaultPostalPointsFile): PostalPointRegistry {
  if (!existsSync(file)) throw configError(`${file}: no such postal points file`, { file });
  const located = parseLocatedJson(file, readFileSync(file, 'utf8'));
  const shape = checkFile(located.data).filter((p) => p.path[0] !== 'points' || p.path.length < 2);
  const rows = (located.data as { points?: unknown }).points;
  const problems: CatalogueProblem[] = [
    ...shape,
    ...(Array.isArray(rows) ? findPostalPointProblems(rows, knownCentreIds).map((p) => ({ path: ['points', p.index, ...p.path], message: p.message })) : []),
  ];
  if (problems.length > 0) {
    const lines = problems.map((p) => ({ file, line: located.lineOf(p.path), path: formatPath(p.path), message: p.message }));
    throw configError(lines.map((p) => `${p.file}:${p.line}: ${p.path} ${p.message}`).join('; '), { problems: lines });
  }
  const data = located.data as PostalPointsFile;
  return { points: data.points, sample: data.sample === true, file };
}

export function findPostalPoint(registry: PostalPointRegistry, code: string): PostalPoint | undefined {
  return registry.points.find((point) => point.code === code);
}
