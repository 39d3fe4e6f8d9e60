/**
 * The rules a catalogue must satisfy beyond each file's shape: unique ids and codes,
 * one main reception point per centre, round times in order, officers of known
 * centres and sectors, known return channels, usable dossier-code templates. Pure:
 * each problem names the file and the path of the offending value.
 */
import { knownReturnChannels, type CatalogueProblem } from './catalogue.schema';
import { validateDossierCodeTemplate } from './dossier-code.format';
import type { Centre, Officer, Procedure } from './catalogue.types';

export type CatalogueFile = 'procedures' | 'centres' | 'officers';

export interface FileProblem extends CatalogueProblem {
  file: CatalogueFile;
}

export interface CatalogueData {
  procedures: Procedure[];
  centres: Centre[];
  defaultDossierCodeTemplate: string;
  officers: Officer[];
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:mm`; undefined when the text is not a time of day. */
function minutesOf(hhmm: string): number | undefined {
  const match = TIME_OF_DAY.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Problems for every value of `key` seen before, naming where it was first seen. */
function duplicates<T>(file: CatalogueFile, list: string, entries: T[], key: keyof T & string): FileProblem[] {
  const firstIndex = new Map<unknown, number>();
  const problems: FileProblem[] = [];
  entries.forEach((entry, index) => {
    const value = entry[key];
    if (value === undefined) return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else problems.push({ file, path: [list, index, key], message: `${String(value)} is already used by ${list}[${first}]` });
  });
  return problems;
}

function procedureProblems(procedures: Procedure[]): FileProblem[] {
  const problems = duplicates('procedures', 'procedures', procedures, 'code');
  procedures.forEach((procedure, index) => {
    procedure.returnChannels.forEach((channel, channelIndex) => {
      if (!knownReturnChannels.has(channel)) {
        problems.push({ file: 'procedures', path: ['procedures', index, 'returnChannels', channelIndex], message: `${channel} is not a return channel (known: ${[...knownReturnChannels].join(', ')})` });
      }
    });
  });
  return problems;
}

function roundProblems(centre: Centre, index: number): FileProblem[] {
  const problems: FileProblem[] = [];
  let previous = -1;
  centre.transferRounds.forEach((round, roundIndex) => {
    const path = ['centres', index, 'transferRounds', roundIndex];
    const minutes = minutesOf(round);
    if (minutes === undefined) problems.push({ file: 'centres', path, message: `${round} is not a time of day HH:mm` });
    else if (minutes <= previous) problems.push({ file: 'centres', path, message: `${round} is not after the round before it: rounds must be in ascending order` });
    previous = Math.max(previous, minutes ?? previous);
  });
  const hasSatellites = centre.receptionPoints.some((point) => point.kind === 'satellite');
  if (hasSatellites && centre.transferRounds.length === 0) {
    problems.push({ file: 'centres', path: ['centres', index, 'transferRounds'], message: 'is empty but the centre has satellite reception points: their dossiers would never reach the main centre' });
  }
  return problems;
}

function centreProblems(centres: Centre[], defaultTemplate: string): FileProblem[] {
  const problems = [...duplicates('centres', 'centres', centres, 'id'), ...duplicates('centres', 'centres', centres, 'code'), ...duplicates('centres', 'centres', centres, 'adminUnitCode')];
  const defaultProblem = validateDossierCodeTemplate(defaultTemplate);
  if (defaultProblem) problems.push({ file: 'centres', path: ['defaultDossierCodeTemplate'], message: defaultProblem });
  const pointOwner = new Map<string, string>();
  centres.forEach((centre, index) => {
    const mains = centre.receptionPoints.filter((point) => point.kind === 'main').length;
    if (mains !== 1) problems.push({ file: 'centres', path: ['centres', index, 'receptionPoints'], message: `has ${mains} main reception points, needs exactly one` });
    centre.receptionPoints.forEach((point, pointIndex) => {
      const owner = pointOwner.get(point.id);
      if (owner) problems.push({ file: 'centres', path: ['centres', index, 'receptionPoints', pointIndex, 'id'], message: `${point.id} is already a reception point of ${owner}` });
      else pointOwner.set(point.id, `centres[${index}] (${centre.id})`);
    });
    problems.push(...roundProblems(centre, index));
    if (centre.dossierCodeTemplate !== undefined) {
      const templateProblem = validateDossierCodeTemplate(centre.dossierCodeTemplate);
      if (templateProblem) problems.push({ file: 'centres', path: ['centres', index, 'dossierCodeTemplate'], message: templateProblem });
    }
  });
  return problems;
}

function officerProblems(officers: Officer[], centres: Centre[], procedures: Procedure[]): FileProblem[] {
  const problems = duplicates('officers', 'officers', officers, 'id');
  const centreIds = new Set(centres.map((centre) => centre.id));
  const sectors = new Set(procedures.map((procedure) => procedure.sector));
  officers.forEach((officer, index) => {
    if (!centreIds.has(officer.centreId)) problems.push({ file: 'officers', path: ['officers', index, 'centreId'], message: `${officer.centreId} is not a centre in centres.json` });
    // A misspelt sector silently means the specialist is never given work of that sector.
    officer.sectors.forEach((sector, sectorIndex) => {
      if (!sectors.has(sector)) problems.push({ file: 'officers', path: ['officers', index, 'sectors', sectorIndex], message: `${sector} is not the sector of any procedure (known: ${[...sectors].join(', ')})` });
    });
  });
  return problems;
}

/** Everything wrong across the three files, once each file has the right shape. */
export function findCatalogueProblems(data: CatalogueData): FileProblem[] {
  return [
    ...procedureProblems(data.procedures),
    ...centreProblems(data.centres, data.defaultDossierCodeTemplate),
    ...officerProblems(data.officers, data.centres, data.procedures),
  ];
}
