/**
 * The catalogue: procedures, centres with reception points and transfer rounds, the
 * officers who work there, dossier codes, and the acting officer (token identity, catalogue sectors).
 */
export * from './catalogue.types';
export { defaultCatalogueDir, loadCatalogue } from './catalogue.loader';
export { findCatalogueProblems, type CatalogueData, type CatalogueFile, type FileProblem } from './catalogue.checks';
export { dossierCodeTemplateOf, findCentre, findOfficer, findProcedure, findReceptionPoint, handlesSector, mainReceptionPoint, officersOf } from './catalogue.lookup';
export { dossierSequenceName, formatDossierCode, validateDossierCodeTemplate, type DossierCodeParts } from './dossier-code.format';
export { assertSameCentre, officerFromToken, OfficerIdentityErrors, type AuthenticatedOfficer } from './officer.identity';
export {
  defaultPostalPointsFile,
  findPostalPoint,
  findPostalPointProblems,
  loadPostalPoints,
  parseLocatedJson,
  PostalPointSchema,
  PostalPointsFileSchema,
  type LocatedJson,
  type PostalPoint,
  type PostalPointProblem,
  type PostalPointRegistry,
  type PostalPointsFile,
} from './postal-points.loader';
