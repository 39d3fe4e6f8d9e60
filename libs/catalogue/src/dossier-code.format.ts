/**
 * Dossier codes from a centre's template, e.g. `{centreCode}-{yymmdd}-{seq:4}` →
 * `PDN-251124-0007`. The date is the Vietnam calendar day of receipt, and the
 * sequence restarts each local day per centre (see dossierSequenceName), so the date
 * in a template is what keeps codes unique: the official format is unconfirmed
 * (DOMAIN-NOTES), hence configurable.
 */
import { AppError, ErrorCodes } from '@motcua/errors';
import { localDateOf } from '@motcua/working-time';

export interface DossierCodeParts {
  centreCode: string;
  receivedAt: Date;
  /** 1-based number of the dossier in the centre's sequence for that local day. */
  sequence: number;
}

type Token = { kind: 'literal'; text: string } | { kind: 'placeholder'; name: string; width?: number };

/** The longest dossier code the contracts accept. */
const MAX_CODE_LENGTH = 64;
/** Longest centre code the catalogue schema allows; used to bound a template's output. */
const MAX_CENTRE_CODE_LENGTH = 8;
/** Characters a code may contain outside placeholders: codes appear in URLs and on paper. */
const LITERAL_PATTERN = /^[A-Za-z0-9._-]*$/;
const PLACEHOLDER_WIDTH: Record<string, number> = { centreCode: MAX_CENTRE_CODE_LENGTH, yymmdd: 6, yyyymmdd: 8, yyyy: 4 };

/** Splits a template into literals and placeholders; throws a readable message when it cannot. */
function parseTemplate(template: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\{([^{}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match.index > last) tokens.push({ kind: 'literal', text: template.slice(last, match.index) });
    tokens.push(parsePlaceholder(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'literal', text: template.slice(last) });
  for (const token of tokens) {
    if (token.kind === 'literal' && /[{}]/.test(token.text)) throw new Error(`has an unmatched brace in "${token.text}"`);
    if (token.kind === 'literal' && !LITERAL_PATTERN.test(token.text)) throw new Error(`has "${token.text}": outside placeholders only letters, digits, '.', '_' and '-' are allowed`);
  }
  return tokens;
}

function parsePlaceholder(body: string): Token {
  const seq = /^seq:(\d+)$/.exec(body);
  if (seq) {
    const width = Number(seq[1]);
    if (width < 1 || width > 10) throw new Error(`has {${body}}: the sequence width must be 1 to 10`);
    return { kind: 'placeholder', name: 'seq', width };
  }
  if (body in PLACEHOLDER_WIDTH) return { kind: 'placeholder', name: body };
  throw new Error(`has an unknown placeholder {${body}} (known: {centreCode} {yymmdd} {yyyymmdd} {yyyy} {seq:N})`);
}

/**
 * Why a template cannot make dossier codes, or undefined when it can. It must parse,
 * hold exactly one `{seq:N}`, and its codes must fit the contracts' 64 characters.
 * Because the sequence restarts per centre and per local day, a template without
 * `{centreCode}` or without a full day (`{yymmdd}`/`{yyyymmdd}`) would repeat codes.
 */
export function validateDossierCodeTemplate(template: string): string | undefined {
  let tokens: Token[];
  try {
    tokens = parseTemplate(template);
  } catch (error) {
    return `template "${template}" ${(error as Error).message}`;
  }
  const sequences = tokens.filter((token) => token.kind === 'placeholder' && token.name === 'seq').length;
  if (sequences !== 1) return `template "${template}" must contain exactly one {seq:N}, found ${sequences}`;
  const names = new Set(tokens.map((token) => (token.kind === 'placeholder' ? token.name : '')));
  if (!names.has('centreCode')) return `template "${template}" must contain {centreCode}: sequences are per centre, so codes would repeat across centres`;
  if (!names.has('yymmdd') && !names.has('yyyymmdd')) return `template "${template}" must contain {yymmdd} or {yyyymmdd}: sequences restart each day, so codes would repeat across days`;
  const longest = tokens.reduce((length, token) => length + (token.kind === 'literal' ? token.text.length : (token.width ?? PLACEHOLDER_WIDTH[token.name] ?? 0)), 0);
  if (longest > MAX_CODE_LENGTH) return `template "${template}" can make codes of ${longest} characters, more than ${MAX_CODE_LENGTH}`;
  return undefined;
}

function placeholderValue(token: Extract<Token, { kind: 'placeholder' }>, parts: DossierCodeParts, localDate: string): string {
  const [yyyy = '', mm = '', dd = ''] = localDate.split('-');
  switch (token.name) {
    case 'centreCode':
      return parts.centreCode;
    case 'yymmdd':
      return `${yyyy.slice(2)}${mm}${dd}`;
    case 'yyyymmdd':
      return `${yyyy}${mm}${dd}`;
    case 'yyyy':
      return yyyy;
    default:
      return String(parts.sequence).padStart(token.width ?? 1, '0');
  }
}

/**
 * The dossier code for a receipt, e.g. `formatDossierCode('{centreCode}-{yymmdd}-{seq:4}',
 * { centreCode: 'PDN', receivedAt, sequence: 7 })` → `PDN-251124-0007`. A sequence wider
 * than `{seq:N}` is written in full rather than cut, so codes stay unique.
 */
export function formatDossierCode(template: string, parts: DossierCodeParts): string {
  const problem = validateDossierCodeTemplate(template);
  if (problem) throw new AppError(ErrorCodes.CONFIG_INVALID, 'internal', problem, { retryable: false });
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1) {
    throw new AppError(ErrorCodes.INTERNAL, 'internal', `dossier sequence must be a positive integer, got ${parts.sequence}`, { retryable: false });
  }
  const localDate = localDateOf(parts.receivedAt);
  return parseTemplate(template)
    .map((token) => (token.kind === 'literal' ? token.text : placeholderValue(token, parts, localDate)))
    .join('');
}

/** The storage sequence that numbers a centre's dossiers: a new one each Vietnam calendar day. */
export function dossierSequenceName(centreId: string, receivedAt: Date): string {
  return `dossier-code:${centreId}:${localDateOf(receivedAt).replace(/-/g, '')}`;
}
