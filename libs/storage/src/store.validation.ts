/**
 * Checks on the names a caller hands the stores. Service names, collection names and
 * dotted paths end up inside table names, index names and SQL expressions (SQLite
 * cannot bind them as parameters and still use an index), so they are held to a
 * strict alphabet here, once, for both implementations.
 */
import { isRangeCondition, type CollectionSpec, type Doc, type FindOptions, type Filter } from './store.port';
import { invalidSpecError } from './store.errors';

/**
 * No underscore in service names: `<service>_<collection>` must never read the same
 * for two different pairs. `bus` and `storage` prefix tables of their own in the
 * shared SQLite file.
 */
const SERVICE_NAME = /^[a-z][a-z0-9]{0,30}$/;
const RESERVED_SERVICES = new Set(['bus', 'storage']);
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** Names the stores use for each service's own bookkeeping. */
export const RESERVED_COLLECTIONS: ReadonlySet<string> = new Set(['outbox', 'outbox_sequence', 'inbox', 'sequences']);
/** Each segment a plain identifier: no array positions, no `$`, nothing to escape. */
const DOTTED_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service) || RESERVED_SERVICES.has(service)) {
    throw invalidSpecError(`invalid service name "${service}": lower-case letters and digits, starting with a letter, not "bus" or "storage"`);
  }
}

export function assertDottedPath(path: string): void {
  if (!DOTTED_PATH.test(path)) throw invalidSpecError(`invalid field path "${path}": dotted identifiers only, e.g. "applicant.phone"`);
}

export function assertCollectionSpec(spec: CollectionSpec): void {
  if (!COLLECTION_NAME.test(spec.name) || RESERVED_COLLECTIONS.has(spec.name)) {
    throw invalidSpecError(`invalid collection name "${spec.name}": [a-z][a-z0-9_]*, not one of ${[...RESERVED_COLLECTIONS].join(', ')}`);
  }
  for (const index of spec.indexes ?? []) {
    if (index.fields.length === 0) throw invalidSpecError(`collection "${spec.name}": an index needs at least one field`);
    index.fields.forEach(assertDottedPath);
  }
}

export function assertFilter(filter: Filter): void {
  for (const [path, value] of Object.entries(filter)) {
    assertDottedPath(path);
    if (value === undefined) throw invalidSpecError(`filter on "${path}" has no value; use null to match a missing field`);
    if (isRangeCondition(value)) assertRange(path, value);
  }
}

const RANGE_OPERATORS = new Set(['lt', 'lte', 'gt', 'gte']);

function assertRange(path: string, range: object): void {
  const bounds = Object.entries(range);
  if (bounds.length === 0) throw invalidSpecError(`range on "${path}" has no bound`);
  for (const [operator, bound] of bounds) {
    if (!RANGE_OPERATORS.has(operator)) throw invalidSpecError(`range on "${path}": unknown operator "${operator}" (lt, lte, gt, gte)`);
    if (typeof bound !== 'string' && typeof bound !== 'number') throw invalidSpecError(`range on "${path}": ${operator} needs a string or a number`);
  }
}

export function assertFindOptions(options: FindOptions): void {
  for (const key of ['limit', 'offset'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw invalidSpecError(`${key} must be a non-negative integer, got ${value}`);
  }
  for (const sort of options.sort ?? []) assertDottedPath(sort.field);
}

/**
 * Documents are JSON: what either store keeps is exactly what JSON.stringify makes
 * of the object (dates become strings, undefined fields disappear), so both stores
 * hand back the same thing.
 */
export function toStoredJson<T extends Doc>(doc: T): string {
  if (typeof doc.id !== 'string' || doc.id.length === 0) throw invalidSpecError('a document needs a non-empty string id');
  return JSON.stringify(doc);
}
