/**
 * Who gets a new work item: the specialist of the dossier's centre able to handle the
 * procedure's sector who has the fewest open items; ties go to the lowest officer id,
 * so the choice is the same on every replica and in every test run.
 */
import { handlesSector, officersOf, type Catalogue, type Officer } from '@motcua/catalogue';

/** The centre's specialists who handle `sector` (an officer with no sectors handles all). */
export function eligibleSpecialists(catalogue: Catalogue, centreId: string, sector: string): Officer[] {
  return officersOf(catalogue, centreId, 'specialist').filter((officer) => handlesSector(officer, sector));
}

/** The least-loaded candidate, ties by id; undefined when there is none. */
export function leastLoaded<T extends { id: string }>(candidates: readonly T[], loadOf: (candidate: T) => number): T | undefined {
  let best: { candidate: T; load: number } | undefined;
  for (const candidate of candidates) {
    const load = loadOf(candidate);
    if (!best || load < best.load || (load === best.load && candidate.id < best.candidate.id)) best = { candidate, load };
  }
  return best?.candidate;
}
