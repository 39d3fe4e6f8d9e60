/**
 * Finding things in a loaded catalogue: a procedure by code, a centre, a reception
 * point, an officer, the officers of a centre in a role. `find*` return undefined when
 * absent; callers decide whether that is a 404 or a 400.
 */
import type { Catalogue, Centre, Officer, Procedure, ReceptionPoint } from './catalogue.types';

export function findProcedure(catalogue: Catalogue, code: string): Procedure | undefined {
  return catalogue.procedures.find((procedure) => procedure.code === code);
}

export function findCentre(catalogue: Catalogue, id: string): Centre | undefined {
  return catalogue.centres.find((centre) => centre.id === id);
}

/** The reception point `pointId` of centre `centreId`; undefined when either is unknown or the point belongs elsewhere. */
export function findReceptionPoint(catalogue: Catalogue, centreId: string, pointId: string): ReceptionPoint | undefined {
  return findCentre(catalogue, centreId)?.receptionPoints.find((point) => point.id === pointId);
}

/** The centre's main reception point (the loader guarantees exactly one). */
export function mainReceptionPoint(centre: Centre): ReceptionPoint {
  const main = centre.receptionPoints.find((point) => point.kind === 'main');
  if (!main) throw new Error(`centre ${centre.id} has no main reception point`);
  return main;
}

export function findOfficer(catalogue: Catalogue, id: string): Officer | undefined {
  return catalogue.officers.find((officer) => officer.id === id);
}

/** Officers of a centre in a role, in file order. */
export function officersOf(catalogue: Catalogue, centreId: string, role: Officer['role']): Officer[] {
  return catalogue.officers.filter((officer) => officer.centreId === centreId && officer.role === role);
}

/** Whether an officer may handle procedures of `sector` (an empty sector list means all). */
export function handlesSector(officer: Officer, sector: string): boolean {
  return officer.sectors.length === 0 || officer.sectors.includes(sector);
}

/** The dossier-code template of a centre: its own, or the catalogue default. */
export function dossierCodeTemplateOf(catalogue: Catalogue, centre: Centre): string {
  return centre.dossierCodeTemplate ?? catalogue.defaultDossierCodeTemplate;
}
