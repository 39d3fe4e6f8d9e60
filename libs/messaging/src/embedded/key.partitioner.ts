/**
 * Which partition of the embedded log a key goes to. Every event of one dossier has
 * the same key, so it lands in one partition and keeps its order; the hash is
 * SHA-256 so the mapping never changes between Node versions or restarts (a changed
 * mapping would let a dossier's next event overtake one still queued elsewhere).
 */
import { createHash } from 'node:crypto';

export function partitionForKey(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % partitions;
}
